// One worker per comparison, always ended: whether it answered, failed, or the layer changed.
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { RepresentationComparison } from '../../core/representations/compareRepresentations';
import type { Geometry } from '../../core/types';
import type { RepresentationHandlers } from '../../workers/representations.worker';
import { createRpcClient } from '../../workers/rpc';

export async function compareInWorker(geometry: Geometry, up: SignedAxis, signal: AbortSignal): Promise<RepresentationComparison> {
  const worker = new Worker(new URL('../../workers/representations.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<RepresentationHandlers>(worker);
  // The layer keeps its arrays, so the worker gets copies.
  const copy: Geometry =
    geometry.kind === 'mesh'
      ? { kind: 'mesh', positions: geometry.positions.slice(), indices: geometry.indices.slice(), faceCount: geometry.faceCount, groups: [], fields: {} }
      : { kind: 'points', positions: geometry.positions.slice(), fields: {} };
  const transfer = [copy.positions.buffer, ...(copy.kind === 'mesh' ? [copy.indices.buffer] : [])];
  try {
    return await client.call('compare', { geometry: copy, up }, { transfer, signal });
  } finally {
    client.terminate();
  }
}
