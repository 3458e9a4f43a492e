import { describe, expect, it } from 'vitest';
import { boxCorners } from '../../../src/core/geometry/boxCorners';
import { holdsKeptPoint } from '../../../src/core/geometry/boxMembers';
import type { Box3 } from '../../../src/core/types';

// a point a fraction f of the way from the box's centre to its corner k, as boxCorners places it
function towardCorner(box: Box3, k: number, f: number): number[] {
  const corners = boxCorners(box);
  return [0, 1, 2].map((a) => box.center[a] + f * (corners[3 * k + a] - box.center[a]));
}

describe('holdsKeptPoint', () => {
  const turned: Box3 = { center: [1, 2, 0.5], size: [2, 0.4, 1], turn: { axis: 2, radians: Math.PI / 5 } };

  it('finds a kept point just inside each corner of a box turned about z, and none just outside', () => {
    for (let k = 0; k < 8; k++) {
      expect(holdsKeptPoint(turned, Float32Array.from(towardCorner(turned, k, 0.98)), Uint8Array.of(1))).toBe(true);
      expect(holdsKeptPoint(turned, Float32Array.from(towardCorner(turned, k, 1.05)), Uint8Array.of(1))).toBe(false);
    }
  });

  it('reads the turn: a point inside the box before it is turned but outside after', () => {
    const unturned: Box3 = { center: turned.center, size: turned.size };
    const p = Float32Array.from(towardCorner(unturned, 1, 0.95));
    expect(holdsKeptPoint(unturned, p, Uint8Array.of(1))).toBe(true);
    expect(holdsKeptPoint(turned, p, Uint8Array.of(1))).toBe(false);
  });

  it('turns about y as about z', () => {
    const aboutY: Box3 = { center: [0, 0, 0], size: [2, 1, 0.4], turn: { axis: 1, radians: 0.7 } };
    expect(holdsKeptPoint(aboutY, Float32Array.from(towardCorner(aboutY, 6, 0.97)), Uint8Array.of(1))).toBe(true);
    expect(holdsKeptPoint(aboutY, Float32Array.from(towardCorner(aboutY, 6, 1.04)), Uint8Array.of(1))).toBe(false);
  });

  it('counts only the points the mask keeps', () => {
    const inside = towardCorner(turned, 3, 0.5);
    const outside = towardCorner(turned, 3, 2);
    const positions = Float32Array.from([...outside, ...inside]);
    expect(holdsKeptPoint(turned, positions, Uint8Array.of(1, 1))).toBe(true);
    expect(holdsKeptPoint(turned, positions, Uint8Array.of(1, 0))).toBe(false);
  });
});
