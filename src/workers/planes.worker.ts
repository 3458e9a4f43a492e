// Finds a cloud's planes off the main thread: a scan of a million points takes seconds.
import { findPlanes, type PlaneOptions, type PlaneSearch } from '../core/geometry/planes';
import { exposeRpc, type RpcContext } from './rpc';

export const planesHandlers = {
  find(params: { positions: Float32Array; options: Omit<PlaneOptions, 'onProgress' | 'signal'> }, ctx: RpcContext): PlaneSearch {
    const found = findPlanes(params.positions, { ...params.options, onProgress: (f) => ctx.progress(f, 'planes'), signal: ctx.signal });
    return ctx.transfer(found, [found.labels.buffer]);
  },
};

export type PlanesHandlers = typeof planesHandlers;

exposeRpc(planesHandlers);
