import { describe, expect, it } from 'vitest';
import { boxCorners } from '../../../src/core/geometry/boxCorners';
import { convexHull, uprightBox, uprightBox3 } from '../../../src/core/geometry/uprightBox';
import { createRng } from '../../../src/core/random';

const [LENGTH, WIDTH, HEIGHT] = [1.2, 0.5, 0.8];

/**
 * A block LENGTH x WIDTH x HEIGHT filled with random points (and its 8 corners), its length turned
 * `degrees` counter-clockwise about +z from +x, centred on `centre`.
 */
function block(degrees: number, centre = [2, -1, 0.4], seed = 5): Float32Array {
  const rng = createRng(seed);
  const t = (degrees * Math.PI) / 180;
  const points: number[] = [];
  const add = (u: number, v: number, w: number) => points.push(centre[0] + u * Math.cos(t) - v * Math.sin(t), centre[1] + u * Math.sin(t) + v * Math.cos(t), centre[2] + w);
  for (let i = 0; i < 8; i++) add(((i & 1) - 0.5) * LENGTH, (((i >> 1) & 1) - 0.5) * WIDTH, (((i >> 2) & 1) - 0.5) * HEIGHT);
  for (let i = 0; i < 3_000; i++) add((rng() - 0.5) * LENGTH, (rng() - 0.5) * WIDTH, (rng() - 0.5) * HEIGHT);
  return Float32Array.from(points);
}

describe('uprightBox', () => {
  it('gives a block turned by 30° about up its own size and a yaw of 30°, where the box square to the axes is far larger', () => {
    const positions = block(30);
    const box = uprightBox(positions, null, positions.length / 3, '+z');
    expect(box.size[0]).toBeCloseTo(LENGTH, 4);
    expect(box.size[1]).toBeCloseTo(WIDTH, 4);
    expect(box.size[2]).toBeCloseTo(HEIGHT, 4);
    expect(box.yaw).toBeCloseTo(30, 3);
    box.center.forEach((v, a) => expect(v).toBeCloseTo([2, -1, 0.4][a], 4));
  });

  it('reads the yaw from 0 up to 180: a block turned by -30° or by 150° has a yaw of 150°, its length the longer side', () => {
    for (const degrees of [-30, 150]) {
      const positions = block(degrees);
      const box = uprightBox(positions, null, positions.length / 3, '+z');
      expect(box.yaw).toBeCloseTo(150, 3);
      expect(box.size[0]).toBeCloseTo(LENGTH, 4);
    }
    const across = block(120);
    expect(uprightBox(across, null, across.length / 3, '+z').yaw).toBeCloseTo(120, 3);
  });

  it('gives a block square to the axes the box square to them, yaw 0, and one longer along y a yaw of 90', () => {
    const positions = block(0);
    const box = uprightBox(positions, null, positions.length / 3, '+z');
    expect(box.yaw).toBe(0);
    expect(box.size).toEqual([expect.closeTo(LENGTH, 5), expect.closeTo(WIDTH, 5), expect.closeTo(HEIGHT, 5)]);
    const along = block(90);
    expect(uprightBox(along, null, along.length / 3, '+z').yaw).toBeCloseTo(90, 6);
  });

  it('turns about the up axis given: a +y up cloud\'s block reads the same size, and is drawn around the same corners', () => {
    const zUp = block(30);
    // z up to y up: (x, y, z) -> (x, z, -y), a quarter turn about x
    const yUp = new Float32Array(zUp.length);
    for (let i = 0; i < zUp.length; i += 3) yUp.set([zUp[i], zUp[i + 2], -zUp[i + 1]], i);
    const box = uprightBox(yUp, null, yUp.length / 3, '+y');
    expect(box.size.map((v) => Number(v.toFixed(4)))).toEqual([LENGTH, WIDTH, HEIGHT]);
    // each drawn corner is one of the block's own eight
    const corners = boxCorners(uprightBox3(box, '+y'));
    for (let k = 0; k < 8; k++) {
      const near = Array.from({ length: 8 }, (_, j) => Math.hypot(corners[3 * k] - yUp[3 * j], corners[3 * k + 1] - yUp[3 * j + 1], corners[3 * k + 2] - yUp[3 * j + 2]));
      expect(Math.min(...near)).toBeLessThan(1e-4);
    }
  });

  it('draws a box square to the axes without a turn, and one turned by 120° as one turned by 30° with its length and width swapped', () => {
    expect(uprightBox3({ center: [1, 2, 3], size: [4, 2, 1], yaw: 0 }, '+y')).toEqual({ center: [1, 2, 3], size: [4, 1, 2] });
    expect(uprightBox3({ center: [1, 2, 3], size: [4, 2, 1], yaw: 90 }, '+z')).toEqual({ center: [1, 2, 3], size: [2, 4, 1] });
    expect(uprightBox3({ center: [0, 0, 0], size: [4, 2, 1], yaw: 120 }, '+z')).toEqual({ center: [0, 0, 0], size: [2, 4, 1], turn: { axis: 2, radians: expect.closeTo(Math.PI / 6, 9) } });
  });

  it('takes only the points at `at`, and gives one point, or points in a line, a box without width', () => {
    const positions = Float32Array.from([0, 0, 0, 9, 9, 9, 1, 1, 0, 2, 2, 1]);
    const line = uprightBox(positions, Int32Array.from([0, 2, 3]), 3, '+z');
    expect(line.size).toEqual([expect.closeTo(2 * Math.SQRT2, 5), 0, 1]);
    expect(line.yaw).toBeCloseTo(45, 4);
    expect(uprightBox(positions, Int32Array.from([1]), 1, '+z')).toEqual({ center: [9, 9, 9], size: [0, 0, 0], yaw: 0 });
  });

  it('gives the hull of a square with points inside and along its edges as its 4 corners, counter-clockwise', () => {
    const hull = convexHull([[0, 0], [1, 0], [0.5, 0], [1, 1], [0.3, 0.6], [0, 1], [0, 1], [0.2, 0.2]]);
    expect(hull).toEqual([[0, 0], [1, 0], [1, 1], [0, 1]]);
  });
});
