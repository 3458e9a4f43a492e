// Splits a cloud into clusters off the main thread: a scan of a million points takes seconds.
import { findClusters, type ClusterOptions, type ClusterSearch } from '../core/geometry/clusters';
import { exposeRpc, type RpcContext } from './rpc';

export const clustersHandlers = {
  find(params: { positions: Float32Array; options: Omit<ClusterOptions, 'onProgress' | 'signal'> }, ctx: RpcContext): ClusterSearch {
    const found = findClusters(params.positions, { ...params.options, onProgress: (f) => ctx.progress(f, 'clusters'), signal: ctx.signal });
    return ctx.transfer(found, [found.labels.buffer]);
  },
};

export type ClustersHandlers = typeof clustersHandlers;

exposeRpc(clustersHandlers);
