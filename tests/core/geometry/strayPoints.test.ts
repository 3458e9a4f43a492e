import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { buildKdTree, NearestSearch } from '../../../src/core/geometry/kdTree';
import { findStrayPoints, meanNeighbourDistances, STRAY_NEIGHBOURS, STRAY_SIGMA } from '../../../src/core/geometry/strayPoints';
import { parseFiles } from '../../../src/core/io';
import { createRng } from '../../../src/core/random';

async function read(url: URL): Promise<Float32Array> {
  const name = url.pathname.split('/').pop()!;
  return (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(url)) }])).data.positions;
}

const ROOM = new URL('../../../samples/scannet/scene0007_00.ply', import.meta.url);

/**
 * The cloud with `added` points scattered around it: each in a random direction from its centre, out
 * past its box by 0.5 to 2 times the box's half diagonal, where nothing was scanned.
 */
function withPointsAround(positions: Float32Array, added: number, seed: number): Float32Array {
  const { min, max } = computeBounds(positions);
  const centre = [0, 1, 2].map((a) => (min[a] + max[a]) / 2);
  const half = Math.hypot(...[0, 1, 2].map((a) => (max[a] - min[a]) / 2));
  const rng = createRng(seed);
  const out = new Float32Array(positions.length + 3 * added);
  out.set(positions);
  for (let i = 0; i < added; i++) {
    const d = [rng() - 0.5, rng() - 0.5, rng() - 0.5];
    const len = Math.hypot(...d) || 1;
    const r = half * (1.5 + 1.5 * rng());
    for (let a = 0; a < 3; a++) out[positions.length + 3 * i + a] = centre[a] + (d[a] / len) * r;
  }
  return out;
}

/** Each point's mean distance to its k nearest others, by measuring to every point. */
function bruteMeans(p: Float32Array, k: number): number[] {
  const n = p.length / 3;
  return Array.from({ length: n }, (_, i) => {
    const d: number[] = [];
    for (let j = 0; j < n; j++) if (j !== i) d.push(Math.hypot(p[3 * j] - p[3 * i], p[3 * j + 1] - p[3 * i + 1], p[3 * j + 2] - p[3 * i + 2]));
    d.sort((a, b) => a - b);
    return d.slice(0, k).reduce((s, v) => s + v, 0) / k;
  });
}

describe('stray points', () => {
  it('finds every one of 200 points scattered around a real ScanNet room, and few of its own', async () => {
    const room = await read(ROOM);
    const n = room.length / 3;
    const cloud = withPointsAround(room, 200, 11);
    const found = findStrayPoints(cloud);
    expect([found.k, found.sigma]).toEqual([STRAY_NEIGHBOURS, STRAY_SIGMA]);
    for (let i = n; i < n + 200; i++) expect(found.stray[i]).toBe(1);
    let real = 0;
    for (let i = 0; i < n; i++) real += found.stray[i];
    expect(found.count).toBe(200 + real);
    expect(real / n).toBeLessThan(0.01);
    // the room's points are about 2 cm apart; the threshold lies between them and the scattered ones
    expect(found.meanDistance).toBeGreaterThan(0.005);
    expect(found.threshold).toBeGreaterThan(found.meanDistance);
  });

  it('takes about 3% of the same room with nothing added, the sparsest of it, and fewer at a higher sigma', async () => {
    const room = await read(ROOM);
    const n = room.length / 3;
    const two = findStrayPoints(room);
    expect(two.count / n).toBeGreaterThan(0.01);
    expect(two.count / n).toBeLessThan(0.05);
    const three = findStrayPoints(room, { sigma: 3 });
    expect(three.count).toBeLessThan(two.count);
    for (let i = 0; i < n; i++) if (three.stray[i]) expect(two.stray[i]).toBe(1);
  });

  it('gives each point of the ModelNet bathtub and of points far from it the mean distance to its k nearest others', async () => {
    const tub = withPointsAround(await read(new URL('../../fixtures/io/bathtub_0002.off', import.meta.url)), 30, 5);
    for (const k of [1, 6, 16]) {
      const means = meanNeighbourDistances(tub, k);
      bruteMeans(tub, k).forEach((m, i) => expect(means[i]).toBeCloseTo(m, 4));
    }
  });

  it('reports progress up to 1, stops when cancelled, and leaves a cloud of one point alone', async () => {
    const room = await read(ROOM);
    const seen: number[] = [];
    findStrayPoints(room, { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.length).toBeGreaterThan(2);
    const abort = new AbortController();
    abort.abort();
    expect(() => findStrayPoints(room, { signal: abort.signal })).toThrow(/cancelled/);
    expect(findStrayPoints(new Float32Array([1, 2, 3])).count).toBe(0);
    // with fewer other points than k, the mean is over all of them
    expect(findStrayPoints(new Float32Array([0, 0, 0, 1, 0, 0, 0, 3, 0])).k).toBe(2);
  });

  it('says what is wrong with a k or sigma it cannot use', () => {
    const p = new Float32Array(30);
    expect(() => findStrayPoints(p, { k: 0 })).toThrow(/whole number from 1 to 100, not 0/);
    expect(() => findStrayPoints(p, { k: 2.5 })).toThrow(/not 2.5/);
    expect(() => findStrayPoints(p, { sigma: -1 })).toThrow(/0 or more, not -1/);
    // an empty field: nothing to quote back
    expect(() => findStrayPoints(p, { sigma: NaN })).toThrow(/^the standard deviations past the mean must be a number of 0 or more$/);
    expect(() => findStrayPoints(p, { k: NaN })).toThrow(/^the neighbours to average over must be a whole number from 1 to 100$/);
  });
});

describe('k-d tree k nearest points', () => {
  it('finds the k nearest of the ModelNet bathtub, nearest first, as a search of every vertex does, with or without a bound to start from', async () => {
    const points = await read(new URL('../../fixtures/io/bathtub_0002.off', import.meta.url));
    const search = new NearestSearch(buildKdTree(points), 20);
    const dist = new Float64Array(20);
    const index = new Uint32Array(20);
    const rng = createRng(2);
    for (let t = 0; t < 100; t++) {
      const q = [0, 1, 2].map(() => (rng() - 0.5) * 60);
      const all = Array.from({ length: points.length / 3 }, (_, i) => (points[3 * i] - q[0]) ** 2 + (points[3 * i + 1] - q[1]) ** 2 + (points[3 * i + 2] - q[2]) ** 2).sort((a, b) => a - b);
      expect(search.nearestK(q[0], q[1], q[2], 20, dist, index)).toBe(20);
      expect([...dist]).toEqual(all.slice(0, 20));
      for (let j = 0; j < 20; j++) expect((points[3 * index[j]] - q[0]) ** 2 + (points[3 * index[j] + 1] - q[1]) ** 2 + (points[3 * index[j] + 2] - q[2]) ** 2).toBe(dist[j]);
      // bounded from the start by a distance that holds 20 points (the 20th nearest itself, or further): the same answer
      for (const within of [all[19], all[25]]) {
        expect(search.nearestK(q[0], q[1], q[2], 20, dist, index, within)).toBe(20);
        expect([...dist]).toEqual(all.slice(0, 20));
      }
    }
    expect(() => search.nearestK(0, 0, 0, 21, new Float64Array(21), new Uint32Array(21))).toThrow(/made for 20/);
    const two = new NearestSearch(buildKdTree(new Float32Array([0, 0, 0, 1, 0, 0])), 5);
    expect(two.nearestK(0, 0, 0, 5, dist, index)).toBe(2);
  });
});
