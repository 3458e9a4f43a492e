// The ground feature: splits the active layer's kept points (what the clip keeps, less hidden stray
// points) into ground and what stands on it, as PDAL's filters.smrf and CloudCompare's CSF plugin do,
// in a worker started per call and always ended. Each point's class joins the layer as a label field
// (GROUND_FIELD, 2 ground and 1 not, the ASPRS classes' ids), so the colour modes, the legend, the
// inspector and the exports carry it, and a LAS export takes its classes from it as they are.
import { checkGroundParameters, GROUND_FIELD, groundClasses, unitsPerMetre, type GroundParameters } from '../../core/geometry/ground';
import { keptMaskOf } from '../../state/clipMask';
import { layerUnitOf, lengthUnitOf } from '../../state/measurements';
import { useAppStore, type AppState } from '../../state/store';
import type { GroundHandlers } from '../../workers/ground.worker';
import { cancelGivesBack, showField, whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<GroundHandlers>(() => new Worker(new URL('../../workers/ground.worker.ts', import.meta.url), { type: 'module' }));

/** The active layer's units in a metre, which the defaults are turned by. */
export const unitsPerMetreOf = (s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): number => unitsPerMetre(layerUnitOf(s));

export async function findGroundOfLayer(parameters: GroundParameters): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.ground?.status === 'running') return;
  const layerId = layer.id;
  try {
    checkGroundParameters(parameters);
  } catch (e) {
    s.setGround({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const positions = layerData.geometry.positions;
  const up = s.settings.upAxis;
  const unit = lengthUnitOf(s);
  const unitsPerMetre = unitsPerMetreOf(s);
  // a search cancelled gives back the one before it, whose split the layer still holds and shows
  const before = s.ground?.status === 'done' && s.ground.layerId === layerId ? s.ground : null;
  s.setGround({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const split = await client.call(
        'find',
        { positions, options: { ...parameters, up, unit, unitsPerMetre, kept: keptMaskOf(s) } },
        { signal, onProgress: (progress) => useAppStore.getState().setGround({ status: 'running', layerId, progress }) },
      );
      const store = useAppStore.getState();
      store.attachField(layerId, GROUND_FIELD, split.labels, groundClasses());
      const { labels: _labels, ...found } = split;
      store.setGround({ status: 'done', layerId, ...found, total: positions.length / 3, up, unit, ms: performance.now() - start });
      showField(layerId, GROUND_FIELD);
    },
    cancelGivesBack(before, useAppStore.getState().setGround, (message) => ({ status: 'error' as const, layerId, message })),
  );
}

export function cancelGround(): void {
  runs.cancel();
}
