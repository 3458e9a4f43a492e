// Splits a cloud's ground from what stands on it off the main thread: a survey of millions of points takes seconds.
import { findGround, type GroundOptions, type GroundSplit } from '../core/geometry/ground';
import { exposeRpc, type RpcContext } from './rpc';

export const groundHandlers = {
  find(params: { positions: Float32Array; options: Omit<GroundOptions, 'onProgress' | 'signal'> }, ctx: RpcContext): GroundSplit {
    const split = findGround(params.positions, { ...params.options, onProgress: (f) => ctx.progress(f, 'ground'), signal: ctx.signal });
    return ctx.transfer(split, [split.labels.buffer]);
  },
};

export type GroundHandlers = typeof groundHandlers;

exposeRpc(groundHandlers);
