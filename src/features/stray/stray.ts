// The stray points feature: finds the active layer's isolated points (statistical outlier removal,
// as CloudCompare's SOR filter), in a worker started per call and always ended, marks them in a
// strong colour, and hides them on request. Hidden, they are left out as the clip's cut-away points
// are (state/clipMask's kept mask: the view, picking, the legend, exports), and recognition runs
// without them; shown again, everything is as before.
import { keptGeometry } from '../../core/geometry/clip';
import { checkStrayParameters, STRAY_NEIGHBOURS, STRAY_SIGMA } from '../../core/geometry/strayPoints';
import type { Geometry } from '../../core/types';
import { hiddenStrayOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore, type AppState } from '../../state/store';
import type { StrayHandlers } from '../../workers/stray.worker';
import { whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<StrayHandlers>(() => new Worker(new URL('../../workers/stray.worker.ts', import.meta.url), { type: 'module' }));

/** The k and sigma the panel starts with: the last ones used on the layer, else the defaults. */
export function strayParameters(s: Pick<AppState, 'stray'>): { k: number; sigma: number } {
  return s.stray ? { k: s.stray.k, sigma: s.stray.sigma } : { k: STRAY_NEIGHBOURS, sigma: STRAY_SIGMA };
}

export async function findStrayPointsOfLayer(k: number, sigma: number): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.stray?.status === 'running') return;
  const layerId = layer.id;
  try {
    checkStrayParameters(k, sigma);
  } catch (e) {
    s.setStray({ status: 'error', layerId, k, sigma, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const positions = layerData.geometry.positions;
  const unit = lengthUnitOf(s);
  // the points stay shown while the search runs: nothing is hidden by a search not finished
  s.setStray({ status: 'running', layerId, k, sigma, progress: 0 }, null);
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const found = await client.call('find', { positions, k, sigma }, {
        signal,
        onProgress: (progress) => useAppStore.getState().setStray({ status: 'running', layerId, k, sigma, progress }),
      });
      useAppStore.getState().setStray(
        {
          status: 'done',
          layerId,
          k: found.k,
          sigma,
          count: found.count,
          points: found.stray.length,
          meanDistance: found.meanDistance,
          threshold: found.threshold,
          unit,
          ms: performance.now() - start,
          hidden: false,
        },
        { layerId, positions, stray: found.stray },
      );
    },
    (e, signal) => {
      const message = signal.aborted ? 'Cancelled.' : e instanceof Error ? e.message : String(e);
      useAppStore.getState().setStray({ status: 'error', layerId, k, sigma, message });
    },
  );
}

export function cancelStrayPoints(): void {
  runs.cancel();
}

/** Hides the stray points found (or shows them again): the one switch, so it is undone by itself. */
export function hideStrayPoints(hidden: boolean): void {
  const { stray, setStray } = useAppStore.getState();
  if (stray?.status === 'done') setStray({ ...stray, hidden });
}

/**
 * The active layer as recognition sees it, where hidden stray points leave some of its points out:
 * the others with every array they carry (a mesh's triangles whose corners all stay), and which
 * point of the layer each is; null where it sees every point. The clip does not change what
 * recognition sees.
 */
export function recognitionPart(s: Pick<AppState, 'layerData' | 'stray' | 'strayMarks'>): { geometry: Geometry; kept: Int32Array } | null {
  const stray = hiddenStrayOf(s);
  if (!stray || !s.layerData) return null;
  return keptGeometry(s.layerData.geometry, stray.map((v) => 1 - v));
}
