// Measures one layer against another off the main thread: a million points against a million
// take seconds of nearest-point searches.
import { cloudToCloud, type CloudDistances, type ComparisonOptions, type PlacedLayer } from '../core/layers/cloudDistance';
import { exposeRpc, type RpcContext } from './rpc';

export const compareHandlers = {
  distances(params: { compared: PlacedLayer; reference: PlacedLayer; options: ComparisonOptions }, ctx: RpcContext): CloudDistances {
    const result = cloudToCloud(params.compared, params.reference, { ...params.options, onProgress: (f) => ctx.progress(f, 'distances'), signal: ctx.signal });
    return ctx.transfer(result, [result.distances.buffer, ...(result.offsets ?? []).map((o) => o.buffer)]);
  },
};

export type CompareHandlers = typeof compareHandlers;

exposeRpc(compareHandlers);
