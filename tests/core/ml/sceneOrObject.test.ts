import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { looksLikeScene } from '../../../src/core/ml/sceneOrObject';

async function judge(path: string): Promise<boolean> {
  const name = path.split('/').pop()!;
  const r = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url))) }]);
  return looksLikeScene(r.data, computeBounds(r.data.positions), r.upAxis ?? 'y');
}

describe('looksLikeScene', () => {
  it('takes a ScanNet room scan for a scene', async () => {
    expect(await judge('samples/scannet/scene0007_00.ply')).toBe(true);
  });
  it('takes an S3DIS room for a scene', async () => {
    expect(await judge('samples/s3dis/Area_6_pantry_1.xyz')).toBe(true);
  });
  it('takes a ModelNet cloud and a ShapeNet mesh for objects', async () => {
    expect(await judge('samples/modelnet40/chair_0962.txt')).toBe(false);
    expect(await judge('samples/shapenet/chair-356fc758/model_normalized.obj')).toBe(false);
  });
});
