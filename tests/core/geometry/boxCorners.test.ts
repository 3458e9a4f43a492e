import { describe, expect, it } from 'vitest';
import { boxCorners } from '../../../src/core/geometry/boxCorners';

const corner = (c: Float64Array, k: number) => [c[3 * k], c[3 * k + 1], c[3 * k + 2]];

describe('box corners', () => {
  it('are the ends of each axis of a box square to the axes', () => {
    const c = boxCorners({ center: [1, 2, 3], size: [2, 4, 6] });
    expect(corner(c, 0)).toEqual([0, 0, 0]);
    expect(corner(c, 7)).toEqual([2, 4, 6]);
    expect(corner(c, 1)).toEqual([2, 0, 0]);
    expect(corner(c, 6)).toEqual([0, 4, 6]);
  });

  it('turn right-handed about the turn axis through the centre', () => {
    // a 2 x 1 footprint a quarter turn about +z: its long side now runs along y
    const c = boxCorners({ center: [0, 0, 0], size: [2, 1, 1], turn: { axis: 2, radians: Math.PI / 2 } });
    const [x, y, z] = corner(c, 1); // (+1, -0.5, -0.5) before the turn
    expect([x, y, z].map((v) => Number(v.toFixed(9)) + 0)).toEqual([0.5, 1, -0.5]);
    // about +y, z goes to x: (0.5, 0, 1) turned a quarter is (1, 0, -0.5)
    const d = boxCorners({ center: [0, 0, 0], size: [1, 1, 2], turn: { axis: 1, radians: Math.PI / 2 } });
    expect(corner(d, 5).map((v) => Number(v.toFixed(9)) + 0)).toEqual([1, -0.5, -0.5]);
  });
});
