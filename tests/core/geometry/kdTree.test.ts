import { describe, expect, it } from 'vitest';
import { buildKdTree, NearestSearch } from '../../../src/core/geometry/kdTree';
import { parseOff } from '../../../src/core/io/off';
import { createRng } from '../../../src/core/random';
import { fixture } from '../io/helpers';

/** The smallest squared distance from q to any finite point, by looking at every one. */
function bruteNearest(points: Float32Array, q: readonly number[]): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i += 3) {
    const d = (points[i] - q[0]) ** 2 + (points[i + 1] - q[1]) ** 2 + (points[i + 2] - q[2]) ** 2;
    if (d < best) best = d;
  }
  return best;
}

function queriesAround(points: Float32Array, count: number, spread: number, seed: number): number[][] {
  const rng = createRng(seed);
  const n = points.length / 3;
  return Array.from({ length: count }, () => {
    const i = Math.floor(rng() * n);
    return [0, 1, 2].map((a) => points[3 * i + a] + (rng() - 0.5) * spread);
  });
}

describe('k-d tree nearest point', () => {
  it('finds the same nearest distance as a search of every vertex of the ModelNet bathtub, near it and far from it', () => {
    const points = parseOff(fixture('bathtub_0002.off')).data.positions;
    const search = new NearestSearch(buildKdTree(points));
    for (const spread of [0.01, 0.5, 40]) {
      for (const q of queriesAround(points, 300, spread, 7)) {
        const d = search.nearest(q[0], q[1], q[2]);
        expect(d).toBe(bruteNearest(points, q));
        const f = search.found;
        const tree = search.tree.points;
        expect((tree[3 * f] - q[0]) ** 2 + (tree[3 * f + 1] - q[1]) ** 2 + (tree[3 * f + 2] - q[2]) ** 2).toBe(d);
      }
    }
  });

  it('keeps each point once, with its index in the given cloud', () => {
    const points = parseOff(fixture('bathtub_0002.off')).data.positions;
    const tree = buildKdTree(points);
    expect([...tree.index].sort((a, b) => a - b)).toEqual(Array.from({ length: points.length / 3 }, (_, i) => i));
    for (let i = 0; i < tree.index.length; i++) for (let a = 0; a < 3; a++) expect(tree.points[3 * i + a]).toBe(points[3 * tree.index[i] + a]);
  });

  it('answers on clouds of many equal coordinates: one point repeated, and a coarse grid', () => {
    const same = new Float32Array(3 * 5_000).fill(2);
    const search = new NearestSearch(buildKdTree(same));
    expect(search.nearest(2, 2, 3)).toBe(1);
    const grid = new Float32Array(3 * 4_096);
    for (let i = 0; i < 4_096; i++) grid.set([i % 4, Math.floor(i / 4) % 4, Math.floor(i / 16) % 2], 3 * i);
    const onGrid = new NearestSearch(buildKdTree(grid));
    for (const q of queriesAround(grid, 200, 3, 3)) expect(onGrid.nearest(q[0], q[1], q[2])).toBe(bruteNearest(grid, q));
  });

  it('leaves out points with no finite position, and an empty tree has no nearest point', () => {
    const tree = buildKdTree(new Float32Array([NaN, 0, 0, 1, 1, 1, 0, Infinity, 0]));
    expect([...tree.index]).toEqual([1]);
    expect(new NearestSearch(tree).nearest(0, 0, 0)).toBe(3);
    const empty = new NearestSearch(buildKdTree(new Float32Array(0)));
    expect(empty.nearest(0, 0, 0)).toBe(Infinity);
    expect(empty.found).toBe(-1);
  });

  it("finds a tree point's nearest other point when told to leave it out, as a search of every other vertex does", () => {
    const points = parseOff(fixture('bathtub_0002.off')).data.positions;
    const tree = buildKdTree(points);
    const search = new NearestSearch(tree);
    for (let at = 0; at < tree.index.length; at += 37) {
      const q = [0, 1, 2].map((a) => tree.points[3 * at + a]);
      const others = Float32Array.from(points.filter((_, k) => Math.floor(k / 3) !== tree.index[at]));
      expect(search.nearest(q[0], q[1], q[2], at)).toBe(bruteNearest(others, q));
      expect(search.found).not.toBe(at);
    }
  });

  it('within a bound, finds the nearest point nearer than it and none past it', () => {
    const points = parseOff(fixture('bathtub_0002.off')).data.positions;
    const bounded = new NearestSearch(buildKdTree(points));
    const limit = 2 ** 2;
    let beyond = 0;
    for (const q of queriesAround(points, 400, 4, 11)) {
      const exact = bruteNearest(points, q);
      const d = bounded.nearest(q[0], q[1], q[2], -1, limit);
      if (exact < limit) {
        expect(d).toBe(exact);
        expect(bounded.found).toBeGreaterThanOrEqual(0);
      } else {
        beyond++;
        expect(d).toBe(Infinity);
        expect(bounded.found).toBe(-1);
      }
    }
    // the queries fall on both sides of the bound, and a search after one that found nothing is still exact
    expect(beyond).toBeGreaterThan(40);
    expect(beyond).toBeLessThan(360);
    const q = [points[0], points[1], points[2] + 0.01];
    expect(bounded.nearest(q[0], q[1], q[2])).toBe(bruteNearest(points, q));
  });
});
