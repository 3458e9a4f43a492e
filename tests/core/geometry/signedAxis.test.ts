import { describe, expect, it } from 'vitest';
import { applyTurn, asSignedAxis, turnedGeometry, turnMatrix, type SignedAxis } from '../../../src/core/geometry/signedAxis';
import { changeUpAxis } from '../../../src/core/ml/preprocessObject';
import type { PointCloud } from '../../../src/core/types';

const DIRECTIONS: SignedAxis[] = ['+x', '-x', '+y', '-y', '+z', '-z'];
const unit = (d: SignedAxis) => {
  const v = new Float32Array(3);
  v['xyz'.indexOf(d[1])] = d[0] === '+' ? 1 : -1;
  return v;
};
const det = (m: number[]) =>
  m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

describe('turnMatrix', () => {
  it('takes every direction onto every other by a rotation, never a mirror', () => {
    for (const from of DIRECTIONS) {
      for (const to of DIRECTIONS) {
        const m = turnMatrix(from, to);
        const v = unit(from);
        applyTurn(v, m);
        expect(Array.from(v)).toEqual(Array.from(unit(to)));
        expect(det(m)).toBe(1);
      }
    }
  });

  it("is the app's y/z quarter turn where both are + ends", () => {
    const p = new Float32Array([0.5, -1.25, 2, 3, 4, -5]);
    for (const [from, to] of [['y', 'z'], ['z', 'y']] as const) {
      const a = p.slice();
      const b = p.slice();
      changeUpAxis(a, from, to);
      applyTurn(b, turnMatrix(asSignedAxis(from), asSignedAxis(to)));
      expect(Array.from(b)).toEqual(Array.from(a));
    }
  });
});

describe('turnedGeometry', () => {
  it('turns positions and normals of a copy and leaves the input alone', () => {
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array([1, 2, 3]), normals: new Float32Array([0, 0, 1]), fields: {} };
    const turned = turnedGeometry(cloud, '+z', '+y');
    expect(Array.from(turned.positions)).toEqual([1, 3, -2]);
    expect(Array.from(turned.normals!, (v) => v + 0)).toEqual([0, 1, 0]);
    expect(Array.from(cloud.positions)).toEqual([1, 2, 3]);
    expect(turnedGeometry(cloud, '-x', '-x')).toBe(cloud);
  });
});
