// The volume feature: the active layer's kept points (what the clip, the hidden stray points and the
// filter by value leave) gridded from above about its up axis in a worker started per call and always
// ended, and their volume over a level base, as CloudCompare's "Compute 2.5D volume" against a
// constant height; the grid itself is exported as an ESRI ASCII grid (its "Rasterize"). The grid is
// in the file's coordinates and units; the volume and area are read as the layer is drawn (times its
// transform's scale cubed and squared), as Measure and the height profile read lengths.
import type { BaseChoice, EmptyCells } from '../../core/geometry/gridVolume';
import { scaledVolume } from '../../core/geometry/gridVolume';
import type { CellHeight } from '../../core/geometry/heightGrid';
import { asciiGrid } from '../../core/io/asciiGrid';
import { heightOfOrigin } from '../../core/io/shift';
import { keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { layerScaleOf } from '../../state/profile';
import { useAppStore } from '../../state/store';
import type { VolumeHandlers } from '../../workers/volume.worker';
import { baseName, download } from '../export/exportResults';
import { cancelGivesBack, whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<VolumeHandlers>(() => new Worker(new URL('../../workers/volume.worker.ts', import.meta.url), { type: 'module' }));

export interface VolumeParameters {
  /** undefined: the default cell, a few point spacings */
  cell?: number;
  height: CellHeight;
  /** a height typed is one in the file's coordinates, along the layer's up */
  base: BaseChoice;
  emptyCells: EmptyCells;
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
  const base: BaseChoice = parameters.base.kind === 'height' ? { kind: 'height', height: parameters.base.height - heightOfOrigin(layer.origin, up) } : parameters.base;
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
      useAppStore.getState().setVolume({
        status: 'done',
        layerId,
        grid: found.grid,
        volume: scaledVolume(found.volume, scale),
        scale,
        base: found.base,
        baseChoice: parameters.base.kind,
        height: parameters.height,
        emptyCells: parameters.emptyCells,
        autoCell: parameters.cell === undefined,
        total: positions.length / 3,
        unit,
        ms: performance.now() - start,
      });
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
