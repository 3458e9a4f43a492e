import { describe, expect, it } from 'vitest';
import { findLowNoise } from '../../../src/core/geometry/lowNoise';
import { burst, shaftPoints } from './groundTerrain';

/** A plane `rise` over a run along x, 50 × 50 m sampled every metre but where `hole` holds, and points `extra` added after it. */
function plane(rise: number, extra: [number, number, number][] = [], hole: (x: number, y: number) => boolean = () => false): Float32Array {
  const xyz: number[] = [];
  for (let x = 0; x <= 50; x++) for (let y = 0; y <= 50; y++) if (!hole(x, y)) xyz.push(x, y, rise * x);
  for (const p of extra) xyz.push(...p);
  return new Float32Array(xyz);
}

/** The indices of the points flagged. */
const flagged = (noise: Uint8Array) => Array.from(noise.keys()).filter((i) => noise[i]);
const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);

describe('low noise', () => {
  it('takes strays far below the ground, in one cell or two side by side, and nothing of the ground', () => {
    const strays: [number, number, number][] = [[15, 35, -30], [16, 36, -20], [25, 15, -30], [35, 15, -30]];
    const positions = plane(0, strays);
    const { noise, count } = findLowNoise(positions, { up: '+z', cell: 10, depth: 5 });
    expect(count).toBe(4);
    expect(Array.from(noise.subarray(-4))).toEqual([1, 1, 1, 1]);
    // a point 4 m down is within the depth
    expect(findLowNoise(plane(0, [[25, 25, -4]]), { up: '+z', cell: 10, depth: 5 }).count).toBe(0);
  });

  it('takes nothing of a plane sloped 40°, its downhill edge with only higher ground beside it too, and leaves the points the kept mask drops alone', () => {
    expect(findLowNoise(plane(Math.tan((40 * Math.PI) / 180)), { up: '+z', cell: 10, depth: 5 }).count).toBe(0);
    const positions = plane(0, [[25, 25, -30]]);
    const kept = new Uint8Array(positions.length / 3).fill(1);
    kept[kept.length - 1] = 0;
    expect(findLowNoise(positions, { up: '+z', cell: 10, depth: 5, kept }).count).toBe(0);
  });

  it('reads depths along the up axis, down along -z', () => {
    const positions = plane(0, [[25, 25, 30]]);
    expect(findLowNoise(positions, { up: '-z', cell: 10, depth: 5 }).count).toBe(1);
    expect(findLowNoise(positions, { up: '+z', cell: 10, depth: 5 }).count).toBe(0);
  });

  it('takes a burst of strays at the corner of four cells, whose reference the burst itself was, and not a hollow 12 m across there', () => {
    // 20 points 30 m down within 2 m of (20, 20), where four cells meet: each cell's three neighbours
    // across the corner hold the burst too
    const positions = plane(0, burst(20, 20, -30, 20, 2));
    const n = positions.length / 3;
    const { noise, count } = findLowNoise(positions, { up: '+z', cell: 10, depth: 5 });
    expect(count).toBe(20);
    expect(flagged(noise)).toEqual(range(n - 20, 20));
    // a hollow 12 m across and 8 m down at the same corner is low ground, a few cells' worth of points
    const hollow = (x: number, y: number) => Math.abs(x - 20) <= 6 && Math.abs(y - 20) <= 6;
    const floor: [number, number, number][] = [];
    for (let x = 14; x <= 26; x++) for (let y = 14; y <= 26; y++) floor.push([x, y, -8]);
    expect(findLowNoise(plane(0, floor, hollow), { up: '+z', cell: 10, depth: 5 }).count).toBe(0);
  });

  it('takes strays at the scan\'s edge and corner, against the cells beside them, and a stray at the downhill edge of a 40° slope but none of the slope', () => {
    const positions = plane(0, [[0.5, 25, -30], [49.5, 12, -30], [25, 49.6, -30], [0.4, 0.4, -30], [49.5, 49.5, -20]]);
    const n = positions.length / 3;
    const { noise } = findLowNoise(positions, { up: '+z', cell: 10, depth: 5 });
    expect(flagged(noise)).toEqual(range(n - 5, 5));
    const rise = Math.tan((40 * Math.PI) / 180);
    const slope = plane(rise, [[0.5, 25, -30], [0.5, 0.5, -30]]);
    const m = slope.length / 3;
    expect(flagged(findLowNoise(slope, { up: '+z', cell: 10, depth: 5 }).noise)).toEqual(range(m - 2, 2));
    // on a grid two cells across each cell has three around it; one cell across, none has
    const middle = plane(0, [[25, 25, -30]]);
    expect(flagged(findLowNoise(middle, { up: '+z', cell: 30, depth: 5 }).noise)).toEqual([middle.length / 3 - 1]);
    expect(findLowNoise(middle, { up: '+z', cell: 60, depth: 5 }).count).toBe(0);
  });

  it('keeps a shaft 2 m wide and 8 m deep whose walls reach down to its floor, and takes a stray below it and a floor seen without walls', () => {
    const inShaft = (x: number, y: number) => Math.abs(x - 25) < 1 && Math.abs(y - 25) < 1;
    const walls = shaftPoints(25, 25, 2, 8);
    expect(findLowNoise(plane(0, walls, inShaft), { up: '+z', cell: 10, depth: 5 }).count).toBe(0);
    // a stray 30 m down under the shaft is 22 m below its floor, nothing between
    const under = plane(0, [...walls, [25.2, 24.8, -30]], inShaft);
    expect(flagged(findLowNoise(under, { up: '+z', cell: 10, depth: 5 }).noise)).toEqual([under.length / 3 - 1]);
    // its floor alone, 8 m below the ground with no point between, is taken for noise as ELM takes it
    const floor = walls.filter(([x, y, z]) => z === -8 && inShaft(x, y));
    const bare = plane(0, floor, inShaft);
    expect(flagged(findLowNoise(bare, { up: '+z', cell: 10, depth: 5 }).noise)).toEqual(range(bare.length / 3 - floor.length, floor.length));
  });
});
