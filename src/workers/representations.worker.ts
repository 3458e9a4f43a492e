// Makes and measures the representations of one object off the main thread: the depth views of a
// big mesh take a while, and the chamfer distances read every point.
import type { SignedAxis } from '../core/geometry/signedAxis';
import { compareRepresentations, type RepresentationComparison } from '../core/representations/compareRepresentations';
import type { Geometry } from '../core/types';
import { collectBuffers, exposeRpc, type RpcContext } from './rpc';

export const representationHandlers = {
  compare(params: { geometry: Geometry; up: SignedAxis }, ctx: RpcContext): RepresentationComparison {
    const comparison = compareRepresentations(params.geometry, params.up);
    return ctx.transfer(comparison, collectBuffers(comparison));
  },
};

export type RepresentationHandlers = typeof representationHandlers;

exposeRpc(representationHandlers);
