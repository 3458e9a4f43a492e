// Subsamples a layer off the main thread, and builds the octree the new layer is drawn through: on
// a million points the two take about a second.
import { buildOctree, octreeBuffers, type Octree } from '../core/geometry/octree';
import { subsample, type SubsampleMethod } from '../core/geometry/subsample';
import { keptGeometry } from '../core/geometry/clip';
import { exposeRpc, type RpcContext } from './rpc';

export interface SubsampleReply {
  /** 1 for each point of the layer kept */
  chosen: Uint8Array;
  /** the octree of the points kept, in the layer's order */
  octree: Octree;
}

export const subsampleHandlers = {
  subsample(params: { positions: Float32Array; kept: Uint8Array | null; method: SubsampleMethod; unit: string }, ctx: RpcContext): SubsampleReply {
    const chosen = subsample(params.positions, params.method, { kept: params.kept, unit: params.unit, signal: ctx.signal, onProgress: (f) => ctx.progress(0.9 * f, 'subsampling') });
    const octree = buildOctree(keptGeometry({ kind: 'points', positions: params.positions, fields: {} }, chosen).geometry.positions);
    ctx.progress(1, 'subsampling');
    return ctx.transfer({ chosen, octree }, [chosen.buffer, ...octreeBuffers(octree)]);
  },
};

export type SubsampleHandlers = typeof subsampleHandlers;

exposeRpc(subsampleHandlers);
