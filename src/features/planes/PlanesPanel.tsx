// Planes: the distance threshold, the smallest plane and how many to find, the search, and each
// plane found: its points, how it lies, its normal, dip, RMS and size.
import { useState } from 'react';
import { formatCount, formatNumber, parseDecimal, plural } from '../../core/format';
import { MAX_PLANES, MIN_PLANE_SHARE, PLANE_FIELD, PLANE_SPACINGS, PLANES_BY_DEFAULT } from '../../core/geometry/planes';
import { paletteColor } from '../../core/color/labelTable';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import type { PlanesView } from '../../state/slices/planes';
import { cancelPlanes, findPlanesOfLayer, type PlaneParameters } from './planes';
import { dipText, extentText, lengthText, lieText, normalText, shareText } from './planeText';
import './planes.css';
import { FetchedSinceNote } from '../FetchedSinceNote';
import { LabelFieldNote } from '../LabelFieldNote';
import { rowHighlightProps, useRowHighlightCleared } from '../rowHighlight';

/** A whole number as typed; undefined where the field is empty (its default), NaN where it holds no number. */
const typedWhole = (text: string) => (text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : NaN);

function Found({ view }: { view: Extract<PlanesView, { status: 'done' }> }) {
  const { unit } = view;
  const labels = useAppStore((s) => s.layerData?.geometry.fields[PLANE_FIELD]);
  const held = labels !== undefined;
  useRowHighlightCleared(PLANE_FIELD);
  const onPlanes = view.planes.reduce((t, p) => t + p.points, 0);
  const leftOut = view.total - view.points;
  return (
    <>
      <p data-testid="planes-found" data-count={view.planes.length}>
        <strong>{plural(view.planes.length, 'plane')}</strong> holding {shareText(onPlanes, view.points)} of the {formatCount(view.points)} {leftOut ? 'kept points' : 'points'}{' '}
        searched
      </p>
      <p className="muted" data-testid="planes-why">
        A point is on a plane within {lengthText(view.distance, unit)}
        {view.autoDistance && ` (${PLANE_SPACINGS} times the points' spacing, ${lengthText(view.spacing, unit)})`}; a plane holds {formatCount(view.minPoints)} points or
        more, its largest connected piece. {leftOut > 0 && `The ${formatCount(leftOut)} points the clip or the hidden stray points leave out were not searched. `}
        Tilts are from the layer&apos;s up ({view.up}). Found in {formatNumber(view.ms / 1000, 1)} s.
      </p>
      <ol className="plane-list" data-testid="plane-list">
        {view.planes.map((p, i) => (
          <li key={i} {...rowHighlightProps(view.layerId, PLANE_FIELD, i + 1)} data-testid="plane-row" data-points={p.points} data-orientation={p.orientation} data-tilt={p.tilt} data-curved={p.curved}>
            <span className="plane-swatch" style={{ background: `rgb(${paletteColor(i + 1).join(',')})` }} />
            <strong>plane {i + 1}</strong> {lieText(p)}, {shareText(p.points, view.points)}
            <div className="muted">
              normal {normalText(p)} · dip / direction {dipText(p)} · RMS {lengthText(p.rms, unit)} · {extentText(p, unit)}
            </div>
            {p.curved && (
              <div className="plane-curved" data-testid="plane-curved" title="Its points bend across it by the distance threshold or more: a band of a curved surface (a column, a mug) the threshold let pass as flat">
                curved surface: not one plane
              </div>
            )}
          </li>
        ))}
      </ol>
      <FetchedSinceNote values={labels} what="plane" shown="drawn grey" again="Find the planes again" testId="planes-fetched-since" />
      <LabelFieldNote field={PLANE_FIELD} none="-1 for no plane" held={held} staleTestId="planes-stale" />
    </>
  );
}

export function PlanesPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.planes);
  const unit = useAppStore(lengthUnitOf);
  const [typed, setTyped] = useState({ distance: '', minPoints: '', maxPlanes: String(PLANES_BY_DEFAULT) });
  if (!layer) return <p className="muted">Open a file to find its planes.</p>;
  const busy = view?.status === 'running';
  const distance = typed.distance.trim() ? parseDecimal(typed.distance) : undefined;
  const parameters: PlaneParameters = {
    ...(distance !== undefined && { distance: distance ?? NaN }),
    ...(typedWhole(typed.minPoints) !== undefined && { minPoints: typedWhole(typed.minPoints) }),
    maxPlanes: typedWhole(typed.maxPlanes) ?? NaN,
  };
  return (
    <div className="controls" data-testid="planes">
      <div className="fields three">
        <label title={`How far a point may lie from a plane and be on it. Empty: ${PLANE_SPACINGS} times the points' median spacing`}>
          Distance{unit ? ` (${unit})` : ''}
          <input data-testid="planes-distance" inputMode="decimal" placeholder="auto" value={typed.distance} disabled={busy} onChange={(e) => setTyped({ ...typed, distance: e.target.value })} />
        </label>
        <label title={`A plane holds at least this many points. Empty: ${formatNumber(100 * MIN_PLANE_SHARE, 0)}% of the points searched`}>
          Min points
          <input data-testid="planes-min-points" inputMode="numeric" placeholder={`${formatNumber(100 * MIN_PLANE_SHARE, 0)}%`} value={typed.minPoints} disabled={busy} onChange={(e) => setTyped({ ...typed, minPoints: e.target.value })} />
        </label>
        <label title="Planes found at most, the largest first">
          Planes
          <input data-testid="planes-max-planes" type="number" min={1} max={MAX_PLANES} step={1} value={typed.maxPlanes} disabled={busy} onChange={(e) => setTyped({ ...typed, maxPlanes: e.target.value })} />
        </label>
      </div>
      {distance === null && (
        <p className="error-text" data-testid="planes-distance-problem">
          &quot;{typed.distance.trim()}&quot; is no number pointlens can be sure of: type one such as 0.02 (a point or a comma as its decimal mark), or leave it empty for the default.
        </p>
      )}
      {busy ? (
        <p className="muted" data-testid="planes-running">
          Finding planes… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelPlanes}>Cancel</button>
        </p>
      ) : (
        <button
          data-testid="planes-find"
          disabled={distance === null}
          onClick={() => void findPlanesOfLayer(parameters)}
          title="Planes found one after another by RANSAC among the points kept, each fitted by least squares to its points and kept to its largest connected piece"
        >
          Find planes
        </button>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="planes-error">
          {view.message}
        </p>
      )}
      {view?.status === 'done' && <Found view={view} />}
    </div>
  );
}
