// A bounded subsample of a shape's surface with a normal at each point, whatever the file holds:
// meshes are sampled by area and keep their face's normal; clouds keep the file's normals, or get
// one from a plane fitted (PCA) to the point's neighbours. The work depends on POOL and QUERIES,
// not on the size of the input, so 1M-point scans cost about what 50k-point ones do.
import { createRng, shuffle, type Rng } from '../random';
import type { Geometry } from '../types';
import { gatherPoints, meshArea, sampleMeshSurface } from './sampling';

/** Points kept as neighbours (and as the shape's stand-in for symmetry tests). */
const POOL = 24_000;
/** Points that get a normal. */
const QUERIES = 4096;
/** A neighbourhood holds about this many pool points on a flat surface. */
const NEIGHBOURS = 16;
/** Surface variation (smallest eigenvalue over the sum) under which a neighbourhood is a plane. */
const PLANAR = 0.05;

export interface Surfels {
  /** pool points, packed xyz; the first `queries` of them carry normals */
  pool: Float32Array;
  queries: number;
  /** unit normals of the first `queries` pool points (0,0,0 where no plane fits) */
  normals: Float32Array;
  /** robust bounds of the pool (0.5th and 99.5th percentile on each axis): stray points do not stretch them */
  lo: [number, number, number];
  hi: [number, number, number];
  /** neighbourhood radius used, in the shape's units */
  radius: number;
  grid: PointGrid;
}

/** A uniform grid over the pool, counting-sorted: the points of cell c are order[start[c] .. start[c+1]). */
export interface PointGrid {
  origin: [number, number, number];
  cell: number;
  dims: [number, number, number];
  start: Int32Array;
  order: Int32Array;
}

/** Points that the percentile bounds are read from. */
const BOUNDS_SAMPLE = 8192;

/**
 * The box of the middle 99% of the points along each axis, from BOUNDS_SAMPLE of them `every` apart
 * (1 for a pool in random order already; a cloud in a file's order is sampled across its length):
 * a few points far out do not stretch it.
 */
export function percentileBounds(pool: Float32Array, every = 1): { lo: [number, number, number]; hi: [number, number, number] } {
  const n = Math.min(BOUNDS_SAMPLE, Math.ceil(pool.length / 3 / every));
  const lo: [number, number, number] = [0, 0, 0];
  const hi: [number, number, number] = [0, 0, 0];
  const col = new Float32Array(n);
  for (let a = 0; a < 3; a++) {
    for (let i = 0; i < n; i++) col[i] = pool[3 * i * every + a];
    col.sort();
    lo[a] = col[Math.floor(0.005 * (n - 1))];
    hi[a] = col[Math.ceil(0.995 * (n - 1))];
  }
  return { lo, hi };
}

function cellIndex(g: PointGrid, v: number, axis: number): number {
  return Math.min(g.dims[axis] - 1, Math.max(0, Math.floor((v - g.origin[axis]) / g.cell)));
}

export function buildGrid(pool: Float32Array, lo: [number, number, number], hi: [number, number, number], radius: number): PointGrid {
  const n = pool.length / 3;
  let cell = radius;
  const dimsFor = (c: number) => [0, 1, 2].map((a) => Math.max(1, Math.ceil((hi[a] - lo[a]) / c) + 1)) as [number, number, number];
  let dims = dimsFor(cell);
  // a needle-thin or scattered shape could ask for more cells than points: coarsen instead
  while (dims[0] * dims[1] * dims[2] > 4 * n + 64) dims = dimsFor((cell *= 1.5));
  const g: PointGrid = { origin: lo, cell, dims, start: new Int32Array(dims[0] * dims[1] * dims[2] + 1), order: new Int32Array(n) };
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = (cellIndex(g, pool[3 * i + 2], 2) * dims[1] + cellIndex(g, pool[3 * i + 1], 1)) * dims[0] + cellIndex(g, pool[3 * i], 0);
    g.start[ids[i] + 1]++;
  }
  for (let c = 1; c < g.start.length; c++) g.start[c] += g.start[c - 1];
  const fill = g.start.slice(0, -1);
  for (let i = 0; i < n; i++) g.order[fill[ids[i]]++] = i;
  return g;
}

/** Neighbour candidates looked at around one point, at most: bounds the work in dense spots. */
export const NEAR_CAP = 512;

/**
 * Writes into `out` the pool points in the 3x3x3 cells around (x, y, z), at most out.length of
 * them, and returns how many. A buffer, not a callback: this runs thousands of times a call.
 */
export function gatherNear(g: PointGrid, x: number, y: number, z: number, out: Int32Array): number {
  const cx = cellIndex(g, x, 0), cy = cellIndex(g, y, 1), cz = cellIndex(g, z, 2);
  let count = 0;
  for (let k = Math.max(0, cz - 1); k <= Math.min(g.dims[2] - 1, cz + 1); k++) {
    for (let j = Math.max(0, cy - 1); j <= Math.min(g.dims[1] - 1, cy + 1); j++) {
      const row = (k * g.dims[1] + j) * g.dims[0];
      const c0 = row + Math.max(0, cx - 1), c1 = row + Math.min(g.dims[0] - 1, cx + 1);
      for (let s = g.start[c0]; s < g.start[c1 + 1]; s++) {
        if (count === out.length) return count;
        out[count++] = g.order[s];
      }
    }
  }
  return count;
}

/** `gatherNear` of point `i` of `positions`, with each candidate's squared distance to it in `dist`. */
export function gatherNearDistances(g: PointGrid, positions: Float32Array, i: number, out: Int32Array, dist: Float64Array): number {
  const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
  const found = gatherNear(g, x, y, z, out);
  for (let j = 0; j < found; j++) {
    const q = 3 * out[j];
    dist[j] = (positions[q] - x) ** 2 + (positions[q + 1] - y) ** 2 + (positions[q + 2] - z) ** 2;
  }
  return found;
}

/** Adds a neighbour's offset to the running sums of a plane fit: x, y, z, then xx, xy, xz, yy, yz, zz. */
export function addOffset(sums: Float64Array, dx: number, dy: number, dz: number): void {
  sums[0] += dx; sums[1] += dy; sums[2] += dz;
  sums[3] += dx * dx; sums[4] += dx * dy; sums[5] += dx * dz; sums[6] += dy * dy; sums[7] += dy * dz; sums[8] += dz * dz;
}

/** The covariance [a00 a01 a02 a11 a12 a22] of `n` offsets from their sums, into `out`. */
export function covariance(sums: Float64Array, n: number, out: Float64Array): Float64Array {
  const [mx, my, mz] = [sums[0] / n, sums[1] / n, sums[2] / n];
  out[0] = sums[3] / n - mx * mx;
  out[1] = sums[4] / n - mx * my;
  out[2] = sums[5] / n - mx * mz;
  out[3] = sums[6] / n - my * my;
  out[4] = sums[7] / n - my * mz;
  out[5] = sums[8] / n - mz * mz;
  return out;
}

/**
 * Unit eigenvector of the smallest eigenvalue of a symmetric 3x3 matrix [a00 a01 a02 a11 a12 a22],
 * by cyclic Jacobi rotations; also that eigenvalue over the trace.
 */
export function smallestEigenvector(c: Float64Array): { v: [number, number, number]; variation: number } {
  const a = [
    [c[0], c[1], c[2]],
    [c[1], c[3], c[4]],
    [c[2], c[4], c[5]],
  ];
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 12; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    if (off < 1e-22 * (a[0][0] ** 2 + a[1][1] ** 2 + a[2][2] ** 2 + 1e-300)) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (Math.abs(a[p][q]) < 1e-300) continue;
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const cs = 1 / Math.sqrt(t * t + 1);
      const sn = t * cs;
      for (let k = 0; k < 3; k++) {
        const akp = a[k][p], akq = a[k][q];
        a[k][p] = cs * akp - sn * akq;
        a[k][q] = sn * akp + cs * akq;
      }
      for (let k = 0; k < 3; k++) {
        const apk = a[p][k], aqk = a[q][k];
        a[p][k] = cs * apk - sn * aqk;
        a[q][k] = sn * apk + cs * aqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p], vkq = v[k][q];
        v[k][p] = cs * vkp - sn * vkq;
        v[k][q] = sn * vkp + cs * vkq;
      }
    }
  }
  let m = 0;
  for (let k = 1; k < 3; k++) if (a[k][k] < a[m][m]) m = k;
  const trace = a[0][0] + a[1][1] + a[2][2];
  return { v: [v[0][m], v[1][m], v[2][m]], variation: trace > 0 ? Math.max(0, a[m][m]) / trace : 1 };
}

/**
 * POOL point indices drawn at random (repeats are rare and harmless), or every point of a small
 * cloud in shuffled order: the first QUERIES of them get normals, and files list their points in
 * spatial order (S3DIS by block), so the first ones in the file would be one corner of the room.
 */
function poolIndices(count: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(Math.min(count, POOL));
  if (count > POOL) {
    for (let i = 0; i < POOL; i++) out[i] = Math.floor(rng() * count);
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = i;
  return shuffle(out, rng);
}

/** Unit normals of the triangles `faces` lists (the first `count`), by their winding. */
export function faceNormals(positions: Float32Array, indices: Uint32Array, faces: Uint32Array, count: number): Float32Array {
  const out = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) {
    const t = faces[i];
    const a = 3 * indices[3 * t], b = 3 * indices[3 * t + 1], c = 3 * indices[3 * t + 2];
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const len = Math.hypot(nx, ny, nz) || 1;
    out[3 * i] = nx / len;
    out[3 * i + 1] = ny / len;
    out[3 * i + 2] = nz / len;
  }
  return out;
}

/** Normals of the first `queries` pool points from a plane through their neighbours; none where no plane fits. */
function fittedNormals(pool: Float32Array, queries: number, grid: PointGrid, radius: number): Float32Array {
  const out = new Float32Array(3 * queries);
  const r2 = radius * radius;
  const cov = new Float64Array(6);
  const sums = new Float64Array(9);
  const near = new Int32Array(NEAR_CAP);
  for (let q = 0; q < queries; q++) {
    const x = pool[3 * q], y = pool[3 * q + 1], z = pool[3 * q + 2];
    let n = 0;
    sums.fill(0);
    const found = gatherNear(grid, x, y, z, near);
    for (let k = 0; k < found; k++) {
      const j = near[k];
      const dx = pool[3 * j] - x, dy = pool[3 * j + 1] - y, dz = pool[3 * j + 2] - z;
      if (dx * dx + dy * dy + dz * dz > r2) continue;
      n++;
      addOffset(sums, dx, dy, dz);
    }
    if (n < 5) continue;
    const { v, variation } = smallestEigenvector(covariance(sums, n, cov));
    if (variation > PLANAR) continue;
    out[3 * q] = v[0];
    out[3 * q + 1] = v[1];
    out[3 * q + 2] = v[2];
  }
  return out;
}

export function surfels(geometry: Geometry, seed = 0): Surfels {
  const rng = createRng(seed);
  const isSurface = geometry.kind === 'mesh' && geometry.indices.length >= 3 && meshArea(geometry.positions, geometry.indices) > 0;
  let pool: Float32Array;
  let fileNormals: Float32Array | undefined;
  if (isSurface) {
    const faces = new Uint32Array(POOL);
    pool = sampleMeshSurface(geometry.positions, geometry.indices, POOL, rng, faces);
    fileNormals = faceNormals(geometry.positions, geometry.indices, faces, QUERIES);
  } else {
    const picked = poolIndices(geometry.positions.length / 3, rng);
    pool = gatherPoints(geometry.positions, picked);
    if (geometry.normals) fileNormals = gatherPoints(geometry.normals, picked.subarray(0, QUERIES));
  }
  const n = pool.length / 3;
  const queries = Math.min(QUERIES, n);
  const { lo, hi } = percentileBounds(pool);
  const e = [0, 1, 2].map((a) => hi[a] - lo[a]);
  // points spread over the box's faces: about this far apart
  const area = 2 * (e[0] * e[1] + e[1] * e[2] + e[2] * e[0]) || 1;
  const radius = Math.sqrt((area / n) * (NEIGHBOURS / Math.PI));
  const grid = buildGrid(pool, lo, hi, radius);
  const normals = fileNormals ?? fittedNormals(pool, queries, grid, radius);
  return { pool, queries, normals, lo, hi, radius, grid };
}
