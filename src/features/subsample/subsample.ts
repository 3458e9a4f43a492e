// The subsample feature: the active layer's kept points (what the clip and the hidden stray points
// leave) subsampled in a worker started per call and always ended, into a new layer of real points
// with every field they carry, drawn exactly where the source is (its origin, up axis and
// transform), named after it and the method.
import type { Octree } from '../../core/geometry/octree';
import { checkSubsample, describeSubsample, keptBounds, subsampledCloud, type SubsampleMethod } from '../../core/geometry/subsample';
import { roundStep } from '../../core/ticks';
import { keptCountOf, keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { addDerivedLayer, derivedLayer } from '../../state/derivedLayer';
import { useAppStore, type AppState } from '../../state/store';
import type { SubsampleHandlers } from '../../workers/subsample.worker';
import { readBudgetBytes } from '../load/readBudget';
import { refuseOverBudget } from '../load/layerBudget';
import { whileActive, WorkerRuns } from '../workerRun';
import { carriedColorMode, withPredictionFields } from '../segmentation/predictionFields';

const runs = new WorkerRuns<SubsampleHandlers>(() => new Worker(new URL('../../workers/subsample.worker.ts', import.meta.url), { type: 'module' }));
let layersMade = 0;

/** The spacing or voxel size the panel starts with: a round number near a 150th of the layer's widest side (5 cm in a ScanNet room). */
export function startingLength(s: Pick<AppState, 'layer'>): number {
  const b = s.layer?.bounds;
  return b ? roundStep(Math.max(...[0, 1, 2].map((a) => b.max[a] - b.min[a])), 150) : 1;
}

/** The count the panel starts with: a tenth of the points kept. */
export const startingCount = (s: Parameters<typeof keptCountOf>[0]) => Math.max(1, Math.round(keptCountOf(s) / 10));

/** The new layer's name: the source's and the method's ("room.ply · 0.05 m spacing"). */
export function subsampleName(fileName: string, method: SubsampleMethod, unit: string): string {
  return `${fileName} · ${describeSubsample(method, unit)}`;
}

/**
 * The layer made of the points `chosen` keeps of the active layer `layerId`, drawn through `octree`
 * (null where it is no longer active): a cloud with every array they carry, the scene segmentation
 * among them as `pred` and `confidence`, in the source's frame (state/derivedLayer).
 */
export function subsampledLayer(s: Pick<AppState, 'layer' | 'layerData' | 'layers' | 'settings'>, layerId: string, chosen: Uint8Array, octree: Octree, method: SubsampleMethod, unit: string) {
  const { layer, layerData } = s;
  const entry = s.layers.find((e) => e.meta.id === layerId);
  if (layer?.id !== layerId || layerData?.id !== layerId || !entry) return null;
  const { colorMode, upAxis } = s.settings;
  const cloud = subsampledCloud(withPredictionFields(layerData), chosen);
  return derivedLayer(layer, entry.transform, { colorMode: carriedColorMode(colorMode), upAxis }, `subsample-${++layersMade}`, subsampleName(layer.fileName, method, unit), cloud, octree);
}

export async function subsampleActiveLayer(method: SubsampleMethod): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.subsample?.status === 'running') return;
  const layerId = layer.id;
  const positions = layerData.geometry.positions;
  const kept = keptMaskOf(s);
  const unit = lengthUnitOf(s);
  try {
    checkSubsample(method, keptBounds(positions, kept), unit);
  } catch (e) {
    s.setSubsample({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const before = keptCountOf(s);
  s.setSubsample({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const { chosen, octree } = await client.call('subsample', { positions, kept, method, unit }, {
        signal,
        onProgress: (progress) => useAppStore.getState().setSubsample({ status: 'running', layerId, progress }),
      });
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const made = subsampledLayer(useAppStore.getState(), layerId, chosen, octree, method, unit);
      if (!made) throw new DOMException('the layer is gone', 'AbortError');
      const refusal = refuseOverBudget(made.meta.fileName, made.meta.memoryBytes, {}, readBudgetBytes());
      if (refusal) throw new Error(refusal);
      const ms = performance.now() - start;
      addDerivedLayer(made, octree, ms);
      const carried = Object.keys(made.geometry.fields);
      useAppStore.getState().setSubsample({ status: 'done', layerId, resultId: made.meta.id, name: made.meta.fileName, before, after: made.meta.points, carried, ms });
    },
    (e, signal) => {
      const message = signal.aborted ? 'Cancelled.' : e instanceof Error ? e.message : String(e);
      useAppStore.getState().setSubsample({ status: 'error', layerId, message });
    },
  );
}

export function cancelSubsample(): void {
  runs.cancel();
}
