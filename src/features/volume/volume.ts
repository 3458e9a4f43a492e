// The volume feature: the active layer's kept points (what the clip, the hidden stray points and the
// filter by value leave) gridded from above about its up axis in a worker started per call and always
// ended, and their volume over a level base or another layer, as CloudCompare's "Compute 2.5D
// volume" against a constant height or a ground cloud; the grid itself is exported as an ESRI ASCII
// grid (its "Rasterize"). The grid is in the file's coordinates and units (another layer placed in
// them as it is drawn); the volume and area are read as the layer is drawn (times its transform's
// scale cubed and squared), as Measure and the height profile read lengths. The result stays with
// its layer, and says when the points kept or the layers' places changed since.
import { keptPrint } from '../../core/geometry/clip';
import { checkSameUnit, heightAboveFieldName } from '../../core/geometry/gridDifference';
import type { BaseChoice, EmptyCells } from '../../core/geometry/gridVolume';
import { scaledVolume } from '../../core/geometry/gridVolume';
import type { CellHeight } from '../../core/geometry/heightGrid';
import { intoFrameOf } from '../../core/layers/merge';
import { placementMatrix } from '../../core/layers/placement';
import { asciiGrid } from '../../core/io/asciiGrid';
import { heightOfOrigin } from '../../core/io/shift';
import { unitSymbol } from '../../core/units';
import { keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { placementOf } from '../../state/placement';
import { layerScaleOf } from '../../state/profile';
import { useAppStore, type AppState } from '../../state/store';
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
}

let printed: { mask: Uint8Array | null; points: number; print: string } | null = null;

/** What a run on the active layer takes now: its kept points' print, and where it and layer `baseId` are drawn. */
export function volumeRanOn(s: AppState, baseId?: string): VolumeRan | null {
  const { layer, layerData } = s;
  const own = layer && placementOf(s, layer.id);
  if (!layer || !layerData || !own) return null;
  const mask = keptMaskOf(s);
  const points = layerData.geometry.positions.length / 3;
  // the print reads every point: once per kept mask, not on every change of the store
  if (!printed || printed.mask !== mask || printed.points !== points) printed = { mask, points, print: keptPrint(mask, points) };
  const base = baseId ? placementOf(s, baseId) : null;
  return { kept: printed.print, placement: placementMatrix(own, own.origin), ...(base && { basePlacement: placementMatrix(base, own.origin) }) };
}

/** Whether the points kept, the layer's place, or its base layer's, changed since the volume `view` was read: it is then of other points. */
export function changedSince(s: AppState, view: Extract<VolumeView, { status: 'done' }>): boolean {
  const now = volumeRanOn(s, view.between?.baseId);
  if (!now || s.layer?.id !== view.layerId) return false;
  const same = (a?: number[], b?: number[]) => !a || !b || (a.length === b.length && a.every((v, i) => v === b[i]));
  return now.kept !== view.ran.kept || !same(now.placement, view.ran.placement) || !same(now.basePlacement, view.ran.basePlacement);
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
  if (chosen.kind === 'layer') {
    try {
      if (!other || !otherData) throw new Error('The layer chosen as the base is gone: choose another.');
      if (parameters.emptyCells === 'base') throw new Error("Empty cells can't be filled with the base when the base is another layer: it has no one height. Leave them empty or interpolate them.");
      checkUnits(s, chosen.layerId);
    } catch (e) {
      s.setVolume({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
      return;
    }
  }
  const base =
    chosen.kind === 'layer'
      ? { kind: 'layer' as const, positions: otherData!.geometry.positions, matrix: intoFrameOf(placementOf(s, layerId)!, placementOf(s, chosen.layerId)!), heightAbove: chosen.heightAbove }
      : chosen.kind === 'height'
        ? { kind: 'height' as const, height: chosen.height - heightOfOrigin(layer.origin, up) }
        : chosen;
  const ran = volumeRanOn(s, chosen.kind === 'layer' ? chosen.layerId : undefined)!;
  // a run cancelled gives back the one before it, whose grid the panel still reports on
  const before = s.volume?.status === 'done' && s.volume.layerId === layerId ? s.volume : null;
  s.setVolume({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const found = await client.call(
        'volume',
        { positions, kept: keptMaskOf(s), up, cell: parameters.cell, height: parameters.height, base, emptyCells: parameters.emptyCells, unit },
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
        ...('basePoints' in found &&
          other && {
            between: {
              baseId: other.meta.id,
              baseName: other.meta.fileName,
              basePoints: found.basePoints,
              matched: found.volume.matched,
              onlyActive: found.volume.onlyActive,
              onlyBase: found.volume.onlyBase,
              baseInterpolated: found.volume.baseInterpolated,
              ...(field && { field }),
            },
          }),
        ran,
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
