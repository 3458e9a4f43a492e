import { describe, expect, it } from 'vitest';
import { bendsAcross } from '../../../src/core/geometry/planeBend';
import { createRng } from '../../../src/core/random';

const FRAME = { centre: [0, 0, 0], normal: [0, 0, 1], along: [1, 0, 0], across: [0, 1, 0] };

/** A 21 x 21 grid over [-1, 1]² at height `height(x, y)`, every point taken. */
function grid(height: (x: number, y: number) => number): { positions: Float32Array; at: Int32Array } {
  const points: number[] = [];
  for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) points.push(i / 10 - 1, j / 10 - 1, height(i / 10 - 1, j / 10 - 1));
  return { positions: Float32Array.from(points), at: Int32Array.from({ length: points.length / 3 }, (_, k) => k) };
}

describe('bendsAcross', () => {
  it('reads a bend across the plane as deep as the threshold as curved, and the same bend under half the threshold, or noise, as flat', () => {
    const bowl = grid((x, y) => 0.05 * (x * x + y * y));
    expect(bendsAcross(bowl.positions, bowl.at, bowl.at.length, FRAME, 0.05)).toBe(true);
    expect(bendsAcross(bowl.positions, bowl.at, bowl.at.length, FRAME, 0.25)).toBe(false);
    const rng = createRng(4);
    const rough = grid(() => 0.1 * (rng() - 0.5));
    expect(bendsAcross(rough.positions, rough.at, rough.at.length, FRAME, 0.05)).toBe(false);
  });

  it('reads points along a line, or too few to fit, as flat: no bend across them can be told', () => {
    const line = Float32Array.from({ length: 30 }, (_, k) => (k % 3 === 0 ? k / 3 : k % 3 === 2 ? (k / 3) ** 2 * 0.1 : 0));
    expect(bendsAcross(line, Int32Array.from({ length: 10 }, (_, k) => k), 10, FRAME, 0.01)).toBe(false);
    expect(bendsAcross(line, Int32Array.from([0, 1, 2]), 3, FRAME, 0.01)).toBe(false);
  });
});
