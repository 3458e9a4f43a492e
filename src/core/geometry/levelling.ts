// Gravity from the surfaces that lie flat, and the turn that levels a z-up scan.
// training/pointlens_train/datasets/levelling.py is the same code in Python
// (tests/fixtures/seg/levelling_parity.json, written there, checks this one).
//
// The up axis says which axis points up, not how far a scan leans from it: a handheld scan whose
// tracking drifted can lean several degrees (ScanNet's scene0004_00 leans 15°), so heights above
// the lowest point, which the segmenter reads, are off by up to a metre across the floor, and walls
// no longer look vertical to the local shape. Floors, table tops and seats lie square to gravity:
// every cell of the local shape's grid whose neighbourhood is flat and faces within CONE of +z
// gives a normal, and gravity is the principal direction of those normals weighted by their points,
// refined ROUNDS times over the normals within NARROW of the last estimate. A lean past MAX_LEAN is
// a wrong up axis, not a lean, and is left alone. A cloud of more than MAX_POINTS votes with every
// k-th point, enough for the flat surfaces of any room and a fifth of the time on 1M points.
import { cellEigen, eigen, shapeGrid } from './localShape';

const CONE = (30 * Math.PI) / 180;
const NARROW = (10 * Math.PI) / 180;
const ROUNDS = 3;
const PLANAR = 0.5;
const MIN_CELLS = 50;
const MAX_POINTS = 200_000;
export const MAX_LEAN_DEGREES = 25;

export interface Levelling {
  /** gravity's up in the scan's frame (a unit vector) */
  up: [number, number, number];
  /** degrees between `up` and +z */
  lean: number;
  /** flat cells that voted in the last round */
  cells: number;
  /** row-major 3x3 turn that puts `up` on +z; the identity where the scan is not levelled */
  rotation: number[];
  /** whether `rotation` turns the scan: false where too few flat cells voted, or the lean is past MAX_LEAN_DEGREES */
  levelled: boolean;
}

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** `v` to 6 decimals, made unit again: Python's estimate, summed in another order, rounds to the same numbers, so both turn a scan by the very same matrix. */
function roundedUp(v: readonly number[]): [number, number, number] {
  const r = v.map((c) => Math.floor(c * 1e6 + 0.5) / 1e6);
  const n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
  return [r[0] / n, r[1] / n, r[2] / n];
}

/** The smallest rotation taking the unit vector `up` onto +z (Rodrigues, about up x z), term by term as levelling.py writes it. */
export function turnOntoZ(up: readonly [number, number, number]): number[] {
  const [ux, uy, c] = up;
  const s = Math.sqrt(uy * uy + ux * ux);
  if (s < 1e-12) return IDENTITY.slice();
  const [kx, ky] = [uy / s, -ux / s];
  const t = 1 - c;
  return [1 + t * (-ky * ky), t * (kx * ky), s * ky, t * (kx * ky), 1 + t * (-kx * kx), -s * kx, -s * ky, s * kx, 1 + t * (-(kx * kx + ky * ky))];
}

/** Every `step`-th point of packed xyz, from the first (a plain loop: a mapping function per number cost 30 ms on 1M points). */
function everyKth(positions: Float32Array, step: number): Float32Array {
  const out = new Float32Array(3 * Math.ceil(positions.length / 3 / step));
  for (let i = 0, o = 0; o < out.length; i += 3 * step, o += 3) {
    out[o] = positions[i];
    out[o + 1] = positions[i + 1];
    out[o + 2] = positions[i + 2];
  }
  return out;
}

/** The surfaces of a cloud as the local shape's cells see them: each planar cell's unit normal (turned to +z) and its points' count. A cloud of more than MAX_POINTS votes with every k-th point. */
export function planarCells(positions: Float32Array): { normals: number[]; weights: number[] } {
  const normals: number[] = [];
  const weights: number[] = [];
  const n = positions.length / 3;
  if (n < MIN_CELLS) return { normals, weights };
  const step = Math.ceil(n / MAX_POINTS);
  const voters = step === 1 ? positions : everyKth(positions, step);
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  for (let i = 0; i < voters.length; i++) lo[i % 3] = Math.min(lo[i % 3], voters[i]);
  const grid = shapeGrid(voters, lo);
  for (let v = 0; v < grid.keys.length; v++) {
    const e = cellEigen(grid, v);
    if (!e) continue;
    const [l1, l2, l3, nx, ny, nz] = e;
    if (l1 <= 0 || (l2 - l3) / l1 < PLANAR) continue;
    const sign = nz >= 0 ? 1 : -1;
    normals.push(sign * nx, sign * ny, sign * nz);
    weights.push(grid.own[v * 10]);
  }
  return { normals, weights };
}

export function estimateLevelling(positions: Float32Array): Levelling {
  const none: Levelling = { up: [0, 0, 1], lean: 0, cells: 0, rotation: IDENTITY.slice(), levelled: false };
  const { normals, weights } = planarCells(positions);
  if (weights.length < MIN_CELLS) return none;
  let up: [number, number, number] = [0, 0, 1];
  let cone = CONE;
  let cells = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const s = [0, 0, 0, 0, 0, 0]; // xx, yy, zz, xy, xz, yz
    cells = 0;
    for (let c = 0; c < weights.length; c++) {
      const [x, y, z] = [normals[3 * c], normals[3 * c + 1], normals[3 * c + 2]];
      if (x * up[0] + y * up[1] + z * up[2] < Math.cos(cone)) continue;
      const w = weights[c];
      s[0] += w * x * x;
      s[1] += w * y * y;
      s[2] += w * z * z;
      s[3] += w * x * y;
      s[4] += w * x * z;
      s[5] += w * y * z;
      cells++;
    }
    if (cells < MIN_CELLS) return none;
    // the principal direction of the scatter is the least one of its negation: the closed form's normal
    const [, , , px, py, pz] = eigen(-s[0], -s[1], -s[2], -s[3], -s[4], -s[5]);
    const sign = pz >= 0 ? 1 : -1;
    up = roundedUp([sign * px, sign * py, sign * pz]);
    cone = NARROW;
  }
  const lean = (Math.acos(Math.min(1, up[2])) * 180) / Math.PI;
  if (lean > MAX_LEAN_DEGREES) return { up, lean, cells, rotation: IDENTITY.slice(), levelled: false };
  return { up, lean, cells, rotation: turnOntoZ(up), levelled: true };
}

/** A copy of packed xyz turned by the levelling's rotation (the same array where it does not turn). */
export function levelledPositions(positions: Float32Array, levelling: Levelling): Float32Array {
  if (!levelling.levelled) return positions;
  const m = levelling.rotation;
  const out = new Float32Array(positions.length);
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i], y = positions[i + 1], z = positions[i + 2];
    out[i] = m[0] * x + m[1] * y + m[2] * z;
    out[i + 1] = m[3] * x + m[4] * y + m[5] * z;
    out[i + 2] = m[6] * x + m[7] * y + m[8] * z;
  }
  return out;
}
