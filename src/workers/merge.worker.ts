// Merges layers off the main thread, and builds the octree the merged layer is drawn through: on
// a million points the two take about a second.
import { buildOctree, octreeBuffers, type Octree } from '../core/geometry/octree';
import { mergeParts, type MergePart, type MergeSummary } from '../core/layers/merge';
import type { PointCloud } from '../core/types';
import { exposeRpc, type RpcContext } from './rpc';

export interface MergeReply {
  cloud: PointCloud;
  summary: MergeSummary;
  /** the octree of the merged points, in their order */
  octree: Octree;
}

export const mergeHandlers = {
  merge(params: { parts: MergePart[]; budget: number }, ctx: RpcContext): MergeReply {
    const { cloud, summary } = mergeParts(params.parts, params.budget);
    const octree = buildOctree(cloud.positions);
    const arrays = [cloud.positions, cloud.colors, cloud.normals, ...Object.values(cloud.fields)].filter((a) => a !== undefined);
    return ctx.transfer({ cloud, summary, octree }, [...arrays.map((a) => a.buffer as ArrayBuffer), ...octreeBuffers(octree)]);
  },
};

export type MergeHandlers = typeof mergeHandlers;

exposeRpc(mergeHandlers);
