import { describe, expect, it } from 'vitest';
import { VoxelHash } from '../../../src/core/geometry/voxelHash';

describe('VoxelHash', () => {
  it('gives keys their slots in order of first insertion, through growth, and -1 for keys never added', () => {
    const table = new VoxelHash(2);
    // keys past 2^32 and near 2^53, which a voxel key of a wide grid reaches
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 2 ? 2 ** 52 + i * 7919 : i * 2 ** 33 + 5));
    keys.forEach((k, i) => expect(table.add(k)).toBe(i));
    keys.forEach((k, i) => expect(table.add(k)).toBe(i));
    expect(table.size).toBe(keys.length);
    keys.forEach((k, i) => expect(table.get(k)).toBe(i));
    for (const k of [1, 2 ** 52 + 1, 3 * 2 ** 33 + 6]) expect(table.get(k)).toBe(-1);
  });
});
