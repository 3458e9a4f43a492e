import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { FLAT_SHADING_TWIN_SHARE, oppositeTwinShare } from '../../../src/core/geometry/meshWinding';

async function meshIndices(path: string): Promise<Uint32Array> {
  const r = await parseFiles([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url))) }]);
  if (r.data.kind !== 'mesh') throw new Error('expected a mesh');
  return r.data.indices;
}

describe('oppositeTwinShare', () => {
  it('counts triangles stored once per winding', () => {
    expect(oppositeTwinShare(new Uint32Array([0, 1, 2, 0, 2, 1]))).toBe(1);
    expect(oppositeTwinShare(new Uint32Array([0, 1, 2, 1, 2, 0]))).toBe(0); // same winding, rotated
    expect(oppositeTwinShare(new Uint32Array([0, 1, 2, 2, 1, 3]))).toBe(0);
    expect(oppositeTwinShare(new Uint32Array([]))).toBe(0);
  });

  it('finds the two-sided triangles of a ShapeNet toilet, and none in a ModelNet OFF', async () => {
    expect(oppositeTwinShare(await meshIndices('samples/shapenet/toilet-ae9e1ff1/model_normalized.obj'))).toBeGreaterThan(FLAT_SHADING_TWIN_SHARE);
    expect(oppositeTwinShare(await meshIndices('tests/fixtures/io/bathtub_0002.off'))).toBeLessThan(FLAT_SHADING_TWIN_SHARE);
  });
});
