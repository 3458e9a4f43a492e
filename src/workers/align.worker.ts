// Aligns one layer to another off the main thread: each iteration searches up to 50,000 points'
// nearest neighbours among the reference's, and a mesh reference is sampled first.
import { alignLayer, type Alignment, type AlignStep, type MovingLayer } from '../core/layers/align';
import type { PlacedLayer } from '../core/layers/cloudDistance';
import { exposeRpc, type EventContext } from './rpc';

export const alignHandlers = {
  align(params: { moving: MovingLayer; reference: PlacedLayer; adjustScale: boolean }, ctx: EventContext<AlignStep>): Alignment {
    return alignLayer(params.moving, params.reference, {
      adjustScale: params.adjustScale,
      signal: ctx.signal,
      onIteration: (step) => {
        ctx.progress(step.fraction, 'aligning');
        ctx.emit(step);
      },
    });
  },
};

export type AlignHandlers = typeof alignHandlers;

exposeRpc(alignHandlers);
