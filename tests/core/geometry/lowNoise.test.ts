import { describe, expect, it } from 'vitest';
import { findLowNoise } from '../../../src/core/geometry/lowNoise';

/** A plane `rise` over a run along x, 50 × 50 m sampled every metre, and points `extra` added after it. */
function plane(rise: number, extra: [number, number, number][] = []): Float32Array {
  const xyz: number[] = [];
  for (let x = 0; x <= 50; x++) for (let y = 0; y <= 50; y++) xyz.push(x, y, rise * x);
  for (const p of extra) xyz.push(...p);
  return new Float32Array(xyz);
}

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
});
