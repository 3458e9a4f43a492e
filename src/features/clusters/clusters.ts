// The clusters feature: splits the active layer's kept points (what the clip keeps, less hidden stray
// points) into clusters, leaving out the Planes panel's planes where asked, in a worker started per
// call and always ended; each point's cluster joins the layer as a label field (CLUSTER_FIELD, with
// the names of its ids). "Name the clusters" then classifies each of the largest on the inference
// worker as the Classification panel classifies a whole object, one call a cluster.
import { computeBounds } from '../../core/geometry/bounds';
import { checkClusterParameters, CLUSTER_FIELD, clusterClasses, clusterPoints, CLUSTERS_NAMED, onPlanes, type ClusterOptions } from '../../core/geometry/clusters';
import { PLANE_FIELD } from '../../core/geometry/planes';
import { clusterDecision } from '../../core/ml/roomContext';
import { looksLikeScene } from '../../core/ml/sceneOrObject';
import { keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { attachFieldOf } from '../../state/pointsHeld';
import type { ClusterName, ClusterNaming } from '../../state/slices/clusters';
import { useAppStore } from '../../state/store';
import type { ClustersHandlers } from '../../workers/clusters.worker';
import { onInference } from '../models/inference';
import { keptPoints, onEveryPoint } from '../planes/planes';
import { streamedNote } from '../recognition/streamed';
import { cancelGivesBack, showField, whileActive, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<ClustersHandlers>(() => new Worker(new URL('../../workers/clusters.worker.ts', import.meta.url), { type: 'module' }));

export type ClusterParameters = Pick<ClusterOptions, 'distance' | 'minPoints'> & { withoutPlanes: boolean };

/** Why the planes cannot be left out of a layer without a plane field. */
export const NO_PLANES = 'No planes to leave out: find them first in the Planes panel.';

export async function findClustersOfLayer({ withoutPlanes, ...parameters }: ClusterParameters): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer || !layerData || s.clusters?.status === 'running') return;
  const layerId = layer.id;
  const fields = layerData.geometry.fields;
  try {
    checkClusterParameters(parameters);
    if (withoutPlanes && !fields[PLANE_FIELD]) throw new Error(NO_PLANES);
  } catch (e) {
    s.setClusters({ status: 'error', layerId, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const all = layerData.geometry.positions;
  const searched = keptPoints(all, keptMaskOf(s));
  const plane = fields[PLANE_FIELD];
  const leaveOut = withoutPlanes && plane ? onPlanes(searched.index ? Array.from(searched.index, (i) => plane[i]) : plane) : undefined;
  const unit = lengthUnitOf(s);
  const up = s.settings.upAxis;
  const before = s.clusters?.status === 'done' && s.clusters.layerId === layerId ? s.clusters : null;
  s.setClusters({ status: 'running', layerId, progress: 0 });
  const start = performance.now();
  await runs.run(
    whileActive(layerId),
    async (client, signal) => {
      const found = await client.call(
        'find',
        { positions: searched.index ? searched.positions : all, options: { ...parameters, up, ...(leaveOut && { leaveOut }) } },
        { signal, onProgress: (progress) => useAppStore.getState().setClusters({ status: 'running', layerId, progress }) },
      );
      // the points left out of the search are in no cluster
      const labels = onEveryPoint(found.labels, searched.index, all.length / 3, 0);
      const store = useAppStore.getState();
      attachFieldOf(layerData, CLUSTER_FIELD, labels, clusterClasses(found.clusters.length));
      store.setClusters({
        status: 'done',
        layerId,
        clusters: found.clusters,
        points: found.labels.length,
        clustered: found.clustered,
        withoutPlanes,
        tooSmall: found.tooSmall,
        distance: found.distance,
        spacing: found.spacing,
        autoDistance: parameters.distance === undefined,
        minPoints: found.minPoints,
        up: found.up,
        unit,
        ms: performance.now() - start,
      });
      showField(layerId, CLUSTER_FIELD);
    },
    cancelGivesBack(before, useAppStore.getState().setClusters, (message) => ({ status: 'error' as const, layerId, message })),
  );
}

export function cancelClusters(): void {
  runs.cancel();
}

/** Classifies each of the CLUSTERS_NAMED largest clusters as the Classification panel classifies a file of the same points. */
export async function nameClusters(): Promise<void> {
  const { layer, layerData, clusters, settings } = useAppStore.getState();
  if (!layer || !layerData || clusters?.status !== 'done' || clusters.layerId !== layer.id || clusters.naming?.status === 'running') return;
  const labels = layerData.geometry.fields[CLUSTER_FIELD];
  // false once the clusters named are no longer shown (the layer stepped down, or was clustered again)
  const put = (naming: ClusterNaming): boolean => {
    const now = useAppStore.getState().clusters;
    if (now?.status !== 'done' || now.clusters !== clusters.clusters) return false;
    useAppStore.getState().setClusters({ ...now, naming });
    return true;
  };
  const streamed = streamedNote(layer);
  if (!labels || streamed) {
    put({ status: 'error', message: streamed ?? 'The layer\'s points have changed since: find the clusters again.' });
    return;
  }
  const ids = Int32Array.from(labels);
  const inRoom = looksLikeScene(layerData.geometry, layer.bounds, settings.upAxis, layer.format);
  const of = Math.min(CLUSTERS_NAMED, clusters.clusters.length);
  const names: ClusterName[] = [];
  put({ status: 'running', named: 0, of });
  try {
    for (let i = 0; i < of; i++) {
      const positions = clusterPoints(layerData.geometry.positions, ids, i + 1, clusters.clusters[i].points);
      // before the points go to the worker
      const bounds = computeBounds(positions);
      const { result } = await onInference(({ rpc }) => rpc.call('classify', { object: { kind: 'points', positions }, upAxis: settings.upAxis, topK: 1 }));
      const { label, probability } = result.top[0];
      const { unknown, outOfPlace } = clusterDecision(bounds, label, result.unknown, layer, inRoom);
      names.push({ label, probability, unknown, ...(result.oodScore !== undefined && { oodScore: result.oodScore }), ...(outOfPlace && { outOfPlace }) });
      if (!put({ status: 'running', named: names.length, of })) return;
    }
    put({ status: 'done', names });
  } catch (e) {
    put({ status: 'error', message: `Naming failed: ${e instanceof Error ? e.message : String(e)}` });
  }
}
