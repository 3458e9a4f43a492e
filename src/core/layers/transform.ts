// Where a layer sits among the others: a move, a turn about the scene's up axis and a uniform
// scale, applied to its own coordinates. Layers start where their files put them (the identity),
// so a scan and its exported segmentation, or two scans of one room, overlay as they were made.
// The turn and the scale keep the layer's centre where it is, so that it turns and grows in place.
import type { Bounds } from '../geometry/bounds';
import { axisIndex, axisSign, turnMatrix, type SignedAxis } from '../geometry/signedAxis';

export interface LayerTransform {
  /** added after the turn and the scale, in the files' units */
  translate: [number, number, number];
  /** degrees about the up axis, counter-clockwise seen from above */
  rotateDeg: number;
  /** uniform, > 0 */
  scale: number;
}

export const IDENTITY_TRANSFORM: LayerTransform = { translate: [0, 0, 0], rotateDeg: 0, scale: 1 };

export const isIdentity = (t: LayerTransform): boolean => t.rotateDeg % 360 === 0 && t.scale === 1 && t.translate.every((v) => v === 0);

/** A 4x4 matrix, column-major (three.js' `Matrix4.elements` order). */
export type Matrix4Elements = number[];

/**
 * The matrix taking the layer's coordinates to the shared frame:
 * p -> pivot + R(up, angle) * scale * (p - pivot) + translate (R by Rodrigues' formula about the
 * signed up direction, so that a positive angle turns counter-clockwise seen from above).
 */
export function transformMatrix(t: LayerTransform, pivot: readonly [number, number, number], up: SignedAxis): Matrix4Elements {
  const u = [0, 0, 0];
  u[axisIndex(up)] = axisSign(up);
  const a = (t.rotateDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const cross = [
    [0, -u[2], u[1]],
    [u[2], 0, -u[0]],
    [-u[1], u[0], 0],
  ];
  // row-major rotation times the scale
  const r = [0, 1, 2].map((i) => [0, 1, 2].map((j) => t.scale * ((i === j ? c : 0) + s * cross[i][j] + (1 - c) * u[i] * u[j])));
  const offset = [0, 1, 2].map((i) => pivot[i] + t.translate[i] - (r[i][0] * pivot[0] + r[i][1] * pivot[1] + r[i][2] * pivot[2]));
  return [r[0][0], r[1][0], r[2][0], 0, r[0][1], r[1][1], r[2][1], 0, r[0][2], r[1][2], r[2][2], 0, offset[0], offset[1], offset[2], 1];
}

/**
 * The matrix taking a layer's coordinates to the scene's, as the layer is drawn: its transform
 * about its centre, the offset of its origin from the scene's, then its up direction turned onto +y
 * (each layer stands on its own up axis).
 */
export function sceneMatrix(t: LayerTransform, bounds: Bounds, up: SignedAxis, offset: readonly [number, number, number]): Matrix4Elements {
  const m = transformMatrix(t, boundsCenter(bounds), up);
  const r = turnMatrix(up, '+y');
  const out = new Array<number>(16).fill(0);
  out[15] = 1;
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) out[4 * j + i] = r[3 * i] * m[4 * j] + r[3 * i + 1] * m[4 * j + 1] + r[3 * i + 2] * m[4 * j + 2];
    out[12 + i] = r[3 * i] * (m[12] + offset[0]) + r[3 * i + 1] * (m[13] + offset[1]) + r[3 * i + 2] * (m[14] + offset[2]);
  }
  return out;
}

/**
 * The transform that places a layer turned and scaled about `to` where `t` places it about `from`:
 * a part of a layer, whose box has another centre, drawn exactly where it is drawn in the layer.
 */
export function aboutCentre(t: LayerTransform, from: readonly [number, number, number], to: readonly [number, number, number], up: SignedAxis): LayerTransform {
  const moved = applyMatrix(transformMatrix(t, from, up), to);
  return { ...t, translate: [0, 1, 2].map((i) => moved[i] - to[i]) as [number, number, number] };
}

export function applyMatrix(m: Matrix4Elements, p: readonly [number, number, number]): [number, number, number] {
  return [0, 1, 2].map((i) => m[i] * p[0] + m[4 + i] * p[1] + m[8 + i] * p[2] + m[12 + i]) as [number, number, number];
}

/** The axis-aligned box around `bounds` once moved by `m` (its eight corners'). */
export function transformBounds(bounds: Bounds, m: Matrix4Elements): Bounds {
  const corners: [number, number, number][] = [];
  for (let k = 0; k < 8; k++) corners.push([0, 1, 2].map((i) => ((k >> i) & 1 ? bounds.max[i] : bounds.min[i])) as [number, number, number]);
  return unionBounds(corners.map((p) => { const q = applyMatrix(m, p); return { min: q, max: q }; }))!;
}

/** The box around all of `boxes`, or null for none. */
export function unionBounds(boxes: readonly Bounds[]): Bounds | null {
  if (!boxes.length) return null;
  const min = [0, 1, 2].map((i) => Math.min(...boxes.map((b) => b.min[i]))) as [number, number, number];
  const max = [0, 1, 2].map((i) => Math.max(...boxes.map((b) => b.max[i]))) as [number, number, number];
  return { min, max };
}

export function boundsCenter(b: Bounds): [number, number, number] {
  return [0, 1, 2].map((i) => (b.min[i] + b.max[i]) / 2) as [number, number, number];
}

/** A transform from what a person typed, or a message saying what is wrong with it. */
export function checkTransform(t: LayerTransform): string | null {
  if (![...t.translate, t.rotateDeg, t.scale].every(Number.isFinite)) return 'every value must be a number';
  if (t.scale <= 0) return 'the scale must be more than 0';
  return null;
}

/** `a` after `b`: the matrix taking p to a(b(p)). */
export function multiplyMatrices(a: Matrix4Elements, b: Matrix4Elements): Matrix4Elements {
  const out = new Array<number>(16).fill(0);
  for (let col = 0; col < 4; col++) for (let row = 0; row < 4; row++) for (let k = 0; k < 4; k++) out[4 * col + row] += a[4 * k + row] * b[4 * col + k];
  return out;
}

/** The inverse of an affine matrix (a turn, a uniform scale above 0 and a move: what places a layer), by its 3×3's cofactors. */
export function invertAffine(m: Matrix4Elements): Matrix4Elements {
  const e = (row: number, col: number) => m[4 * col + row];
  const cof = (r: number, c: number) => {
    const [r0, r1] = [0, 1, 2].filter((i) => i !== r);
    const [c0, c1] = [0, 1, 2].filter((i) => i !== c);
    return ((r + c) % 2 ? -1 : 1) * (e(r0, c0) * e(r1, c1) - e(r0, c1) * e(r1, c0));
  };
  const det = e(0, 0) * cof(0, 0) + e(0, 1) * cof(0, 1) + e(0, 2) * cof(0, 2);
  const out = new Array<number>(16).fill(0);
  out[15] = 1;
  // the inverse's (row, col) is the cofactor of (col, row) over the determinant
  for (let row = 0; row < 3; row++) for (let col = 0; col < 3; col++) out[4 * col + row] = cof(col, row) / det;
  for (let row = 0; row < 3; row++) out[12 + row] = -(out[row] * m[12] + out[4 + row] * m[13] + out[8 + row] * m[14]);
  return out;
}

/** `positions` (x, y, z after one another) where matrix `m` puts them, as 32-bit floats. */
export function placedPositions(positions: Float32Array, m: Matrix4Elements): Float32Array {
  const placed = new Float32Array(positions.length);
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i], y = positions[i + 1], z = positions[i + 2];
    for (let a = 0; a < 3; a++) placed[i + a] = m[a] * x + m[4 + a] * y + m[8 + a] * z + m[12 + a];
  }
  return placed;
}
