// Volume: the grid's cell and each cell's height, what empty cells take, the base (a level one or
// another layer), the run, and the fill, cut and net volume with the area covered, said to be of
// other points where they changed since; the grid exported as an ESRI ASCII grid, and its contour lines.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount, formatNumber, parseDecimal, plural } from '../../core/format';
import type { EmptyCells } from '../../core/geometry/gridVolume';
import { GROUND_FIELD } from '../../core/geometry/ground';
import { groundSourceSaid } from '../../core/geometry/groundPoints';
import { CELL_SPACINGS, type CellHeight } from '../../core/geometry/heightGrid';
import { heightsAlongNote } from '../../core/geometry/heightsAlong';
import { heightOfOrigin } from '../../core/io/shift';
import { lengthUnitOf } from '../../state/measurements';
import type { VolumeBetween, VolumeView } from '../../state/slices/volume';
import { useAppStore } from '../../state/store';
import { TakenNote } from '../TakenNote';
import { referenceChoices } from '../compare/compare';
import { ReferenceSelect } from '../compare/ReferenceSelect';
import { ContoursSection } from './ContoursSection';
import { baseTakenOf, cancelVolume, changedSince, computeVolume, exportDifferenceGrid, exportHeightGrid, groundOfLayer, type VolumeParameters } from './volume';
import { areaText, lengthText, volumeText } from './volumeText';
import './volume.css';

type BaseKind = VolumeParameters['base']['kind'];

const HEIGHTS: { value: CellHeight; label: string }[] = [
  { value: 'mean', label: 'Mean' },
  { value: 'max', label: 'Highest' },
  { value: 'min', label: 'Lowest' },
];

const BASES: { value: BaseKind; label: string; title: string }[] = [
  { value: 'floor', label: 'The floor', title: 'The lowest height with a share of the points just above it: a few stray points below the ground do not lower it' },
  { value: 'lowest', label: 'The lowest point', title: 'The lowest of the points taken' },
  { value: 'height', label: 'A height typed', title: "A height in the file's coordinates, along the layer's up" },
  { value: 'layer', label: 'Another layer', title: 'Another layer as it is drawn (the ground before, a design surface): both gridded on one grid, each cell this layer less the base' },
];

/** Said where empty cells are to be filled with the base and the base is a layer, which has no one height. */
const NO_LEVEL_FILL = "Empty cells can't be filled with the base when the base is another layer: it has no one height. Leave them empty or interpolate them.";

const EMPTY: { value: EmptyCells; label: string }[] = [
  { value: 'empty', label: 'Leave empty' },
  { value: 'base', label: 'Fill with the base' },
  { value: 'interpolate', label: 'Interpolate holes' },
];

/** What the base layer gives: how many of its points, and what left the others out. */
function BaseTakenNote({ id, groundOnly }: { id: string; groundOnly: boolean }) {
  const taken = useAppStore(useShallow((s) => {
    const t = baseTakenOf(s, id, groundOnly);
    return t && { kept: t.kept, points: t.points, leftBy: t.leftBy, groundFrom: t.groundFrom, name: s.layers.find((e) => e.meta.id === id)?.meta.fileName ?? '' };
  }));
  if (!taken) return null;
  return (
    <p className="muted" data-testid="volume-base-taken" data-kept={taken.kept}>
      {taken.groundFrom
        ? `The base takes the ${formatCount(taken.kept)} ground points of ${taken.name} (class 2 of ${groundSourceSaid({ field: taken.groundFrom })}${taken.leftBy ? `, among those ${taken.leftBy} left` : ''}), of ${formatCount(taken.points)}.`
        : taken.leftBy
          ? `The base takes the ${formatCount(taken.kept)} points of ${taken.name} left by ${taken.leftBy}, of ${formatCount(taken.points)}${taken.groundFrom === null ? ': it has no ground classes' : ''}.`
          : `The base takes all ${formatCount(taken.points)} points of ${taken.name}${taken.groundFrom === null ? ': it has no ground classes' : ''}.`}
    </p>
  );
}

/** Which points of the base layer a result took, as its account says it. */
function baseGave(between: VolumeBetween): string {
  const left = between.baseLeftBy ? `, those ${between.baseLeftBy} left` : '';
  if (between.baseGroundFrom)
    return `the base: ${formatCount(between.basePoints)} ground points of ${formatCount(between.baseTotal)}, class 2 of ${groundSourceSaid({ field: between.baseGroundFrom })}${between.baseLeftBy ? ` among those ${between.baseLeftBy} left` : ''}`;
  if (between.baseGroundFrom === null) return `the base has no ground classes: all ${formatCount(between.basePoints)} of its ${formatCount(between.baseTotal)} points${left}`;
  return between.baseLeftBy ? `${formatCount(between.basePoints)} of its ${formatCount(between.baseTotal)} points${left}` : `${formatCount(between.basePoints)} points`;
}

function Result({ view }: { view: Extract<VolumeView, { status: 'done' }> }) {
  const layer = useAppStore((s) => s.layer);
  const up = useAppStore((s) => s.settings.upAxis);
  const stale = useAppStore((s) => changedSince(s, view));
  const { volume: v, grid, unit, between } = view;
  const baseInFile = view.base + heightOfOrigin(layer?.origin, up);
  const baseSaid = view.baseChoice === 'floor' ? 'the floor' : view.baseChoice === 'lowest' ? 'the lowest point' : 'the height typed';
  const leftOut = view.total - grid.points;
  const gridded = view.groundFrom ? (
    <>
      Heights from the {formatCount(grid.points)} ground points ({groundSourceSaid({ field: view.groundFrom })}
      {leftOut > 0 && `; the ${formatCount(leftOut)} others, standing on it, low noise, or left out by the clip, the hidden stray points or the filter by value, were not`})
    </>
  ) : (
    <>
      Gridded {formatCount(grid.points)} points{leftOut > 0 && ` (the ${formatCount(leftOut)} the clip, the hidden stray points or the filter by value leave out were not)`}
    </>
  );
  // where buildings and trees stood no ground point falls: their cells are empty, unless interpolated
  const underObjects = view.groundFrom && v.empty > 0 && view.emptyCells === 'empty' ? ' (where buildings and trees stood among them: interpolate holes to fill those inside the ground covered)' : '';
  const cellsSaid = (
    <>
      {grid.columns} × {grid.rows} cells of {lengthText(grid.cell, unit)}
      {view.autoCell && ` (about ${CELL_SPACINGS} times the points' spacing)`}, each the {view.height === 'mean' ? 'mean' : view.height === 'max' ? 'highest' : 'lowest'} height of its points
    </>
  );
  return (
    <div
      data-testid="volume-result"
      data-fill={v.fill}
      data-cut={v.cut}
      data-net={v.net}
      data-area={v.area}
      data-cells={v.cells}
      data-empty={v.empty}
      data-interpolated={v.interpolated}
      data-cell={grid.cell}
      data-points={grid.points}
      {...(view.groundFrom && { 'data-ground-from': view.groundFrom })}
      {...(between && { 'data-matched': between.matched, 'data-only-active': between.onlyActive, 'data-only-base': between.onlyBase })}
      data-stale={stale}
    >
      <dl className="volume-figures">
        <dt title={between ? `Where this layer is above ${between.baseName}` : 'Above the base'}>Fill</dt>
        <dd data-testid="volume-fill">{volumeText(v.fill, unit)}</dd>
        <dt title={between ? `Where this layer is below ${between.baseName}` : 'Below the base'}>Cut</dt>
        <dd data-testid="volume-cut">{volumeText(v.cut, unit)}</dd>
        <dt title="Fill less cut">Net</dt>
        <dd data-testid="volume-net">{volumeText(v.net, unit)}</dd>
        <dt title={between ? 'The cells both layers cover' : view.emptyCells === 'base' ? 'Every cell: the empty ones lie on the base' : 'The cells a point falls in'}>Area</dt>
        <dd data-testid="volume-area">{areaText(v.area, unit)}</dd>
      </dl>
      {stale && (
        <p className="muted" data-testid="volume-stale">
          The points changed since (the clip, the hidden stray points, the filter by value, {view.groundFrom ? 'the ground found, ' : ''}or where the layers are placed): compute again.
        </p>
      )}
      {between ? (
        <p className="muted" data-testid="volume-why">
          Against {between.baseName} (
          {baseGave(between)}, placed as it is
          drawn), both on {cellsSaid}: {plural(between.matched, 'cell')} both cover
          {v.interpolated + between.baseInterpolated > 0 && ` (${formatCount(v.interpolated)} of this layer's and ${formatCount(between.baseInterpolated)} of the base's empty ones interpolated from the cells around them)`}
          , {formatCount(between.onlyActive)} only this layer covers and {formatCount(between.onlyBase)} only the base: those are left out. {gridded}, about the layer&apos;s up ({up}), in{' '}
          {formatNumber(view.ms / 1000, 2)} s.
          {view.scale !== 1 && ` The layer is drawn at ${formatNumber(view.scale)} times its file's size: the volumes and the area are as it is drawn, as Measure reads it; the cell and the grid are the file's.`}
          {between.field && (
            <>
              {' '}
              Each point&apos;s height above the base is kept as the field <code>{between.field}</code> (blue below it, red above; none where the base has no cell under it).
            </>
          )}
        </p>
      ) : (
        <p className="muted" data-testid="volume-why">
          Over {baseSaid} at {lengthText(baseInFile, unit)}, on {cellsSaid}: {plural(v.cells - v.empty - v.interpolated, 'cell')} hold points
          {v.interpolated > 0 && `, ${formatCount(v.interpolated)} empty ones inside the ground covered are interpolated from the cells around them`}, {formatCount(v.empty)}{' '}
          {view.emptyCells === 'base' ? 'empty ones lie on the base' : 'are empty and left out'}
          {underObjects}. {gridded}, about the layer&apos;s up ({up}), in {formatNumber(view.ms / 1000, 2)} s.
          {view.scale !== 1 && ` The layer is drawn at ${formatNumber(view.scale)} times its file's size: the volumes and the area are as it is drawn, as Measure reads it; the cell, the base and the grid are the file's.`}
        </p>
      )}
      <button data-testid="volume-export" onClick={exportHeightGrid} title="The grid as an ESRI ASCII grid (a DEM for QGIS, ArcGIS or GDAL) in the file's own coordinates; NODATA for empty cells, or the base where they are filled with it">
        Export height grid (.asc)
      </button>
      {between && (
        <button
          data-testid="volume-export-difference"
          onClick={exportDifferenceGrid}
          title={`This layer less ${between.baseName}, cell by cell, as an ESRI ASCII grid in the file's own coordinates: above 0 where material was added, below where it was taken away; NODATA where either layer has no cell`}
        >
          Export difference grid (.asc)
        </button>
      )}
      <ContoursSection view={view} stale={stale} />
    </div>
  );
}

export function VolumePanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.volume);
  const unit = useAppStore(lengthUnitOf);
  const layers = useAppStore((s) => s.layers);
  const groundFrom = useAppStore((s) => groundOfLayer(s)?.field ?? null);
  const alongUp = heightsAlongNote(useAppStore((s) => s.settings.upAxis));
  const [typed, setTyped] = useState({
    cell: '',
    height: 'mean' as CellHeight,
    base: 'floor' as BaseKind,
    baseHeight: '',
    emptyCells: 'empty' as EmptyCells,
    baseLayer: '',
    heightAbove: false,
    // null: the ground points where the ground was found on the layer, all points otherwise (a LAS
    // file's class 2 is offered, not taken by default: a stockpile may be classed as not ground)
    groundOnly: null as boolean | null,
  });
  if (!layer) return <p className="muted">Open a survey scan, a stockpile or a terrain, to grid it and read its volume.</p>;
  const busy = view?.status === 'running';
  const inUnit = unit ? ` (${unit})` : '';
  const cell = typed.cell.trim() ? parseDecimal(typed.cell) : undefined;
  const baseHeight = parseDecimal(typed.baseHeight);
  const cellDoubt = cell === null || (cell !== undefined && !(cell > 0));
  const choices = referenceChoices({ layer, layers });
  // the layer chosen while it is still one, else the first
  const baseLayer = choices.some((c) => c.id === typed.baseLayer) ? typed.baseLayer : choices[0]?.id;
  const againstLayer = typed.base === 'layer';
  const heightDoubt = typed.base === 'height' && baseHeight === null;
  const baseDoubt = heightDoubt || (againstLayer && !baseLayer);
  const fillDoubt = againstLayer && typed.emptyCells === 'base';
  const parameters: VolumeParameters = {
    ...(cell != null && { cell }),
    height: typed.height,
    base:
      typed.base === 'height'
        ? { kind: 'height', height: baseHeight ?? NaN }
        : typed.base === 'layer'
          ? { kind: 'layer', layerId: baseLayer ?? '', heightAbove: typed.heightAbove }
          : { kind: typed.base },
    emptyCells: typed.emptyCells,
    groundOnly: groundFrom !== null && (typed.groundOnly ?? groundFrom === GROUND_FIELD),
  };
  const shown = view && view.layerId === layer.id ? view : null;
  return (
    <div className="controls" data-testid="volume">
      <div className="fields">
        <label title={`The grid's square cell, in the file's units. Empty: a round number near ${CELL_SPACINGS} times the points' spacing`}>
          Cell{inUnit}
          <input data-testid="volume-cell" inputMode="decimal" placeholder="auto" value={typed.cell} disabled={busy} onChange={(e) => setTyped({ ...typed, cell: e.target.value })} />
        </label>
        <label title="Which height of a cell's points the cell takes: the mean by default, as in CloudCompare's 2.5D volume">
          Cell height
          <select data-testid="volume-height" value={typed.height} disabled={busy} onChange={(e) => setTyped({ ...typed, height: e.target.value as CellHeight })}>
            {HEIGHTS.map((h) => (
              <option key={h.value} value={h.value}>
                {h.label}
              </option>
            ))}
          </select>
        </label>
        <label title={BASES.find((b) => b.value === typed.base)?.title}>
          Base
          <select data-testid="volume-base" value={typed.base} disabled={busy} onChange={(e) => setTyped({ ...typed, base: e.target.value as BaseKind })}>
            {BASES.map((b) => (
              <option key={b.value} value={b.value} title={b.value === 'layer' && !choices.length ? 'Open a second layer to measure this one against it' : b.title} disabled={b.value === 'layer' && !choices.length}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
        {againstLayer ? (
          <ReferenceSelect label="Base layer" testId="volume-base-layer" choices={choices} value={baseLayer ?? ''} onChange={(id) => setTyped({ ...typed, baseLayer: id })} disabled={busy} />
        ) : typed.base === 'height' ? (
          <label title="The base's height, in the file's coordinates">
            Base height{inUnit}
            <input data-testid="volume-base-height" inputMode="decimal" value={typed.baseHeight} disabled={busy} onChange={(e) => setTyped({ ...typed, baseHeight: e.target.value })} />
          </label>
        ) : (
          <span />
        )}
        <label
          title={
            groundFrom
              ? `The points the grid takes: all those kept, or the ground's alone (class 2 of ${groundSourceSaid({ field: groundFrom })}): the bare earth, whose contours do not ring every roof`
              : 'Find ground first (the Ground panel) to grid the bare earth alone'
          }
        >
          Heights from
          <select
            data-testid="volume-heights-from"
            value={parameters.groundOnly ? 'ground' : 'all'}
            disabled={busy || !groundFrom}
            onChange={(e) => setTyped({ ...typed, groundOnly: e.target.value === 'ground' })}
          >
            <option value="all">All points</option>
            <option value="ground" disabled={!groundFrom}>
              {groundFrom ? 'Ground points' : 'Ground points (find ground first)'}
            </option>
          </select>
        </label>
        <label title="Cells no point falls in: left out of the area, taken as lying on the base (covered, with no volume), or, inside the ground covered, read between the cells around them along their row and column (those reaching the grid's edge stay empty)">
          Empty cells
          <select data-testid="volume-empty" value={typed.emptyCells} disabled={busy} onChange={(e) => setTyped({ ...typed, emptyCells: e.target.value as EmptyCells })}>
            {EMPTY.map((m) => (
              <option key={m.value} value={m.value} disabled={againstLayer && m.value === 'base'} title={againstLayer && m.value === 'base' ? NO_LEVEL_FILL : undefined}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {alongUp && (
        <p className="muted" data-testid="volume-heights-along">
          {alongUp.charAt(0).toUpperCase() + alongUp.slice(1)}.
        </p>
      )}
      {againstLayer && baseLayer && <BaseTakenNote id={baseLayer} groundOnly={parameters.groundOnly} />}
      {againstLayer && (
        <label className="check" title="Each point's height above the base layer's cell under it, drawn blue below it and red above: where material was added or taken away">
          <input type="checkbox" data-testid="volume-height-above" checked={typed.heightAbove} disabled={busy} onChange={(e) => setTyped({ ...typed, heightAbove: e.target.checked })} />
          Keep each point&apos;s height above the base as a field
        </label>
      )}
      {fillDoubt && (
        <p className="error-text" data-testid="volume-fill-problem">
          {NO_LEVEL_FILL}
        </p>
      )}
      {cellDoubt && (
        <p className="error-text" data-testid="volume-cell-problem">
          &quot;{typed.cell.trim()}&quot; is no cell size pointlens can take: type a length above 0 such as 0.5 (a point or a comma as its decimal mark), or leave it empty for the default.
        </p>
      )}
      {heightDoubt && (
        <p className="error-text" data-testid="volume-base-problem">
          Type the base&apos;s height{typed.baseHeight.trim() && ` ("${typed.baseHeight.trim()}" is no number pointlens can be sure of)`}, a point or a comma as its decimal mark.
        </p>
      )}
      <TakenNote testId="volume-taken" />
      {busy ? (
        <p className="muted" data-testid="volume-running">
          Gridding… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelVolume}>Cancel</button>
        </p>
      ) : (
        <button
          data-testid="volume-run"
          disabled={cellDoubt || baseDoubt || fillDoubt}
          onClick={() => void computeVolume(parameters)}
          title="Grids the points kept from above, about the layer's up axis, and reads the volume above (fill) and below (cut) the base, a level one or another layer, as CloudCompare's Compute 2.5D volume"
        >
          Compute volume
        </button>
      )}
      {shown?.status === 'error' && (
        <p className="error-text" data-testid="volume-error">
          {shown.message}
        </p>
      )}
      {shown?.status === 'done' && <Result view={shown} />}
    </div>
  );
}
