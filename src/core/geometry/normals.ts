// Normals for a cloud that has none: a plane fitted (PCA) to each point's k nearest neighbours,
// its normal turned towards the inside of a room (a scan is taken from within) or away from the
// centre of an object (seen from outside). Neighbours come from a uniform grid whose cells hold
// about k points of a surface, searched 3x3x3 cells around each point.
import { computeBounds } from './bounds';
import { addOffset, buildGrid, covariance, gatherNearDistances, NEAR_CAP, percentileBounds, smallestEigenvector, type PointGrid } from './surfels';
import { selectSmallest } from '../selectSmallest';

export const NORMAL_NEIGHBOURS = 16;
/** Points the grid's box is read from, spread over the cloud. */
const NEIGHBOUR_BOUNDS_SAMPLE = 8192;
/** The progress and cancellation check comes this many points apart. */
const CHUNK = 16_384;

export type NormalFacing = 'inward' | 'outward';

export interface NormalOptions {
  k?: number;
  /** towards the centre of the bounds (a room) or away from it (an object) */
  facing: NormalFacing;
  onProgress?: (fraction: number) => void;
  /** polled between chunks; an aborted estimate throws */
  signal?: AbortSignal;
}

/**
 * The grid a point's k nearest neighbours are looked for in, 3x3x3 cells around it: the points spread
 * over surfaces about the size of their box's faces, and a cell holds about k of them. The box is
 * that of the middle 99% of the points, so that a few stray points far out do not coarsen the cells
 * for all the others; the points beyond it fall in its outer cells.
 */
export function neighbourGrid(positions: Float32Array, k: number): PointGrid {
  const n = positions.length / 3;
  const { lo, hi } = percentileBounds(positions, Math.max(1, Math.ceil(n / NEIGHBOUR_BOUNDS_SAMPLE)));
  const e = [0, 1, 2].map((a) => hi[a] - lo[a]);
  const area = 2 * (e[0] * e[1] + e[1] * e[2] + e[2] * e[0]) || 1;
  const cell = Math.sqrt((area / Math.max(1, n)) * k) || 1;
  return buildGrid(positions, lo, hi, cell);
}

/** Unit normals, 3 floats a point; (0, 0, 0) where fewer than 3 neighbours were found. */
export function estimateNormals(positions: Float32Array, options: NormalOptions): Float32Array {
  const k = options.k ?? NORMAL_NEIGHBOURS;
  const n = positions.length / 3;
  const out = new Float32Array(n * 3);
  if (!n) return out;
  const { min: lo, max: hi } = computeBounds(positions);
  const grid = neighbourGrid(positions, k);
  const centre = [0, 1, 2].map((a) => (lo[a] + hi[a]) / 2);
  const inward = options.facing === 'inward' ? 1 : -1;
  const near = new Int32Array(NEAR_CAP);
  const dist = new Float64Array(NEAR_CAP);
  const cov = new Float64Array(6);
  const sums = new Float64Array(9);
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) {
      if (options.signal?.aborted) throw new DOMException('normal estimation cancelled', 'AbortError');
      options.onProgress?.(i / n);
    }
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    const found = gatherNearDistances(grid, positions, i, near, dist);
    const m = Math.min(k, found);
    if (m < 3) continue;
    if (found > m) selectSmallest(dist, found, m, near);
    sums.fill(0);
    for (let j = 0; j < m; j++) {
      const q = 3 * near[j];
      addOffset(sums, positions[q] - x, positions[q + 1] - y, positions[q + 2] - z);
    }
    const { v } = smallestEigenvector(covariance(sums, m, cov));
    const towards = (centre[0] - x) * v[0] + (centre[1] - y) * v[1] + (centre[2] - z) * v[2];
    const flip = towards * inward < 0 ? -1 : 1;
    out[3 * i] = flip * v[0];
    out[3 * i + 1] = flip * v[1];
    out[3 * i + 2] = flip * v[2];
  }
  options.onProgress?.(1);
  return out;
}
