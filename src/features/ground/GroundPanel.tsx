// Ground: the cell, the largest window, the slope, the elevation threshold and the low noise depth
// (each empty for its default), whether low noise is taken out first, the split, and what it found:
// the ground's points and share, the low noise, how it was read, and the ground (or what stands on
// it) shown alone.
import { useState } from 'react';
import { formatCount, formatNumber, parseDecimal } from '../../core/format';
import { GROUND_CELL_M, GROUND_FIELD, GROUND_NOISE_DEPTH_M, GROUND_SLOPE, GROUND_THRESHOLD_M, GROUND_WINDOW_M, type GroundParameters } from '../../core/geometry/ground';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import type { GroundView } from '../../state/slices/ground';
import { LabelFieldNote } from '../LabelFieldNote';
import { cancelGround, findGroundOfLayer, unitsPerMetreOf } from './ground';
import { groundShownOf, showGround, type GroundShown } from './groundShown';

/** Each field's default, in metres where it is a length; the cell's depends on the footprint. */
const FIELDS = [
  { key: 'cell', label: 'Cell', length: true, placeholder: null, title: `The grid's cell, whose lowest point the ground surface starts from. Empty: ${GROUND_CELL_M} m, finer over a footprint under 50 m across` },
  { key: 'maxWindow', label: 'Max window', length: true, placeholder: GROUND_WINDOW_M, title: 'The radius of the largest opening: what stands up narrower than twice it (a building, a tree) is taken off the ground' },
  { key: 'slope', label: 'Slope', length: false, placeholder: GROUND_SLOPE, title: 'The steepest the ground rises, a rise over a run (0.15 for 15%): a cell an opening lowers by more stands on the ground' },
  { key: 'threshold', label: 'Threshold', length: true, placeholder: GROUND_THRESHOLD_M, title: 'How far a point may lie from the ground surface and be ground, more on steep ground' },
  {
    key: 'noiseDepth',
    label: 'Low noise depth',
    length: true,
    placeholder: GROUND_NOISE_DEPTH_M,
    title: 'How far below the ground around it (in cells ten times the cell) a point lies to be low noise, class 7, left out of the search',
  },
] as const;

const SHOWN: { value: GroundShown; label: string }[] = [
  { value: 'all', label: 'All points' },
  { value: 'ground', label: 'Ground only' },
  { value: 'standing', label: 'Not ground only' },
];

type Typed = Record<(typeof FIELDS)[number]['key'], string>;

/** A parameter as a person would type it, to 4 digits: "0.5", "3.281". */
const typedLike = (v: number) => String(Number(v.toPrecision(4)));

/**
 * A field's default as its placeholder shows it, in the layer's unit: "18" (59.06 in feet), "auto"
 * for the cell, which is 1 m only over a footprint 50 m across or more (a room takes a few cm).
 */
function defaultShown(f: (typeof FIELDS)[number], unitsPerMetre: number): string {
  if (f.placeholder === null) return 'auto';
  return typedLike(f.length ? f.placeholder * unitsPerMetre : f.placeholder);
}

/** A length in the layer's unit ('' for the file's own, read as metres): "0.5 m". */
const lengthText = (v: number, unit: string) => `${typedLike(v)} ${unit || 'm'}`;
const shareText = (n: number, of: number) => `${formatNumber((100 * n) / Math.max(1, of), 1)}%`;

/** How the low noise was looked for, and what was found. */
function lowNoiseText({ lowNoise, noiseDepth, noiseCell, unit }: Extract<GroundView, { status: 'done' }>): string {
  if (noiseDepth === null || noiseCell === null) return 'Low noise was not looked for: every point was searched. ';
  const below = `more than ${lengthText(noiseDepth, unit)} below the ground around`;
  const cells = `(in ${lengthText(noiseCell, unit)} cells)`;
  if (!lowNoise) return `No point lay ${below} it ${cells}: none was taken for low noise. `;
  return `${lowNoise === 1 ? 'One point lay' : `${formatCount(lowNoise)} points lay`} ${below} ${lowNoise === 1 ? 'it' : 'them'} ${cells}: low noise, class 7, left out of the search. `;
}

function Found({ view }: { view: Extract<GroundView, { status: 'done' }> }) {
  const held = useAppStore((s) => s.layerData?.geometry.fields[GROUND_FIELD] !== undefined);
  const shown = useAppStore(groundShownOf);
  const searched = view.ground + view.notGround + view.lowNoise;
  const leftOut = view.total - searched;
  const { unit } = view;
  return (
    <>
      <p data-testid="ground-found" data-ground={view.ground} data-not-ground={view.notGround} data-low-noise={view.lowNoise}>
        <strong>{formatCount(view.ground)} ground points</strong> ({shareText(view.ground, searched)}) and {formatCount(view.notGround)} standing on it ({shareText(view.notGround, searched)})
        {view.lowNoise > 0 && `, ${formatCount(view.lowNoise)} low noise (${shareText(view.lowNoise, searched)}),`} of the {formatCount(searched)} {leftOut ? 'kept points' : 'points'} searched
      </p>
      <p className="muted" data-testid="ground-why">
        The lowest point of each {lengthText(view.cell, unit)} cell ({view.columns} × {view.rows}), opened with windows up to {lengthText(view.maxWindow, unit)}: {formatCount(view.objectCells)}{' '}
        {view.objectCells === 1 ? 'cell rises' : 'cells rise'} more steeply than a slope of {typedLike(view.slope)} from the ground around. A point is ground within {lengthText(view.threshold, unit)} of
        the ground surface, and {lengthText(view.scalar, unit)} more for each unit of its slope.{' '}
        {lowNoiseText(view)}
        Heights along the layer&apos;s up ({view.up}).{' '}
        {!unit && 'The file declares no unit: its lengths are read as metres. '}
        {leftOut > 0 && `The ${formatCount(leftOut)} points the clip or the hidden stray points leave out were not searched (0 in the field). `}
        Found in {formatNumber(view.ms / 1000, 1)} s.
      </p>
      {held && (
        <div className="choices" role="radiogroup" aria-label="Show" data-testid="ground-shown">
          <span className="choices-name">Show</span>
          {SHOWN.map((o) => (
            <label key={o.value} className="check">
              <input type="radio" name="ground-shown" data-testid={`ground-shown-${o.value}`} checked={shown === o.value} onChange={() => showGround(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      )}
      <LabelFieldNote field={GROUND_FIELD} none="2 ground, 1 not ground, 7 low noise, the LAS classes a LAS export takes from it" held={held} staleTestId="ground-stale" />
    </>
  );
}

export function GroundPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.ground);
  const unit = useAppStore(lengthUnitOf);
  const unitsPerMetre = useAppStore(unitsPerMetreOf);
  const [typed, setTyped] = useState<Typed>({ cell: '', maxWindow: '', slope: '', threshold: '', noiseDepth: '' });
  const [lowNoise, setLowNoise] = useState(true);
  if (!layer) return <p className="muted">Open a file to find its ground.</p>;
  const busy = view?.status === 'running';
  const parameters: GroundParameters = lowNoise ? {} : { lowNoise: false };
  const doubtful: string[] = [];
  for (const f of FIELDS) {
    const text = typed[f.key].trim();
    if (!text) continue;
    const v = parseDecimal(text);
    if (v === null) doubtful.push(`${f.label.toLowerCase()} "${text}"`);
    else parameters[f.key] = v;
  }
  return (
    <div className="controls" data-testid="ground">
      <div className="fields">
        {FIELDS.map((f) => (
          <label key={f.key} title={f.title}>
            {f.label}
            {f.length && unit ? ` (${unit})` : ''}
            <input
              data-testid={`ground-${f.key}`}
              inputMode="decimal"
              placeholder={defaultShown(f, unitsPerMetre)}
              value={typed[f.key]}
              disabled={busy || (f.key === 'noiseDepth' && !lowNoise)}
              onChange={(e) => setTyped({ ...typed, [f.key]: e.target.value })}
            />
          </label>
        ))}
      </div>
      <label className="check" title="As PDAL runs filters.elm before filters.smrf: a stray far below the ground would pull the ground surface down into a pit">
        <input type="checkbox" data-testid="ground-low-noise" checked={lowNoise} disabled={busy} onChange={(e) => setLowNoise(e.target.checked)} />
        Take low noise out first
      </label>
      {doubtful.length > 0 && (
        <p className="error-text" data-testid="ground-problem">
          The {doubtful.join(' and ')} {doubtful.length === 1 ? 'is no number' : 'are no numbers'} pointlens can be sure of: type one such as 0.5 (a point or a comma as its decimal mark), or leave it
          empty for the default.
        </p>
      )}
      {busy ? (
        <p className="muted" data-testid="ground-running">
          Finding the ground… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelGround}>Cancel</button>
        </p>
      ) : (
        <button
          data-testid="ground-find"
          disabled={doubtful.length > 0}
          onClick={() => void findGroundOfLayer(parameters)}
          title="Pingel's Simple Morphological Filter (SMRF), as PDAL's filters.smrf: the lowest points of a grid, opened with growing windows, then each point against the ground surface left"
        >
          Find ground
        </button>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="ground-error">
          {view.message}
        </p>
      )}
      {view?.status === 'done' && <Found view={view} />}
    </div>
  );
}
