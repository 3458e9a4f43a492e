import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_FEATURES,
  blockMembers,
  buildBlocks,
  chunkIndices,
  blockCentre,
  writeBlockFeatures,
  type BlockSource,
} from '../../../src/core/geometry/blocks';
import { localShape } from '../../../src/core/geometry/localShape';
import { createRng } from '../../../src/core/random';

// written by training/pointlens_train/pipelines/seg_fixtures.py from a real ScanNet scan
const fx = JSON.parse(readFileSync(new URL('../../fixtures/seg/blocks_parity.json', import.meta.url), 'utf8'));
const positions = Float32Array.from(fx.positions as number[]);
const colors = Uint8Array.from(fx.colors as number[]);

describe('blocks match the Python training code', () => {
  const blocks = buildBlocks(positions, fx.block);
  const F = BLOCK_FEATURES.length;
  const source: BlockSource = { positions, colors, shape: localShape(positions, blocks.room.lo), room: blocks.room, features: F };

  it('uses the same random numbers', () => {
    const rng = createRng(fx.seed);
    expect(fx.rng.map(() => rng())).toEqual(fx.rng);
  });

  it('builds the same grid and members', () => {
    expect(blocks.room.lo).toEqual(fx.room.lo);
    expect(blocks.room.hi).toEqual(fx.room.hi);
    expect([blocks.nx, blocks.ny]).toEqual([fx.nx, fx.ny]);
    expect(Array.from(blocks.ids)).toEqual(fx.ids);
    expect(Array.from(blocks.offsets)).toEqual(fx.offsets);
    expect(Array.from(blocks.points)).toEqual(fx.members);
  });

  it('cuts the same chunks', () => {
    fx.chunks.forEach((chunk: number[], k: number) => {
      expect(Array.from(chunkIndices(blockMembers(blocks, k), blocks.ids[k], fx.points, fx.seed))).toEqual(chunk);
    });
  });

  it('writes the same tensors, bit for bit', () => {
    fx.tensors.forEach((expected: number[], k: number) => {
      const idx = chunkIndices(blockMembers(blocks, k), blocks.ids[k], fx.points, fx.seed);
      const out = new Float32Array(F * fx.points);
      writeBlockFeatures(source, blockCentre(blocks, k), idx, 0, fx.points, out, 0, 'BCN');
      expect(Array.from(out)).toEqual(expected);
    });
    const idx = chunkIndices(blockMembers(blocks, 0), blocks.ids[0], fx.points, fx.seed);
    const grey = new Float32Array(F * fx.points);
    writeBlockFeatures({ ...source, colors: undefined }, blockCentre(blocks, 0), idx, 0, fx.points, grey, 0, 'BCN');
    expect(Array.from(grey)).toEqual(fx.grey_tensor);
  });

  it('writes only the features a network takes: the first nine need no local shape', () => {
    const idx = chunkIndices(blockMembers(blocks, 0), blocks.ids[0], fx.points, fx.seed);
    const nine = new Float32Array(9 * fx.points);
    writeBlockFeatures({ ...source, shape: undefined, features: 9 }, blockCentre(blocks, 0), idx, 0, fx.points, nine, 0, 'BCN');
    expect(Array.from(nine)).toEqual(fx.tensors[0].slice(0, 9 * fx.points));
    expect(() => writeBlockFeatures({ ...source, shape: undefined }, blockCentre(blocks, 0), idx, 0, fx.points, nine, 0, 'BCN')).toThrow(
      /local shape/,
    );
  });
});

describe('blocks', () => {
  it('puts every point in at least one block, and each block holds only points inside its square', () => {
    const blocks = buildBlocks(positions, fx.block);
    const seen = new Uint8Array(positions.length / 3);
    for (let k = 0; k < blocks.ids.length; k++) {
      const [cx, cy] = blockCentre(blocks, k);
      for (const p of blockMembers(blocks, k)) {
        seen[p] = 1;
        expect(Math.abs(positions[3 * p] - cx)).toBeLessThanOrEqual(fx.block.size / 2 + 1e-6);
        expect(Math.abs(positions[3 * p + 1] - cy)).toBeLessThanOrEqual(fx.block.size / 2 + 1e-6);
      }
    }
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('covers every member in the chunks, and repeats a small block evenly', () => {
    const members = Int32Array.from([5, 9, 11]);
    const idx = chunkIndices(members, 0, 8, 1);
    expect(idx.length).toBe(8);
    const counts = [5, 9, 11].map((m) => idx.filter((v) => v === m).length);
    expect(counts.sort()).toEqual([2, 3, 3]);
    const big = Int32Array.from({ length: 20 }, (_, i) => i);
    const chunks = chunkIndices(big, 3, 8, 1);
    expect(chunks.length).toBe(24);
    expect(new Set(chunks.subarray(0, 20)).size).toBe(20);
  });

  it('gives a flat cloud one block and unit extents', () => {
    const flat = Float32Array.from([0, 0, 1, 0.5, 0.2, 1, 0.1, 0.9, 1]);
    const blocks = buildBlocks(flat, { size: 1.5, stride: 0.75 });
    expect(blocks.ids.length).toBe(1);
    expect(blocks.room.extent[2]).toBe(1);
  });

  it('stores only occupied blocks, so a cloud 40 km wide costs what its points cost', () => {
    // two 1 m patches at opposite corners of a 40 km square: 2.8e9 grid cells, 8 occupied
    const far = 40000;
    const cloud = Float32Array.from([0, 0, 0, 0.5, 0.5, 1, far, far, 0, far - 0.5, far - 0.5, 1]);
    const spec = { size: 1.5, stride: 0.75 };
    const blocks = buildBlocks(cloud, spec);
    expect(blocks.nx * blocks.ny).toBeGreaterThan(2 ** 31);
    expect(blocks.ids.length).toBeLessThanOrEqual(8);
    expect(Array.from(blocks.ids)).toEqual([...blocks.ids].sort((a, b) => a - b));
    // each point is in exactly the blocks whose square holds it
    for (let p = 0; p < 4; p++) {
      const holding = Array.from(blocks.ids.keys()).filter((k) => {
        const [cx, cy] = blockCentre(blocks, k);
        return Math.abs(cloud[3 * p] - cx) <= spec.size / 2 && Math.abs(cloud[3 * p + 1] - cy) <= spec.size / 2;
      });
      const member = Array.from(blocks.ids.keys()).filter((k) => blockMembers(blocks, k).includes(p));
      expect(member).toEqual(holding);
      expect(member.length).toBeGreaterThan(0);
    }
  });

  it('writes BNC as the transpose of BCN', () => {
    const blocks = buildBlocks(positions, fx.block);
    const idx = chunkIndices(blockMembers(blocks, 1), blocks.ids[1], 16, 0);
    const F = BLOCK_FEATURES.length;
    const source: BlockSource = { positions, colors, shape: localShape(positions, blocks.room.lo), room: blocks.room, features: F };
    const bcn = new Float32Array(F * 16);
    const bnc = new Float32Array(F * 16);
    writeBlockFeatures(source, blockCentre(blocks, 1), idx, 0, 16, bcn, 0, 'BCN');
    writeBlockFeatures(source, blockCentre(blocks, 1), idx, 0, 16, bnc, 0, 'BNC');
    for (let f = 0; f < F; f++) for (let n = 0; n < 16; n++) expect(bnc[n * F + f]).toBe(bcn[f * 16 + n]);
  });
});
