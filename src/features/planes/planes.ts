// The planes feature: finds the planes of the active layer's kept points (what the clip keeps, less
// hidden stray points), as Open3D's segment_plane and CloudCompare's RANSAC shape detection do, in a
// worker started per call and always ended. Each point's plane joins the layer as a label field
// (PLANE_FIELD, with the names of its ids), so the plane colour mode, its legend, the inspector and
// the PLY exports carry it.
import { keptGeometry } from '../../core/geometry/clip';
import { checkPlaneParameters, PLANE_FIELD, planeClasses, type PlaneOptions } from '../../core/geometry/planes';
import { keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { attachFieldOf } from '../../state/pointsHeld';
import { useAppStore } from '../../state/store';
import type { PlanesHandlers } from '../../workers/planes.worker';
import { cancelGivesBack, showField, whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<PlanesHandlers>(() => new Worker(new URL('../../workers/planes.worker.ts', import.meta.url), { type: 'module' }));

export type PlaneParameters = Pick<PlaneOptions, 'distance' | 'minPoints' | 'maxPlanes' | 'seed'>;

/** The active layer's kept points, and which point of the layer each is (null where every point is kept). */
export function keptPoints(positions: Float32Array, kept: Uint8Array | null): { positions: Float32Array; index: Int32Array | null } {
  if (!kept) return { positions, index: null };
  const part = keptGeometry({ kind: 'points', positions, fields: {} }, kept);
  return { positions: part.geometry.positions, index: part.kept };
}

/** `labels` of the kept points (`index`: which point of the layer each is; null for all) given to all `total` points, `none` where a point was not searched. */
export function onEveryPoint(labels: Int32Array, index: Int32Array | null, total: number, none: number): Int32Array {
  if (!index) return labels;
  const all = new Int32Array(total).fill(none);
  index.forEach((i, k) => (all[i] = labels[k]));
  return all;
}

export async function findPlanesOfLayer(parameters: PlaneParameters): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.planes?.status === 'running') return;
  const layerId = layer.id;
  try {
    checkPlaneParameters(parameters);
  } catch (e) {
    s.setPlanes({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const all = layerData.geometry.positions;
  const searched = keptPoints(all, keptMaskOf(s));
  const up = s.settings.upAxis;
  const unit = lengthUnitOf(s);
  // a search cancelled gives back the one before it, whose planes the layer still holds and shows
  const before = s.planes?.status === 'done' && s.planes.layerId === layerId ? s.planes : null;
  s.setPlanes({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const found = await client.call(
        'find',
        { positions: searched.index ? searched.positions : all, options: { ...parameters, up } },
        { signal, onProgress: (progress) => useAppStore.getState().setPlanes({ status: 'running', layerId, progress }) },
      );
      // the points left out of the search are on no plane
      const labels = onEveryPoint(found.labels, searched.index, all.length / 3, -1);
      const store = useAppStore.getState();
      attachFieldOf(layerData, PLANE_FIELD, labels, planeClasses(found.planes.length));
      store.setPlanes({
        status: 'done',
        layerId,
        planes: found.planes,
        points: found.labels.length,
        total: all.length / 3,
        distance: found.distance,
        spacing: found.spacing,
        autoDistance: parameters.distance === undefined,
        minPoints: found.minPoints,
        maxPlanes: found.maxPlanes,
        seed: found.seed,
        up,
        unit,
        ms: performance.now() - start,
      });
      showField(layerId, PLANE_FIELD);
    },
    cancelGivesBack(before, useAppStore.getState().setPlanes, (message) => ({ status: 'error' as const, layerId, message })),
  );
}

export function cancelPlanes(): void {
  runs.cancel();
}
