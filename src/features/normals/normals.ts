// The normals feature: estimates normals for a cloud that has none, in a worker started per call
// (and always ended), then gives them to the layer: the normal colour mode and lit points follow.
// A streamed layer's nodes fetched since its normals were estimated have none, and it may estimate again.
import { NORMAL_NEIGHBOURS } from '../../core/geometry/normals';
import { looksLikeScene } from '../../core/ml/sceneOrObject';
import { nodesWithoutValues } from '../../core/layers/streamedFields';
import { attachNormalsOf } from '../../state/pointsHeld';
import { useAppStore, type AppState } from '../../state/store';
import type { NormalsHandlers } from '../../workers/normals.worker';
import { createRpcClient } from '../../workers/rpc';

/** Whether the shown layer lacks normals: it has none, or it is streamed and holds nodes fetched since they were estimated. */
export function lacksNormals(s: Pick<AppState, 'layer' | 'layerData'>): boolean {
  const normals = s.layerData?.geometry.normals;
  if (!normals) return true;
  const octree = s.layer?.stream && s.layerData?.octree;
  return !!octree && nodesWithoutValues(normals, octree, 3).nodes > 0;
}

export async function estimateShownNormals(): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData, settings, normals, setNormalsView } = s;
  if (!layer || !layerData || !lacksNormals(s) || normals?.status === 'running') return;
  const layerId = layer.id;
  // a room is scanned from within, an object seen from outside
  const facing = looksLikeScene(layerData.geometry, layer.bounds, settings.upAxis, layer.format) ? 'inward' : 'outward';
  setNormalsView({ status: 'running', layerId, progress: 0 });
  const worker = new Worker(new URL('../../workers/normals.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<NormalsHandlers>(worker);
  const start = performance.now();
  try {
    const { normals } = await client.call(
      'estimate',
      { positions: layerData.geometry.positions, facing, k: NORMAL_NEIGHBOURS },
      { onProgress: (progress) => useAppStore.getState().setNormalsView({ status: 'running', layerId, progress }) },
    );
    const store = useAppStore.getState();
    attachNormalsOf(layerData, normals);
    store.setNormalsView({ status: 'done', layerId, ms: performance.now() - start, k: NORMAL_NEIGHBOURS });
    if (store.layer?.id === layerId) store.updateSettings({ colorMode: 'normal', litPoints: true });
  } catch (e) {
    useAppStore.getState().setNormalsView({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
  } finally {
    client.terminate();
  }
}

/** N: estimates normals where the layer has none, else turns lit points on or off. */
export function normalsKey(): void {
  const { layerData, settings, updateSettings } = useAppStore.getState();
  if (!layerData) return;
  if (layerData.geometry.normals) updateSettings({ litPoints: !settings.litPoints });
  else void estimateShownNormals();
}
