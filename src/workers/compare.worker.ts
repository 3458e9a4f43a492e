// Measures one layer against another off the main thread: a million points against a million
// take seconds of nearest-point searches.
import { cloudToCloud, type CloudDistances, type PlacedLayer } from '../core/layers/cloudDistance';
import { exposeRpc, type RpcContext } from './rpc';

export const compareHandlers = {
  distances(params: { compared: PlacedLayer; reference: PlacedLayer }, ctx: RpcContext): CloudDistances {
    const result = cloudToCloud(params.compared, params.reference, { onProgress: (f) => ctx.progress(f, 'distances'), signal: ctx.signal });
    return ctx.transfer(result, [result.distances.buffer]);
  },
};

export type CompareHandlers = typeof compareHandlers;

exposeRpc(compareHandlers);
