// The shape of each point's neighbourhood, from the geometry alone: the segmenter's geometric prior.
// training/pointlens_train/datasets/local_shape.py is the same code in Python, float64 arithmetic
// in the same order (tests/fixtures/seg/local_shape_parity.json, written there, checks this one).
//
// Points are binned into VOXEL cubes from the room's minimum corner; a point's neighbourhood is
// every point of the 3x3x3 voxels around its own (a 0.3 m cube). Its covariance gives eigenvalues
// l1 >= l2 >= l3 and the normal (the eigenvector of l3), and three features that turns about the
// up axis, mirrors and the scan's density leave alone: vertical |n_z| (floors and table tops 1,
// walls 0), linear (l1 - l2) / l1 (legs, rails, edges) and planar (l2 - l3) / l1 (any flat
// surface). Fewer than MIN_POINTS neighbours give 0 for all three.
import { tooWideError } from './tooWide';
import { sortedCells, shiftedCells } from './sortedCells';

export const LOCAL_SHAPE_FEATURES = ['vertical', 'linear', 'planar'] as const;
export const LOCAL_SHAPE_VOXEL = 0.1;
const MIN_POINTS = 4;
const MOMENTS = 10;

/** l1, l2, l3 and the unit normal (0, 0, 0 where there is none) of the symmetric matrix [[a, d, e], [d, b, f], [e, f, c]], in closed form. */
export function eigen(a: number, b: number, c: number, d: number, e: number, f: number): [number, number, number, number, number, number] {
  const p1 = d * d + e * e + f * f;
  const q = (a + b + c) / 3;
  let l1: number, l2: number, l3: number;
  if (p1 === 0) {
    [l1, l2, l3] = [a, b, c].sort((u, v) => v - u);
  } else {
    const p = Math.sqrt(((a - q) ** 2 + (b - q) ** 2 + (c - q) ** 2 + 2 * p1) / 6);
    const [ba, bb, bc] = [(a - q) / p, (b - q) / p, (c - q) / p];
    const [bd, be, bf] = [d / p, e / p, f / p];
    const det = ba * (bb * bc - bf * bf) - bd * (bd * bc - bf * be) + be * (bd * bf - bb * be);
    const phi = Math.acos(Math.min(1, Math.max(-1, det / 2))) / 3;
    l1 = q + 2 * p * Math.cos(phi);
    l3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
    l2 = 3 * q - l1 - l3;
  }
  // the normal is the longest cross product of two rows of C - l3 I
  const rows = [
    [a - l3, d, e],
    [d, b - l3, f],
    [e, f, c - l3],
  ];
  let best = 0;
  let normal = [0, 0, 0];
  for (const [u, v] of [[0, 1], [0, 2], [1, 2]]) {
    const [ux, uy, uz] = rows[u];
    const [vx, vy, vz] = rows[v];
    const x = uy * vz - uz * vy;
    const y = uz * vx - ux * vz;
    const z = ux * vy - uy * vx;
    const n2 = x * x + y * y + z * z;
    if (n2 > best) {
      best = n2;
      normal = [x, y, z];
    }
  }
  const length = best > 0 ? Math.sqrt(best) : 1;
  return [l1, l2, l3, normal[0] / length, normal[1] / length, normal[2] / length];
}

/** The VOXEL grid of a cloud: each point's cell, the cells' keys and the moments of each cell's 3x3x3 neighbourhood. */
export interface ShapeGrid {
  /** cell of each point; the cells are numbered in the order of their keys */
  voxelOf: Int32Array;
  /** key of each cell, ascending: its x, y, z (one empty layer each side) folded with `dims` */
  keys: Float64Array;
  dims: [number, number, number];
  /** MOMENTS sums over each cell's own points (the first is their count) */
  own: Float64Array;
  /** MOMENTS sums over each cell's neighbourhood */
  near: Float64Array;
}

export const SHAPE_MOMENTS = MOMENTS;

/** The key step to the neighbour dx, dy, dz cells away. */
export function keyShift(dims: readonly [number, number, number], dx: number, dy: number, dz: number): number {
  return (dx * dims[1] + dy) * dims[2] + dz;
}

/** The grid of a z-up cloud in metres, anchored at `lo`; its size is checked before anything is allocated. */
export function shapeGrid(positions: Float32Array, lo: readonly [number, number, number]): ShapeGrid {
  const n = positions.length / 3;
  const cellOf = (i: number): number => Math.floor((positions[i] - lo[i % 3]) / LOCAL_SHAPE_VOXEL);
  const dims: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n * 3; i++) dims[i % 3] = Math.max(dims[i % 3], cellOf(i) + 3); // one empty layer each side: neighbours never wrap
  if (!(dims[0] * dims[1] * dims[2] <= Number.MAX_SAFE_INTEGER)) {
    throw tooWideError(positions, dims.map((d) => (d - 3) * LOCAL_SHAPE_VOXEL), `describe its local shape in ${LOCAL_SHAPE_VOXEL}-unit cells`);
  }
  const { keys, cellOf: voxelOf } = sortedCells(n, (i) => ((cellOf(3 * i) + 1) * dims[1] + cellOf(3 * i + 1) + 1) * dims[2] + cellOf(3 * i + 2) + 1);
  const own = new Float64Array(keys.length * MOMENTS);
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i] - lo[0];
    const y = positions[3 * i + 1] - lo[1];
    const z = positions[3 * i + 2] - lo[2];
    const o = voxelOf[i] * MOMENTS;
    own[o] += 1;
    own[o + 1] += x;
    own[o + 2] += y;
    own[o + 3] += z;
    own[o + 4] += x * x;
    own[o + 5] += x * y;
    own[o + 6] += x * z;
    own[o + 7] += y * y;
    own[o + 8] += y * z;
    own[o + 9] += z * z;
  }
  // each cell's neighbours are summed in the same order, dx, then dy, then dz, as training/ sums them
  const near = new Float64Array(keys.length * MOMENTS);
  const neighbour = new Int32Array(keys.length);
  for (let dx = -1; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dz = -1; dz <= 1; dz++) {
        shiftedCells(keys, keyShift(dims, dx, dy, dz), neighbour);
        for (let v = 0; v < keys.length; v++) {
          const s = neighbour[v];
          if (s < 0) continue;
          for (let k = 0; k < MOMENTS; k++) near[v * MOMENTS + k] += own[s * MOMENTS + k];
        }
      }
    }
  }
  return { voxelOf, keys, dims, own, near };
}

/** l1, l2, l3 and the unit normal of the covariance of cell `v`'s neighbourhood, or undefined below MIN_POINTS points. */
export function cellEigen(grid: ShapeGrid, v: number): [number, number, number, number, number, number] | undefined {
  const m = grid.near.subarray(v * MOMENTS, (v + 1) * MOMENTS);
  const count = m[0];
  if (count < MIN_POINTS) return undefined;
  const [mx, my, mz] = [m[1] / count, m[2] / count, m[3] / count];
  return eigen(m[4] / count - mx * mx, m[7] / count - my * my, m[9] / count - mz * mz, m[5] / count - mx * my, m[6] / count - mx * mz, m[8] / count - my * mz);
}

/** vertical, linear, planar per point (3 floats a point) of a z-up cloud in metres, the grid anchored at `lo`. */
export function localShape(positions: Float32Array, lo: readonly [number, number, number]): Float32Array {
  const n = positions.length / 3;
  const out = new Float32Array(n * 3);
  if (!n) return out;
  const grid = shapeGrid(positions, lo);
  const features = new Float32Array(grid.keys.length * 3);
  for (let v = 0; v < grid.keys.length; v++) {
    const e = cellEigen(grid, v);
    if (!e) continue;
    const [l1, l2, l3, , , nz] = e;
    if (l1 > 0) {
      features[3 * v] = Math.abs(nz);
      features[3 * v + 1] = (l1 - l2) / l1;
      features[3 * v + 2] = (l2 - l3) / l1;
    }
  }
  // plain loops: a view of the cell's features per point cost a tenth of a second on a million points
  for (let i = 0; i < n; i++) {
    const v = 3 * grid.voxelOf[i];
    out[3 * i] = features[v];
    out[3 * i + 1] = features[v + 1];
    out[3 * i + 2] = features[v + 2];
  }
  return out;
}
