// Finds a cloud's stray points off the main thread: a million points' neighbourhoods take seconds.
import { findStrayPoints, type StrayPoints } from '../core/geometry/strayPoints';
import { exposeRpc, type RpcContext } from './rpc';

export const strayHandlers = {
  find(params: { positions: Float32Array; k: number; sigma: number }, ctx: RpcContext): StrayPoints {
    const found = findStrayPoints(params.positions, { k: params.k, sigma: params.sigma, onProgress: (f) => ctx.progress(f, 'stray points'), signal: ctx.signal });
    return ctx.transfer(found, [found.stray.buffer]);
  },
};

export type StrayHandlers = typeof strayHandlers;

exposeRpc(strayHandlers);
