// Directions along the coordinate axes ('+z', '-y', ...) and the quarter and half turns between
// them. A turn that takes one such direction onto another permutes the axes with signs, so an
// axis-aligned box stays axis-aligned and a cloud keeps its shape (no mirror image).
import type { Geometry, UpAxis } from '../types';

export type Axis = 'x' | 'y' | 'z';
export type SignedAxis = '+x' | '-x' | '+y' | '-y' | '+z' | '-z';

export const AXES: readonly Axis[] = ['x', 'y', 'z'];

/** A file's or model's up axis given as 'y' / 'z' means the positive direction. */
export function asSignedAxis(up: UpAxis | Axis | SignedAxis): SignedAxis {
  return up.length === 1 ? (`+${up}` as SignedAxis) : (up as SignedAxis);
}

export function axisIndex(d: SignedAxis): number {
  return AXES.indexOf(d[1] as Axis);
}

export function axisSign(d: SignedAxis): 1 | -1 {
  return d[0] === '+' ? 1 : -1;
}

export function signedAxis(index: number, sign: 1 | -1): SignedAxis {
  return `${sign > 0 ? '+' : '-'}${AXES[index]}` as SignedAxis;
}

/** Row-major 3x3 rotation (entries -1, 0, 1) that takes direction `from` onto `to`. */
export function turnMatrix(from: SignedAxis, to: SignedAxis): number[] {
  const u = [0, 0, 0];
  const v = [0, 0, 0];
  u[axisIndex(from)] = axisSign(from);
  v[axisIndex(to)] = axisSign(to);
  const dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const m: number[] = [];
  if (dot === 1) return [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (dot === -1) {
    // half turn about the first axis across the two: R p = 2 (w.p) w - p
    const w = [0, 0, 0];
    w[axisIndex(from) === 0 ? 1 : 0] = 1;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m.push(2 * w[r] * w[c] - (r === c ? 1 : 0));
    return m;
  }
  // quarter turn about w = u x v: R p = (w.p) w + w x p, which takes u to v
  const w = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const cross = [
    [0, -w[2], w[1]],
    [w[2], 0, -w[0]],
    [-w[1], w[0], 0],
  ];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m.push(w[r] * w[c] + cross[r][c]);
  return m;
}

/** Applies a turnMatrix to packed xyz in place. */
export function applyTurn(points: Float32Array, m: readonly number[]): void {
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i], y = points[i + 1], z = points[i + 2];
    points[i] = m[0] * x + m[1] * y + m[2] * z;
    points[i + 1] = m[3] * x + m[4] * y + m[5] * z;
    points[i + 2] = m[6] * x + m[7] * y + m[8] * z;
  }
}

/** Turns packed xyz in place so that what pointed along `from` points along `to`. */
export function turnUp(points: Float32Array, from: SignedAxis, to: SignedAxis): void {
  if (from !== to) applyTurn(points, turnMatrix(from, to));
}

/** A copy of the geometry turned so that `from` points along `to` (positions and normals; the rest is shared). */
export function turnedGeometry<G extends Geometry>(geometry: G, from: SignedAxis, to: SignedAxis): G {
  if (from === to) return geometry;
  const m = turnMatrix(from, to);
  const positions = geometry.positions.slice();
  applyTurn(positions, m);
  const normals = geometry.normals?.slice();
  if (normals) applyTurn(normals, m);
  return { ...geometry, positions, ...(normals && { normals }) };
}
