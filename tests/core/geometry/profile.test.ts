import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { floorHeight, type Vec3 } from '../../../src/core/geometry/measure';
import { defaultProfileWidth, heightProfile, placedProfile } from '../../../src/core/geometry/profile';

/** A staircase along x, z up: 8 steps 1 unit deep and 0.25 high, points every 0.125 in x and 0.25 in y (from -1 to 1). */
function staircase(): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < 64; i++) for (let j = -4; j <= 4; j++) out.push(i * 0.125, j * 0.25, Math.floor((i * 0.125) / 1) * 0.25 + 10);
  return new Float32Array(out);
}

const STRAIGHT: Vec3[] = [[0, 0, 0], [8, 0, 3]];

describe('height profile', () => {
  it('gives each point of a staircase within the corridor its distance along the line and its height above the zero', () => {
    const positions = staircase();
    const p = heightProfile({ positions, up: '+z', line: STRAIGHT, width: 1, zero: 10 });
    // |y| <= 0.5: 5 of the 9 rows, every column
    expect(p.found).toBe(64 * 5);
    expect(p.every).toBe(1);
    expect(p.indices).toHaveLength(64 * 5);
    expect(p.length).toBe(8);
    for (let k = 0; k < p.indices.length; k++) {
      const i = p.indices[k];
      const [x, y] = [positions[3 * i], positions[3 * i + 1]];
      expect(Math.abs(y)).toBeLessThanOrEqual(0.5);
      expect(p.distances[k]).toBeCloseTo(x, 6);
      expect(p.heights[k]).toBeCloseTo(Math.floor(x) * 0.25, 6);
      if (k) expect(p.distances[k]).toBeGreaterThanOrEqual(p.distances[k - 1]);
    }
  });

  it('reads heights along the up axis given, with its sign, whatever the line\'s own heights', () => {
    // the same staircase stood with y up, upside down: up is -y
    const z = staircase();
    const positions = new Float32Array(z.length);
    for (let i = 0; i < z.length; i += 3) positions.set([z[i], -z[i + 2], z[i + 1]], i);
    const p = heightProfile({ positions, up: '-y', line: [[0, 100, 0], [8, -5, 0]], width: 1, zero: 10 });
    expect(p.found).toBe(64 * 5);
    for (let k = 0; k < p.indices.length; k++) expect(p.heights[k]).toBeCloseTo(Math.floor(p.distances[k] + 1e-9) * 0.25, 6);
  });

  it('turns at an inner corner and stops at the line\'s two ends', () => {
    const at = (x: number, y: number) => [x, y, 1];
    const positions = new Float32Array([...at(4, 2), ...at(4.3, -0.3), ...at(-0.2, 0), ...at(4, 4.2), ...at(2, 0.6), ...at(2, 0.4)]);
    const p = heightProfile({ positions, up: '+z', line: [[0, 0, 0], [4, 0, 0], [4, 4, 0]], width: 1, zero: 0 });
    const byIndex = new Map([...p.indices].map((i, k) => [i, p.distances[k]]));
    expect([...byIndex.keys()].sort()).toEqual([0, 1, 5]);
    expect(byIndex.get(0)).toBeCloseTo(6, 6);
    // outside the corner, within reach of it: at the corner's distance
    expect(byIndex.get(1)).toBeCloseTo(4, 6);
    expect(byIndex.get(5)).toBeCloseTo(2, 6);
    expect(p.length).toBe(8);
  });

  it('leaves out the points the clip or the legend hides', () => {
    const positions = staircase();
    const kept = new Uint8Array(positions.length / 3).map((_, i) => (positions[3 * i] < 4 ? 1 : 0));
    const p = heightProfile({ positions, up: '+z', line: STRAIGHT, width: 1, zero: 10, kept });
    expect(p.found).toBe(32 * 5);
    expect(Math.max(...p.distances)).toBeLessThan(4);
  });

  it('keeps an even share of the points past its cap, and says how many it found', () => {
    const p = heightProfile({ positions: staircase(), up: '+z', line: STRAIGHT, width: 1, zero: 10, maxPoints: 100 });
    expect(p.found).toBe(320);
    expect(p.every).toBe(4);
    expect(p.indices).toHaveLength(80);
    // spread over the whole line, not its start
    expect(Math.min(...p.distances)).toBeLessThan(0.5);
    expect(Math.max(...p.distances)).toBeGreaterThan(7.5);
  });

  it('refuses what it cannot cut, in the person\'s terms', () => {
    const positions = staircase();
    const base = { positions, up: '+z' as const, width: 1, zero: 0 };
    expect(() => heightProfile({ ...base, line: [[0, 0, 0]] })).toThrow('at least 2 points (it has 1)');
    expect(() => heightProfile({ ...base, line: [[1, 1, 0], [1, 1, 5]] })).toThrow('no length seen from above');
    expect(() => heightProfile({ ...base, line: STRAIGHT, width: 0 })).toThrow('width above 0');
    expect(() => heightProfile({ ...base, line: STRAIGHT, width: NaN })).toThrow('width above 0');
    expect(() => heightProfile({ ...base, line: [[0, 0, 0], [NaN, 1, 0]] })).toThrow('3 finite coordinates');
    expect(() => heightProfile({ ...base, line: STRAIGHT, kept: new Uint8Array(3) })).toThrow('given for 3 points, the layer has 576');
    expect(() => heightProfile({ ...base, positions: new Float32Array(4), line: STRAIGHT })).toThrow('not whole points');
  });

  it('cuts a real room scan across its middle: the points a brute-force search finds, at their heights above its floor', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url)));
    const { positions } = (await parseFiles([{ name: 'scene0000_00.ply', bytes }])).data;
    const n = positions.length / 3;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) [lo[k], hi[k]] = [Math.min(lo[k], positions[3 * i + k]), Math.max(hi[k], positions[3 * i + k])];
    const y = (lo[1] + hi[1]) / 2;
    const floor = floorHeight(positions, '+z');
    const width = defaultProfileWidth(Math.max(hi[0] - lo[0], hi[1] - lo[1]));
    expect(width).toBeGreaterThan(0.05);
    expect(width).toBeLessThan(0.5);
    const p = heightProfile({ positions, up: '+z', line: [[lo[0], y, 0], [hi[0], y, 0]], width, zero: floor });
    let expected = 0;
    for (let i = 0; i < n; i++) if (Math.abs(positions[3 * i + 1] - y) <= width / 2) expected++;
    expect(p.found).toBe(expected);
    expect(p.found).toBeGreaterThan(100);
    expect(p.length).toBeCloseTo(hi[0] - lo[0], 5);
    for (let k = 0; k < p.indices.length; k++) {
      const i = p.indices[k];
      expect(p.distances[k]).toBeCloseTo(positions[3 * i] - lo[0], 5);
      expect(p.heights[k]).toBeCloseTo(positions[3 * i + 2] - floor, 5);
    }
    // a room: its floor near 0, its ceiling or top of wall a couple of metres up
    const heights = [...p.heights];
    expect(Math.min(...heights)).toBeGreaterThan(-0.3);
    expect(Math.max(...heights)).toBeGreaterThan(1.5);
  });
});

describe('default corridor width', () => {
  it('is a round number near a fiftieth of the extent', () => {
    expect(defaultProfileWidth(5)).toBe(0.1);
    expect(defaultProfileWidth(6)).toBeCloseTo(0.2, 12);
    expect(defaultProfileWidth(400)).toBe(10);
    expect(defaultProfileWidth(0)).toBe(1);
  });
});

describe('a profile as its layer is placed', () => {
  const own = { indices: Uint32Array.of(4, 2), distances: Float64Array.of(0.5, 1.25), heights: Float64Array.of(-1, 3), found: 2, every: 1, length: 2 };

  it('multiplies its distances, length and heights by the scale and shifts its heights, keeping its points', () => {
    const placed = placedProfile(own, 2, 10);
    expect([...placed.distances]).toEqual([1, 2.5]);
    expect([...placed.heights]).toEqual([8, 16]);
    expect(placed.length).toBe(4);
    expect(placed.indices).toBe(own.indices);
    expect([...own.distances]).toEqual([0.5, 1.25]);
  });

  it('is the profile itself where the layer is not scaled or shifted', () => {
    expect(placedProfile(own, 1, 0)).toBe(own);
  });
});
