import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { chamferDistance } from '../../../src/core/representations/chamfer';
import { compareRepresentations, CLOUD_POINTS } from '../../../src/core/representations/compareRepresentations';
import { backProject, renderDepthViews } from '../../../src/core/representations/depthViews';
import { voxelCentres, voxelize } from '../../../src/core/representations/voxelGrid';
import type { Geometry } from '../../../src/core/types';

async function load(path: string): Promise<Geometry> {
  const name = path.split('/').pop()!;
  return (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../${path}`, import.meta.url))) }])).data;
}

function bruteChamfer(a: Float32Array, b: Float32Array): number {
  const one = (p: Float32Array, q: Float32Array) => {
    let sum = 0;
    for (let i = 0; i < p.length; i += 3) {
      let best = Infinity;
      for (let j = 0; j < q.length; j += 3) best = Math.min(best, Math.hypot(p[i] - q[j], p[i + 1] - q[j + 1], p[i + 2] - q[j + 2]));
      sum += best;
    }
    return sum / (p.length / 3);
  };
  return (one(a, b) + one(b, a)) / 2;
}

const CHAIR = 'samples/shapenet/chair-356fc758/model_normalized.obj';
const CLOUD = 'samples/modelnet40/guitar_0165.txt';

describe('chamferDistance', () => {
  it('agrees with the brute-force distance between two real clouds', async () => {
    const chair = await load(CHAIR);
    const guitar = await load(CLOUD);
    const a = chair.positions.subarray(0, 3 * 800);
    const b = guitar.positions.subarray(0, 3 * 1200);
    expect(chamferDistance(a, b)).toBeCloseTo(bruteChamfer(a, b), 6);
    expect(chamferDistance(a, a)).toBe(0);
    expect(chamferDistance(a, b)).toBeCloseTo(chamferDistance(b, a), 9);
    expect(chamferDistance(new Float32Array(0), b)).toBeNaN();
  });
});

describe('voxelize', () => {
  it('sets exactly the cells the points of a real cloud fall in', async () => {
    const guitar = await load(CLOUD);
    const bounds = computeBounds(guitar.positions);
    const grid = voxelize(guitar.positions, bounds, 32);
    const cells = new Set<number>();
    for (let i = 0; i < guitar.positions.length; i += 3) {
      const c = [0, 1, 2].map((d) => Math.min(31, Math.floor((guitar.positions[i + d] - grid.origin[d]) / grid.cell)));
      expect(c.every((v) => v >= 0)).toBe(true);
      cells.add((c[0] * 32 + c[1]) * 32 + c[2]);
    }
    expect(grid.occupied).toBe(cells.size);
    expect([...cells].every((c) => grid.occupancy[c] === 1)).toBe(true);
    // every centre lies within half a cell diagonal of a point it stands for
    const centres = voxelCentres(grid);
    expect(centres.length / 3).toBe(grid.occupied);
    expect(chamferDistance(centres, guitar.positions)).toBeLessThan(grid.cell);
  });
});

describe('renderDepthViews', () => {
  it('sees a real mesh from every one of 12 cameras and gives back points on its surface', async () => {
    const chair = await load(CHAIR);
    if (chair.kind !== 'mesh') throw new Error('expected a mesh');
    const bounds = computeBounds(chair.positions);
    const views = renderDepthViews(chair.positions, chair.indices, bounds, '+y');
    expect(views.depth.length).toBe(12 * 64 * 64);
    for (let v = 0; v < 12; v++) {
      const image = views.depth.subarray(v * 64 * 64, (v + 1) * 64 * 64);
      expect(image.filter((d) => !Number.isNaN(d)).length).toBeGreaterThan(200);
    }
    const back = backProject(views);
    const pixel = (2 * views.radius) / 64;
    // a covered pixel's point is where the surface is, to within about a pixel
    const sample = await compareRepresentations(chair, '+y');
    expect(chamferDistance(back, sample.reference)).toBeLessThan(pixel);
  });
});

describe('compareRepresentations', () => {
  it('measures a ShapeNet mesh as mesh, cloud, voxels and views', async () => {
    const chair = await load(CHAIR);
    const { stats } = compareRepresentations(chair, '+y');
    expect(stats.map((s) => s.kind)).toEqual(['mesh', 'points', 'voxels', 'views']);
    const by = Object.fromEntries(stats.map((s) => [s.kind, s]));
    expect(by.mesh.bytes).toBe(chair.positions.byteLength + (chair.kind === 'mesh' ? chair.indices.byteLength : 0));
    expect(by.mesh.chamfer).toBe(0);
    expect(by.points.bytes).toBe(CLOUD_POINTS * 12);
    expect(by.voxels.bytes).toBe(32 ** 3);
    expect(by.views.bytes).toBe(12 * 64 * 64 * 4);
    for (const s of stats.slice(1)) {
      expect(s.chamferRelative).toBeGreaterThan(0);
      expect(s.chamferRelative).toBeLessThan(0.05);
      expect(s.ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('takes a cloud as its own reference and has no mesh row', async () => {
    const guitar = await load(CLOUD);
    const { stats, reference } = compareRepresentations(guitar, '+y');
    expect(stats.map((s) => s.kind)).toEqual(['points', 'voxels', 'views']);
    expect(reference.length).toBeLessThanOrEqual(guitar.positions.length);
  });
});
