// The volume feature: the active layer's kept points (what the clip, the hidden stray points and the
// filter by value leave) gridded from above about its up axis in a worker started per call and always
// ended, and their volume over a level base or another layer, as CloudCompare's "Compute 2.5D
// volume" against a constant height or a ground cloud; the grid itself is exported as an ESRI ASCII
// grid (its "Rasterize"), and against another layer, the grid of their differences. A base layer
// gives the points its own clip and hidden stray points leave. The grid is in the file's coordinates
// and units (another layer placed in them as it is drawn); the volume and area are read as the
// layer is drawn (times its transform's scale cubed and squared), as Measure and the height profile
// read lengths. With the ground alone, the layer's kept points that are ground (class 2) are gridded:
// the bare earth, for contours that do not ring every roof; a base layer's ground points too, where it
// holds a ground (all its kept points where not). The result stays with its layer, and
// says when the points kept (its ground found again among them) or the layers' places changed since.
import { countKept, keptPrint } from '../../core/geometry/clip';
import { checkGroundLeft, groundKept, groundSourceOf, groundSourceSaid, type GroundSource } from '../../core/geometry/groundPoints';
import type { ScalarArray } from '../../core/types';
import { checkSameUnit, differenceGrid, heightAboveFieldName } from '../../core/geometry/gridDifference';
import type { BaseChoice, EmptyCells } from '../../core/geometry/gridVolume';
import { scaledVolume } from '../../core/geometry/gridVolume';
import type { CellHeight } from '../../core/geometry/heightGrid';
import { intoFrameOf } from '../../core/layers/merge';
import { placementMatrix } from '../../core/layers/placement';
import { asciiGrid } from '../../core/io/asciiGrid';
import { heightOfOrigin, sceneOrigin } from '../../core/io/shift';
import { unitSymbol } from '../../core/units';
import { hiddenStrayOf, keptBeforeValueFilterOf, keptInputsOf, keptMaskOf, keptMaskReader, type KeptMasks } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { placementOf } from '../../state/placement';
import { layerScaleOf } from '../../state/profile';
import { effectiveColorMode, useAppStore, type AppState } from '../../state/store';
import { valueFilterMaskOf } from '../../state/valueFilter';
import type { VolumeRan, VolumeView } from '../../state/slices/volume';
import type { VolumeHandlers } from '../../workers/volume.worker';
import { baseName, download } from '../export/exportResults';
import { cancelGivesBack, showField, whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<VolumeHandlers>(() => new Worker(new URL('../../workers/volume.worker.ts', import.meta.url), { type: 'module' }));

export interface VolumeParameters {
  /** undefined: the default cell, a few point spacings */
  cell?: number;
  height: CellHeight;
  /** a height typed is one in the file's coordinates, along the layer's up; a layer is placed as it is drawn, `heightAbove` keeping each point's height above it as a field */
  base: BaseChoice | { kind: 'layer'; layerId: string; heightAbove: boolean };
  emptyCells: EmptyCells;
  /** grid the layer's ground points alone (class 2 of its ground field, or of its LAS classification) */
  groundOnly: boolean;
}

/** Where the active layer's ground is read, where it holds one. */
export const groundOfLayer = (s: Pick<AppState, 'layerData'>): GroundSource | null => (s.layerData ? groundSourceOf(s.layerData.geometry.fields) : null);

/** groundKept remembered for the last mask and labels it was given: staleness is asked on every change of the store. */
function rememberedGround(): (labels: ScalarArray, kept: Uint8Array | null) => { mask: Uint8Array; count: number } {
  let last: { labels: ScalarArray; kept: Uint8Array | null; found: { mask: Uint8Array; count: number } } | null = null;
  return (labels, kept) => {
    if (!last || last.labels !== labels || last.kept !== kept) last = { labels, kept, found: groundKept(labels, kept) };
    return last.found;
  };
}
const activeGround = rememberedGround();

/** keptPrint remembered for the last mask it was given: the print reads every point, and staleness is asked on every change of the store. */
function rememberedPrint(): (mask: Uint8Array | null, points: number) => string {
  let last: { mask: Uint8Array | null; points: number; print: string } | null = null;
  return (mask, points) => {
    if (!last || last.mask !== mask || last.points !== points) last = { mask, points, print: keptPrint(mask, points) };
    return last.print;
  };
}

const activePrint = rememberedPrint();
// reads the shown layer in a colour mode other than the shown one, with caches that do not throw the shown one's away
const ownFieldMasks = keptMaskReader();

/** What is remembered of each layer read as a base (the panel's choice and a result's may be two): its masks, its count kept, its ground among them and its print. */
interface BaseMemo {
  masks: KeptMasks;
  counted: { mask: Uint8Array; kept: number } | null;
  ground: ReturnType<typeof rememberedGround>;
  print: (mask: Uint8Array | null, points: number) => string;
}
const baseMemos = new Map<string, BaseMemo>();

function baseMemoOf(s: AppState, id: string): BaseMemo {
  // a layer closed is read no more
  for (const known of baseMemos.keys()) if (!s.layers.some((e) => e.meta.id === known)) baseMemos.delete(known);
  let memo = baseMemos.get(id);
  if (!memo) baseMemos.set(id, (memo = { masks: keptMaskReader(), counted: null, ground: rememberedGround(), print: rememberedPrint() }));
  return memo;
}

/** The points of base layer `id` a volume takes, how many of how many, what left the others out ('' where it takes all), and their print. */
export interface BaseTaken {
  mask: Uint8Array | null;
  kept: number;
  points: number;
  leftBy: string;
  /** with the ground alone: the field its ground was read from, null where it has none (all its points kept are taken) */
  groundFrom?: string | null;
  print: () => string;
}

/**
 * Base layer `id`'s points a volume takes: those its own clip keeps that are not its hidden stray
 * points, as they would be were it active (the filter by value reads the active layer's colours
 * alone); with `groundOnly`, those of them that are ground where it holds a ground, as the active
 * layer's are, so that the roofs and trees of a survey before are not read as ground taken away.
 * Null where it is not open.
 */
export function baseTakenOf(s: AppState, id: string, groundOnly = false): BaseTaken | null {
  const inputs = keptInputsOf(s, id);
  if (!inputs?.layerData) return null;
  const memo = baseMemoOf(s, id);
  const kept = memo.masks.keptBeforeValueFilterOf(inputs);
  const points = inputs.layerData.geometry.positions.length / 3;
  if (kept && memo.counted?.mask !== kept) memo.counted = { mask: kept, kept: countKept(kept) };
  const leftBy = [memo.masks.clipMaskOf(inputs) && 'its clip', hiddenStrayOf(inputs) && 'its hidden stray points'].filter(Boolean).join(' and ');
  const source = groundOnly ? groundSourceOf(inputs.layerData.geometry.fields) : null;
  const ground = source && memo.ground(source.labels, kept);
  const mask = ground ? ground.mask : kept;
  const count = ground ? ground.count : kept ? memo.counted!.kept : points;
  return { mask, kept: count, points, leftBy, ...(groundOnly && { groundFrom: source?.field ?? null }), print: () => memo.print(mask, points) };
}

/** The field of heights above the base a volume keeps, and the colour mode the filter by value read when it ran (none where it took no point away). */
interface OwnField {
  field: string;
  filterMode?: string;
}

/**
 * The active layer's points a volume takes, and the colour mode the filter by value read for them:
 * those kept, save that while the volume's own field of heights above the base (`own`) is shown,
 * the filter reads the mode it read when that volume ran. Showing the volume's heights, as it does
 * itself, does not change which points it was of; the filter moved onto another field does.
 */
function volumeKept(s: AppState, own?: OwnField): { mask: Uint8Array | null; filterMode?: string } {
  if (own && effectiveColorMode(s) === `field:${own.field}`) {
    if (!own.filterMode) return { mask: keptBeforeValueFilterOf(s) };
    const { layerData, clip, stray, strayMarks } = s;
    const mask = ownFieldMasks.keptMaskOf({ layerData, clip, stray, strayMarks, settings: { ...s.settings, colorMode: own.filterMode } });
    return { mask, ...(s.settings.filterByValue && { filterMode: own.filterMode }) };
  }
  return { mask: keptMaskOf(s), ...(valueFilterMaskOf(s) && { filterMode: s.settings.colorMode }) };
}

/**
 * What a run on the active layer takes now, against base layer `baseId` where given: the points of
 * each, their prints, and where the two are drawn; with `groundOnly`, the layer's kept points that
 * are ground, and where its ground was read (none where it holds none: all its kept points).
 */
function volumeTakes(
  s: AppState,
  baseId?: string,
  own?: OwnField,
  groundOnly = false,
): { ran: VolumeRan; kept: Uint8Array | null; ground: (GroundSource & { count: number }) | null; base: BaseTaken | null } | null {
  const { layer, layerData } = s;
  const placed = layer && placementOf(s, layer.id);
  if (!layer || !layerData || !placed) return null;
  const taken = volumeKept(s, own);
  const { filterMode } = taken;
  const source = groundOnly ? groundOfLayer(s) : null;
  const found = source && activeGround(source.labels, taken.mask);
  const mask = found ? found.mask : taken.mask;
  const basePlaced = baseId ? placementOf(s, baseId) : null;
  const base = baseId ? baseTakenOf(s, baseId, groundOnly && source !== null) : null;
  const ran: VolumeRan = {
    kept: activePrint(mask, layerData.geometry.positions.length / 3),
    ...(filterMode && { filterMode }),
    placement: placementMatrix(placed, sceneOrigin(placed.origin, placed.up)),
    ...(basePlaced && { basePlacement: placementMatrix(basePlaced, sceneOrigin(placed.origin, placed.up)) }),
    ...(base && { baseKept: base.print() }),
  };
  return { ran, kept: mask, ground: source && found && { ...source, count: found.count }, base };
}

/** What a run on the active layer takes now: its kept points' print (its ground's alone with `groundOnly`), and where it and layer `baseId` are drawn (`own`: see volumeKept). */
export function volumeRanOn(s: AppState, baseId?: string, own?: OwnField, groundOnly = false): VolumeRan | null {
  return volumeTakes(s, baseId, own, groundOnly)?.ran ?? null;
}

/** Whether the points kept (the layer's or its base layer's), the layer's place, or its base layer's, changed since the volume `view` was read: it is then of other points. */
export function changedSince(s: AppState, view: Extract<VolumeView, { status: 'done' }>): boolean {
  const own = view.between?.field ? { field: view.between.field, filterMode: view.ran.filterMode } : undefined;
  const now = volumeRanOn(s, view.between?.baseId, own, view.groundFrom !== undefined);
  if (!now || s.layer?.id !== view.layerId) return false;
  const same = (a?: number[], b?: number[]) => !a || !b || (a.length === b.length && a.every((v, i) => v === b[i]));
  return now.kept !== view.ran.kept || now.baseKept !== view.ran.baseKept || !same(now.placement, view.ran.placement) || !same(now.basePlacement, view.ran.basePlacement);
}

/** The declared units of the active layer and layer `baseId`, refused in words where they differ. */
function checkUnits(s: AppState, baseId: string): void {
  const entry = s.layers.find((e) => e.meta.id === baseId);
  const said = (unit: AppState['layers'][number]['meta']['unit']) => (unit ? unitSymbol(unit) : undefined);
  if (s.layer && entry) checkSameUnit({ name: s.layer.fileName, unit: said(s.layer.unit) }, { name: entry.meta.fileName, unit: said(entry.meta.unit) });
}

export async function computeVolume(parameters: VolumeParameters): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.volume?.status === 'running') return;
  const layerId = layer.id;
  const up = s.settings.upAxis;
  const unit = lengthUnitOf(s);
  const scale = layerScaleOf(s);
  const positions = layerData.geometry.positions;
  const chosen = parameters.base;
  const other = chosen.kind === 'layer' ? s.layers.find((e) => e.meta.id === chosen.layerId) : undefined;
  const otherData = chosen.kind === 'layer' ? s.parked[chosen.layerId]?.data : undefined;
  // a field of heights above this base from an earlier run, shown, is not what picks the points
  const ownField = other && heightAboveFieldName(other.meta.fileName);
  const earlier = s.volume?.status === 'done' && s.volume.layerId === layerId && s.volume.between?.field === ownField ? s.volume : null;
  const taken = volumeTakes(s, other?.meta.id, ownField ? { field: ownField, filterMode: earlier?.ran.filterMode } : undefined, parameters.groundOnly)!;
  try {
    if (taken.ground) checkGroundLeft(taken.ground.count, taken.ground, keptMaskOf(s) !== null);
  } catch (e) {
    s.setVolume({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (chosen.kind === 'layer') {
    try {
      if (!other || !otherData) throw new Error('The layer chosen as the base is gone: choose another.');
      if (taken.base?.groundFrom && !taken.base.kept)
        throw new Error(`${other.meta.fileName} has no ground points${taken.base.leftBy ? ` among those ${taken.base.leftBy} leave` : ''} to grid as the base (class 2 of ${groundSourceSaid({ field: taken.base.groundFrom })}): find its ground again, or grid all points.`);
      if (taken.base && !taken.base.kept) throw new Error(`${other.meta.fileName} has no points left to grid as the base: ${taken.base.leftBy} leave${taken.base.leftBy.includes(' and ') ? '' : 's'} none. Make it active and widen its clip or show its stray points.`);
      if (parameters.emptyCells === 'base') throw new Error("Empty cells can't be filled with the base when the base is another layer: it has no one height. Leave them empty or interpolate them.");
      checkUnits(s, chosen.layerId);
    } catch (e) {
      s.setVolume({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
      return;
    }
  }
  const base =
    chosen.kind === 'layer'
      ? {
          kind: 'layer' as const,
          positions: otherData!.geometry.positions,
          kept: taken.base?.mask ?? null,
          matrix: intoFrameOf(placementOf(s, layerId)!, placementOf(s, chosen.layerId)!),
          heightAbove: chosen.heightAbove,
        }
      : chosen.kind === 'height'
        ? { kind: 'height' as const, height: chosen.height - heightOfOrigin(layer.origin, up) }
        : chosen;
  // a run cancelled gives back the one before it, whose grid the panel still reports on
  const before = s.volume?.status === 'done' && s.volume.layerId === layerId ? s.volume : null;
  s.setVolume({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const found = await client.call(
        'volume',
        { positions, kept: taken.kept, up, cell: parameters.cell, height: parameters.height, base, emptyCells: parameters.emptyCells, unit },
        { signal, onProgress: (progress) => useAppStore.getState().setVolume({ status: 'running', layerId, progress }) },
      );
      const store = useAppStore.getState();
      let field: string | undefined;
      if ('heightAbove' in found && found.heightAbove && other) {
        field = heightAboveFieldName(other.meta.fileName);
        // heights read as the layer is drawn, as its volumes are
        if (scale !== 1) for (let i = 0; i < found.heightAbove.length; i++) found.heightAbove[i] *= scale;
        store.attachField(layerId, field, found.heightAbove);
      }
      store.setVolume({
        status: 'done',
        layerId,
        grid: found.grid,
        volume: scaledVolume(found.volume, scale),
        scale,
        base: 'base' in found ? found.base : NaN,
        baseChoice: chosen.kind,
        ...('baseGrid' in found &&
          other && {
            between: {
              baseId: other.meta.id,
              baseName: other.meta.fileName,
              basePoints: found.baseGrid.points,
              baseTotal: taken.base?.points ?? found.baseGrid.points,
              baseLeftBy: taken.base?.leftBy ?? '',
              ...(taken.base?.groundFrom !== undefined && { baseGroundFrom: taken.base.groundFrom }),
              baseGrid: found.baseGrid,
              matched: found.volume.matched,
              onlyActive: found.volume.onlyActive,
              onlyBase: found.volume.onlyBase,
              baseInterpolated: found.volume.baseInterpolated,
              ...(field && { field }),
            },
          }),
        ran: taken.ran,
        ...(taken.ground && { groundFrom: taken.ground.field }),
        height: parameters.height,
        emptyCells: parameters.emptyCells,
        autoCell: parameters.cell === undefined,
        total: positions.length / 3,
        unit,
        ms: performance.now() - start,
      });
      if (field) showField(layerId, field);
    },
    cancelGivesBack(before, useAppStore.getState().setVolume, (message) => ({ status: 'error' as const, layerId, message })),
  );
}

export function cancelVolume(): void {
  runs.cancel();
}

/** The grid reported on as an ESRI ASCII grid in the file's coordinates, named after the file; empty cells hold the base where they are filled with it. */
export function exportHeightGrid(): void {
  const { layer, volume } = useAppStore.getState();
  if (!layer || volume?.status !== 'done' || volume.layerId !== layer.id) return;
  const text = asciiGrid(volume.grid, { origin: layer.origin, ...(volume.emptyCells === 'base' && { fillWith: volume.base }) });
  download(text, 'text/plain', `${baseName(layer.fileName)}.grid.asc`);
}

/** The grid of this layer less the base layer, cell by cell, as an ESRI ASCII grid in the file's coordinates (its cells in the file's units, NODATA where either layer is empty), named after both files. */
export function exportDifferenceGrid(): void {
  const { layer, volume } = useAppStore.getState();
  if (!layer || volume?.status !== 'done' || volume.layerId !== layer.id || !volume.between) return;
  const text = asciiGrid(differenceGrid(volume.grid, volume.between.baseGrid), { origin: layer.origin, differences: true });
  download(text, 'text/plain', `${baseName(layer.fileName)}.minus_${baseName(volume.between.baseName)}.asc`);
}
