import { describe, expect, it } from 'vitest';
import { bandEdges, bandTriangles } from '../../src/render/profileBand';

describe('profile corridor band', () => {
  it('is a box along each segment, as wide as the corridor, from the low height to the high one along up', () => {
    // an L seen from above, y up: along x, then along z; a corner clicked twice adds nothing
    const line: [number, number, number][] = [[0, 5, 0], [4, 7, 0], [4, 7, 0], [4, 1, 3]];
    const t = bandTriangles(line, 1, '+y', -1, 2);
    expect(t.length).toBe(2 * 12 * 3 * 3);
    const xs: number[] = [];
    const ys = new Set<number>();
    const zs: number[] = [];
    for (let i = 0; i < t.length / 3; i++) {
      const [x, y, z] = t.slice(3 * i, 3 * i + 3);
      ys.add(y);
      if (i < 36) xs.push(x), zs.push(z);
    }
    expect([...ys].sort((a, b) => a - b)).toEqual([-1, 2]);
    // the first box: x over the segment, z within half the width of it
    expect(Math.min(...xs)).toBe(0);
    expect(Math.max(...xs)).toBe(4);
    expect(Math.min(...zs)).toBe(-0.5);
    expect(Math.max(...zs)).toBe(0.5);
    expect(bandEdges(line, 1, '+y', -1, 2).length).toBe(2 * 12 * 2 * 3);
  });

  it('puts heights along a downward up axis at their coordinates below zero', () => {
    const t = bandTriangles([[0, 0, 0], [1, 0, 0]], 1, '-z', 0, 3);
    const zs = new Set<number>();
    for (let i = 2; i < t.length; i += 3) zs.add(t[i]);
    expect([...zs].sort((a, b) => a - b)).toEqual([-3, 0]);
  });
});
