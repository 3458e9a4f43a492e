// Stray points: statistical outlier removal as CloudCompare's SOR filter and PCL's and Open3D's
// remove_statistical_outlier make it. Each point's mean distance to its k nearest neighbours (itself
// left out, as PCL does); a point is stray where that mean is more than the cloud's mean of them plus
// sigma standard deviations. Isolated returns (a mirror, glass, a person walking by, sensor noise)
// lie far from any surface, so their neighbours are far too.
//
// Neighbours come from the normals' grid (3x3x3 cells of about k points each) wherever the k-th
// found lies within a cell's width, which no point outside the 27 cells can beat; a point whose
// neighbours lie further (a stray one, the very points looked for) is asked of a k-d tree, exact at
// any distance, built only when some point needs it.
import { checkBudget } from '../io/limits';
import { selectSmallest } from '../selectSmallest';
import { InputError } from '../types';
import { buildKdTree, NearestSearch } from './kdTree';
import { neighbourGrid } from './normals';
import { gatherNearDistances, NEAR_CAP } from './surfels';

/**
 * Neighbours averaged over by default: the normals' 16, between CloudCompare's 6 (a few noisy
 * returns together pass as a surface) and PCL's 50 (slower, and a thin part's neighbours reach
 * across to the next surface).
 */
export const STRAY_NEIGHBOURS = 16;
/**
 * Standard deviations past the mean by default, Open3D's example's. PCL's and CloudCompare's 1.0
 * takes one point in six of a clean ScanNet room; 2 takes about 3% of it, the sparsest parts of the
 * scan, and every point scattered around it. Higher takes fewer, but stray points many enough widen
 * the deviation they are measured against: 200 around a 1,024-point airplane hide from 3.
 */
export const STRAY_SIGMA = 2;
export const MAX_STRAY_NEIGHBOURS = 100;
/** The progress and cancellation check comes this many points apart. */
const CHUNK = 16_384;
/** Bytes a point the search holds at once: its mean, its mark, the grid (its cell and order) and a k-d tree (xyz, index, axis, box) where needed. */
const BYTES_PER_POINT = 4 + 1 + 8 + 12 + 4 + 1 + 24;

export interface StrayOptions {
  k?: number;
  sigma?: number;
  onProgress?: (fraction: number) => void;
  /** polled between chunks; an aborted search throws */
  signal?: AbortSignal;
}

export interface StrayPoints {
  /** 1 for each stray point */
  stray: Uint8Array;
  count: number;
  /** neighbours each mean was taken over (fewer than asked where the cloud has fewer other points) */
  k: number;
  sigma: number;
  /** the mean over the points of their mean distance to their neighbours, in the cloud's units */
  meanDistance: number;
  /** the standard deviation of those means */
  deviation: number;
  /** a point whose mean is past this is stray */
  threshold: number;
}

/** Throws the person's words for a k or sigma pointlens cannot use. */
export function checkStrayParameters(k: number, sigma: number): void {
  // NaN: a field left empty, where there is nothing to quote back
  const not = (v: number) => (Number.isNaN(v) ? '' : `, not ${v}`);
  if (!Number.isInteger(k) || k < 1 || k > MAX_STRAY_NEIGHBOURS) throw new InputError(`the neighbours to average over must be a whole number from 1 to ${MAX_STRAY_NEIGHBOURS}${not(k)}`);
  if (!Number.isFinite(sigma) || sigma < 0) throw new InputError(`the standard deviations past the mean must be a number of 0 or more${not(sigma)}`);
}

/** Each point's mean distance to its k nearest other points. */
export function meanNeighbourDistances(positions: Float32Array, k: number, options: Pick<StrayOptions, 'onProgress' | 'signal'> = {}): Float32Array {
  const n = positions.length / 3;
  checkBudget(n, BYTES_PER_POINT, 'points searched for stray ones');
  const means = new Float32Array(n);
  if (n < 2) return means;
  // the point itself is among its nearest, at 0
  const want = Math.min(k, n - 1) + 1;
  const grid = neighbourGrid(positions, want);
  const reach = grid.cell * grid.cell;
  let search: NearestSearch | null = null;
  const near = new Int32Array(NEAR_CAP);
  const dist = new Float64Array(Math.max(NEAR_CAP, want));
  const index = new Uint32Array(want);
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) {
      if (options.signal?.aborted) throw new DOMException('stray point search cancelled', 'AbortError');
      options.onProgress?.(i / n);
    }
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    const found = gatherNearDistances(grid, positions, i, near, dist);
    let sum = 0;
    // the k-th of those found bounds the true k-th nearest from above
    let bound = Infinity;
    if (found >= want) {
      selectSmallest(dist, found, want);
      bound = dist[want - 1];
      // none left out of the cells lies within a cell's width; a full buffer may have left nearer points out
      if (bound <= reach && found < NEAR_CAP) {
        for (let j = 0; j < want; j++) sum += Math.sqrt(dist[j]);
        means[i] = sum / (want - 1);
        continue;
      }
    }
    search ??= new NearestSearch(buildKdTree(positions), want);
    const m = search.nearestK(x, y, z, want, dist, index, bound);
    for (let j = 0; j < m; j++) sum += Math.sqrt(dist[j]);
    means[i] = sum / (want - 1);
  }
  options.onProgress?.(1);
  return means;
}

/** The stray points of a cloud: those whose mean neighbour distance is past the cloud's mean plus sigma deviations. */
export function findStrayPoints(positions: Float32Array, options: StrayOptions = {}): StrayPoints {
  const k = options.k ?? STRAY_NEIGHBOURS;
  const sigma = options.sigma ?? STRAY_SIGMA;
  checkStrayParameters(k, sigma);
  const n = positions.length / 3;
  const means = meanNeighbourDistances(positions, k, options);
  let total = 0;
  for (let i = 0; i < n; i++) total += means[i];
  const meanDistance = n ? total / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (means[i] - meanDistance) ** 2;
  // the sample's deviation, as PCL and Open3D take it
  const deviation = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  const threshold = meanDistance + sigma * deviation;
  const stray = new Uint8Array(n);
  let count = 0;
  if (n > 1) {
    for (let i = 0; i < n; i++) {
      if (means[i] > threshold) {
        stray[i] = 1;
        count++;
      }
    }
  }
  return { stray, count, k: Math.min(k, Math.max(0, n - 1)), sigma, meanDistance, deviation, threshold };
}
