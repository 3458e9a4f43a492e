// Estimates normals for a cloud off the main thread: a million points take seconds of PCA.
import { estimateNormals, type NormalFacing } from '../core/geometry/normals';
import { exposeRpc, type RpcContext } from './rpc';

export const normalsHandlers = {
  estimate(params: { positions: Float32Array; facing: NormalFacing; k: number }, ctx: RpcContext): { normals: Float32Array } {
    const normals = estimateNormals(params.positions, { facing: params.facing, k: params.k, onProgress: (f) => ctx.progress(f, 'normals'), signal: ctx.signal });
    return ctx.transfer({ normals }, [normals.buffer]);
  },
};

export type NormalsHandlers = typeof normalsHandlers;

exposeRpc(normalsHandlers);
