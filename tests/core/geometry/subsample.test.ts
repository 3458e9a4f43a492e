import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptGeometry } from '../../../src/core/geometry/clip';
import { checkSubsample, describeSubsample, keptBounds, MAX_GRID_CELLS, subsample } from '../../../src/core/geometry/subsample';
import { parseFiles } from '../../../src/core/io';
import type { PointCloud } from '../../../src/core/types';

const SCAN = new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url);

let scan: PointCloud;
/** Every 5th point of the scan: few enough to compare every pair. */
let small: Float32Array;

beforeAll(async () => {
  scan = (await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(SCAN)) }])).data as PointCloud;
  const n = scan.positions.length / 3;
  small = new Float32Array(3 * Math.ceil(n / 5));
  for (let i = 0, k = 0; i < n; i += 5, k++) small.set(scan.positions.subarray(3 * i, 3 * i + 3), 3 * k);
});

const squared = (p: Float32Array, i: number, j: number) => {
  const ex = p[3 * j] - p[3 * i], ey = p[3 * j + 1] - p[3 * i + 1], ez = p[3 * j + 2] - p[3 * i + 2];
  return ex * ex + ey * ey + ez * ez;
};
const indicesOf = (mask: Uint8Array) => {
  const out: number[] = [];
  mask.forEach((v, i) => v && out.push(i));
  return out;
};
const total = (mask: Uint8Array) => mask.reduce((t, v) => t + v, 0);

describe('minimum spacing', () => {
  it('keeps no two points closer than the spacing, and every point left out has a point kept before it within it (every pair compared)', () => {
    const d = 0.1;
    const chosen = subsample(small, { kind: 'spacing', spacing: d });
    const kept = indicesOf(chosen);
    expect(kept.length).toBeGreaterThan(100);
    expect(kept.length).toBeLessThan(small.length / 3);
    let closer = 0;
    for (let a = 0; a < kept.length; a++) for (let b = a + 1; b < kept.length; b++) if (squared(small, kept[a], kept[b]) < d * d) closer++;
    expect(closer).toBe(0);
    // greedy in file order: a point is left out only for one kept before it
    let leftOutAlone = 0;
    for (let i = 0; i < small.length / 3; i++) if (!chosen[i] && !kept.some((j) => j < i && squared(small, i, j) < d * d)) leftOutAlone++;
    expect(leftOutAlone).toBe(0);
  });

  it('takes only the points the kept mask keeps', () => {
    const n = small.length / 3;
    const mask = new Uint8Array(n).map((_, i) => (small[3 * i + 2] < 1 ? 1 : 0));
    const chosen = subsample(small, { kind: 'spacing', spacing: 0.1 }, { kept: mask });
    expect(total(chosen)).toBeGreaterThan(0);
    expect(indicesOf(chosen).every((i) => mask[i] === 1)).toBe(true);
  });

  it('keeps every point where the spacing is below every distance between them, and one where it spans them all', () => {
    const points = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(Array.from(subsample(points, { kind: 'spacing', spacing: 0.5 }))).toEqual([1, 1, 1, 1]);
    expect(Array.from(subsample(points, { kind: 'spacing', spacing: 2 }))).toEqual([1, 0, 0, 0]);
    // exactly the spacing apart is not closer than it
    expect(Array.from(subsample(points, { kind: 'spacing', spacing: 1 }))).toEqual([1, 1, 1, 1]);
  });
});

describe('voxel grid', () => {
  it('keeps one real point in each occupied voxel, the one nearest its centre', () => {
    const size = 0.2;
    const p = scan.positions;
    const n = p.length / 3;
    const { min } = keptBounds(p);
    const cellOf = (i: number) => [0, 1, 2].map((a) => Math.floor((p[3 * i + a] - min[a]) / size)).join(',');
    const byCell = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const cell = cellOf(i);
      if (!byCell.has(cell)) byCell.set(cell, []);
      byCell.get(cell)!.push(i);
    }
    const chosen = subsample(p, { kind: 'voxel', size });
    expect(total(chosen)).toBe(byCell.size);
    let wrong = 0;
    for (const [cell, members] of byCell) {
      const centre = cell.split(',').map((c, a) => min[a] + (Number(c) + 0.5) * size);
      const dist = (i: number) => [0, 1, 2].reduce((t, a) => t + (p[3 * i + a] - centre[a]) ** 2, 0);
      const picked = members.filter((i) => chosen[i]);
      if (picked.length !== 1 || dist(picked[0]) !== Math.min(...members.map(dist))) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

describe('random to a count', () => {
  it('keeps exactly the count asked, the same points for the same seed and others for another', () => {
    const a = subsample(scan.positions, { kind: 'count', count: 5000, seed: 7 });
    const b = subsample(scan.positions, { kind: 'count', count: 5000, seed: 7 });
    const c = subsample(scan.positions, { kind: 'count', count: 5000, seed: 8 });
    expect(total(a)).toBe(5000);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    // spread over the file, not its first points
    expect(indicesOf(a).at(-1)).toBeGreaterThan((0.99 * scan.positions.length) / 3);
  });

  it('keeps exactly the count of the kept points, and all of them for their count', () => {
    const n = scan.positions.length / 3;
    const mask = new Uint8Array(n).map((_, i) => (i % 3 ? 1 : 0));
    const available = total(mask);
    const some = subsample(scan.positions, { kind: 'count', count: 1234, seed: 1 }, { kept: mask });
    expect(total(some)).toBe(1234);
    expect(indicesOf(some).every((i) => mask[i] === 1)).toBe(true);
    expect(Array.from(subsample(scan.positions, { kind: 'count', count: available, seed: 1 }, { kept: mask }))).toEqual(Array.from(mask));
  });
});

describe('the points kept carry their own fields', () => {
  it('keeps each chosen point with its colour and label, as the file has them', () => {
    const chosen = subsample(scan.positions, { kind: 'spacing', spacing: 0.05 });
    const { geometry, kept } = keptGeometry(scan, chosen);
    expect(kept.length).toBe(total(chosen));
    expect(Object.keys(geometry.fields)).toEqual(Object.keys(scan.fields));
    for (let k = 0; k < kept.length; k += 97) {
      const i = kept[k];
      expect(Array.from(geometry.positions.subarray(3 * k, 3 * k + 3))).toEqual(Array.from(scan.positions.subarray(3 * i, 3 * i + 3)));
      expect(Array.from(geometry.colors!.subarray(3 * k, 3 * k + 3))).toEqual(Array.from(scan.colors!.subarray(3 * i, 3 * i + 3)));
      for (const name of Object.keys(scan.fields)) expect(geometry.fields[name][k]).toBe(scan.fields[name][i]);
    }
  });
});

describe('checkSubsample', () => {
  const box = { min: [0, 0, 0] as [number, number, number], max: [5, 4, 3] as [number, number, number], count: 1000 };

  it('refuses a spacing or voxel that is no length above 0, in the person\'s words', () => {
    expect(() => checkSubsample({ kind: 'spacing', spacing: 0 }, box, 'm')).toThrow('the spacing must be a length above 0, not 0');
    expect(() => checkSubsample({ kind: 'voxel', size: -1 }, box)).toThrow('the voxel size must be a length above 0, not -1');
    expect(() => checkSubsample({ kind: 'spacing', spacing: NaN }, box)).toThrow(/^the spacing must be a length above 0$/);
  });

  it('refuses a spacing whose grid cannot be numbered, before allocating it, and names one that can', () => {
    const tiny = { kind: 'spacing', spacing: 1e-6 } as const;
    expect(() => checkSubsample(tiny, box, 'm')).toThrow(/^a spacing of 0\.000001 m is too small for points 5 m across: its grid would have 6\.0e\+19 cells, more than the 9\.0e\+15 that can be numbered; take 0\.000019 m or more$/);
    const message = (() => {
      try {
        checkSubsample(tiny, box, 'm');
      } catch (e) {
        return (e as Error).message;
      }
    })()!;
    const least = Number(/take ([\d.e-]+) m or more/.exec(message)![1]);
    expect(() => checkSubsample({ kind: 'spacing', spacing: least }, box)).not.toThrow();
    expect(() => checkSubsample({ kind: 'voxel', size: least }, box)).not.toThrow();
    expect(MAX_GRID_CELLS).toBe(2 ** 53);
    // subsample itself refuses it the same way
    expect(() => subsample(new Float32Array([0, 0, 0, 5, 4, 3]), tiny)).toThrow(/too small/);
  });

  it('refuses a count that is not a whole number from 1 to the points there are', () => {
    expect(() => checkSubsample({ kind: 'count', count: 0, seed: 0 }, box)).toThrow('the count must be a whole number from 1 to 1,000, the points there are, not 0');
    expect(() => checkSubsample({ kind: 'count', count: 1001, seed: 0 }, box)).toThrow(/not 1001/);
    expect(() => checkSubsample({ kind: 'count', count: 2.5, seed: 0 }, box)).toThrow(/not 2.5/);
    expect(() => checkSubsample({ kind: 'count', count: 1000, seed: 0 }, box)).not.toThrow();
  });

  it('refuses to run on no points', () => {
    expect(() => checkSubsample({ kind: 'count', count: 1, seed: 0 }, { ...box, count: 0 })).toThrow(/no points to subsample/);
  });
});

describe('describeSubsample', () => {
  it('writes each method as a person reads it', () => {
    expect(describeSubsample({ kind: 'spacing', spacing: 0.05 }, 'm')).toBe('0.05 m spacing');
    expect(describeSubsample({ kind: 'voxel', size: 0.1 })).toBe('0.1 voxels');
    expect(describeSubsample({ kind: 'count', count: 10000, seed: 0 })).toBe('10,000 at random');
  });
});
