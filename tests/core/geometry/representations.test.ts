import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { backProject, chamferDistance, depthViews, surfaceSample, voxelCentres, voxelize } from '../../../src/core/geometry/representations';

// a unit cube's surface, 6 faces of 20x20 points
const cube = Float32Array.from(
  (() => {
    const out: number[] = [];
    for (let f = 0; f < 6; f++) {
      for (let i = 0; i < 20; i++) {
        for (let j = 0; j < 20; j++) {
          const a = (i + 0.5) / 20, b = (j + 0.5) / 20, k = f % 3, side = f < 3 ? 0 : 1;
          const p = [0, 0, 0];
          p[k] = side;
          p[(k + 1) % 3] = a;
          p[(k + 2) % 3] = b;
          out.push(...p);
        }
      }
    }
    return out;
  })(),
);

describe('chamferDistance', () => {
  it('is zero for the same points and grows with an offset, both ways', () => {
    expect(chamferDistance(cube, cube)).toBe(0);
    const moved = cube.map((v, i) => (i % 3 === 0 ? v + 0.1 : v));
    const d = chamferDistance(cube, moved);
    expect(d).toBeGreaterThan(0.05);
    expect(d).toBeLessThanOrEqual(0.2 + 1e-6);
    expect(chamferDistance(moved, cube)).toBeCloseTo(d, 6);
  });
});

describe('voxelize', () => {
  it('occupies the cells of a cube\'s surface and not its inside', () => {
    const g = voxelize(cube, 8);
    expect(g.occupancy.length).toBe(512);
    const occupied = g.occupancy.reduce((a, b) => a + b, 0);
    expect(occupied).toBe(8 ** 3 - 6 ** 3);
    expect(chamferDistance(voxelCentres(g), cube)).toBeLessThan(0.15);
  });
});

describe('depthViews', () => {
  it('sees a cube from around the up axis and back-projects near its surface', () => {
    const dv = depthViews(cube, 12, 32, 'y');
    expect(dv.depth.length).toBe(12 * 32 * 32);
    const seen = backProject(dv);
    expect(seen.length / 3).toBeGreaterThan(12 * 100);
    expect(chamferDistance(seen, cube)).toBeLessThan(0.15);
    // the view looking along +z sees the face at z = 0 first: its depth is the nearest
    const front = dv.depth.subarray(0, 32 * 32).filter(Number.isFinite);
    expect(Math.min(...front)).toBeGreaterThan(0);
  });
});

describe('the four forms of a real mesh', () => {
  it('each stay within its resolution of the surface', async () => {
    const dir = new URL('../../../samples/shapenet/chair-356fc758/', import.meta.url);
    const mesh = (await parseFiles(['model_normalized.obj', 'model_normalized.mtl'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) })))).data;
    const reference = surfaceSample(mesh, 4096, 1);
    const cloud = surfaceSample(mesh, 1024, 2);
    const voxels = voxelCentres(voxelize(reference, 32));
    const views = backProject(depthViews(reference, 12, 64, 'y'));
    const dCloud = chamferDistance(cloud, reference);
    const dVoxels = chamferDistance(voxels, reference);
    const dViews = chamferDistance(views, reference);
    for (const d of [dCloud, dVoxels, dViews]) expect(d).toBeGreaterThan(0);
    // a 32^3 grid puts each point up to half a cell diagonal away; the chair is about 1 unit across
    expect(dVoxels).toBeLessThan(0.1);
    expect(dViews).toBeLessThan(0.2);
  });
});
