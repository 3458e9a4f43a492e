// The objects of a scan as separate clusters: Euclidean connected components, as CloudCompare's
// "Label Connected Components" and PCL's Euclidean cluster extraction find them (Open3D's
// cluster_dbscan with one neighbour enough). Two points within the distance of each other are in
// one cluster, and so is every point joined to them through such pairs; a cluster of fewer than the
// smallest size is none.
//
// Exact at any distance, without a radius search a point: the points go into cubes whose diagonal
// is the distance, so all the points of one cube are within it of each other and join at once. Two
// cubes up to 2 apart along each axis may hold points within the distance (the distance is √3
// cubes), and are joined where two of their points are, a pair of cubes compared only while they
// are still apart. Cubes are found by walking their sorted keys (core/geometry/sortedCells), as the
// over-segmentation finds its neighbours.
import { NO_CLASS_COLOR, paletteColor } from '../color/labelTable';
import { checkBudget } from '../io/limits';
import { InputError, type NamedClass } from '../types';
import { buildKdTree, NearestSearch, pointSpacing } from './kdTree';
import type { SignedAxis } from './signedAxis';
import { shiftedCells, sortedCells } from './sortedCells';
import { uprightBox, type UprightBox } from './uprightBox';

/** The distance by default, in the cloud's median nearest-neighbour spacings. */
export const CLUSTER_SPACINGS = 3;
/** The smallest cluster by default: this share of the points clustered (at least MIN_CLUSTER_POINTS). */
export const MIN_CLUSTER_SHARE = 0.002;
export const MIN_CLUSTER_POINTS = 1;
/** The clusters the classifier names, the largest first: past them are the scraps of a scan. */
export const CLUSTERS_NAMED = 20;
/** The per-point field the clusters are kept in, a label field: 1 for the largest, 0 for none. */
export const CLUSTER_FIELD = 'cluster';
/** Cubes a key along each axis: the cloud's extent over the cube's edge must stay below it. */
const SPAN = 2 ** 17;
/** Bytes a point the search holds at once: its cube's key and place, its place in cube order, its cluster, the spacing's k-d tree, its place in cluster order and its place across up for its upright box. */
const BYTES_PER_POINT = 8 + 4 + 4 + 4 + 4 + 12 + 4 + 1 + 24 + 4 + 16;

export interface ClusterOptions {
  /** how far apart two points of one cluster may lie, in the cloud's units; CLUSTER_SPACINGS spacings where not given */
  distance?: number;
  /** the fewest points a cluster holds; MIN_CLUSTER_SHARE of the points clustered where not given */
  minPoints?: number;
  /** points left out of every cluster (a plane's, the floor's), as 1 */
  leaveOut?: Uint8Array;
  /** which way is up: each cluster's upright box turns about it; +z where not given */
  up?: SignedAxis;
  onProgress?: (fraction: number) => void;
  /** polled between the passes; an aborted search throws */
  signal?: AbortSignal;
}

export interface FoundCluster {
  points: number;
  /** the box around its points, square to the axes */
  min: [number, number, number];
  max: [number, number, number];
  /** the smallest box around its points turned about up */
  box: UprightBox;
}

export interface ClusterSearch {
  /** the largest first */
  clusters: FoundCluster[];
  /** each point's cluster, 1 for the largest; 0 for a point in none (left out, or in a component too small) */
  labels: Int32Array;
  /** the points clustered: those not left out */
  clustered: number;
  /** components with fewer than minPoints points, whose points are in no cluster */
  tooSmall: number;
  distance: number;
  /** the median nearest-neighbour spacing of the points clustered: the distance's default */
  spacing: number;
  minPoints: number;
  /** the up axis the upright boxes turn about */
  up: SignedAxis;
}

/** What the cluster field's ids stand for: "cluster 1" for 1, "no cluster" for 0. */
export function clusterClasses(clusters: number): NamedClass[] {
  return [{ id: 0, name: 'no cluster', color: NO_CLASS_COLOR }, ...Array.from({ length: clusters }, (_, i) => ({ id: i + 1, name: `cluster ${i + 1}`, color: paletteColor(i + 1) }))];
}

/** The smallest cluster by default for `points` clustered. */
export function defaultMinClusterPoints(points: number): number {
  return Math.max(MIN_CLUSTER_POINTS, Math.ceil(MIN_CLUSTER_SHARE * points));
}

/** Throws the person's words for a distance or smallest size pointlens cannot use. */
export function checkClusterParameters(options: Pick<ClusterOptions, 'distance' | 'minPoints'>): void {
  const not = (v: number) => (Number.isNaN(v) ? '' : `, not ${v}`);
  const { distance, minPoints } = options;
  if (distance !== undefined && !(Number.isFinite(distance) && distance > 0)) throw new InputError(`the cluster distance must be a number above 0${not(distance)}`);
  if (minPoints !== undefined && !(Number.isInteger(minPoints) && minPoints >= MIN_CLUSTER_POINTS)) throw new InputError(`the smallest cluster must be a whole number of ${MIN_CLUSTER_POINTS} point or more${not(minPoints)}`);
}

function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/** The key steps to the cubes up to 2 away along each axis whose keys come after a cube's own: every pair of such cubes once. */
function forwardReach(): number[] {
  const shifts: number[] = [];
  for (let dx = -2; dx <= 2; dx++) {
    for (let dy = -2; dy <= 2; dy++) {
      for (let dz = -2; dz <= 2; dz++) {
        const step = (dx * SPAN + dy) * SPAN + dz;
        if (step > 0) shifts.push(step);
      }
    }
  }
  return shifts;
}

/** Splits packed xyz `positions` into clusters, the largest first. */
export function findClusters(positions: Float32Array, options: ClusterOptions = {}): ClusterSearch {
  checkClusterParameters(options);
  const n = Math.floor(positions.length / 3);
  const { leaveOut } = options;
  if (leaveOut && leaveOut.length !== n) throw new Error(`the points left out name ${leaveOut.length} points, and the cloud has ${n}`);
  checkBudget(n, BYTES_PER_POINT, 'points clustered');
  const abort = () => {
    if (options.signal?.aborted) throw new DOMException('clustering cancelled', 'AbortError');
  };
  // the points clustered, and their box
  let m = 0;
  for (let i = 0; i < n; i++) if (!leaveOut?.[i]) m++;
  const pts = new Int32Array(m);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0, k = 0; i < n; i++) {
    if (leaveOut?.[i]) continue;
    for (let a = 0; a < 3; a++) {
      const v = positions[3 * i + a];
      if (!Number.isFinite(v)) throw new InputError(`point ${i + 1} has no finite position (${v}): it cannot be clustered`);
      lo[a] = Math.min(lo[a], v);
      hi[a] = Math.max(hi[a], v);
    }
    pts[k++] = i;
  }
  let spacing = 0;
  if (m > 1) {
    const picked = new Float32Array(3 * m);
    pts.forEach((p, k) => picked.set(positions.subarray(3 * p, 3 * p + 3), 3 * k));
    const tree = buildKdTree(picked);
    spacing = pointSpacing(tree, new NearestSearch(tree));
  }
  // points all at one place have no spacing: any distance joins them
  const distance = options.distance ?? (CLUSTER_SPACINGS * spacing || 1e-6);
  const minPoints = options.minPoints ?? defaultMinClusterPoints(m);
  const edge = distance / Math.sqrt(3);
  const widest = Math.max(0, hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  if (widest / edge >= SPAN - 3) {
    throw new InputError(`a cluster distance of ${distance} is too small for points spread over ${widest.toPrecision(4)}: it must be at least ${((Math.sqrt(3) * widest) / (SPAN - 3)).toPrecision(2)}`);
  }
  abort();
  const cube = (p: number, a: number) => Math.floor((positions[3 * p + a] - lo[a]) / edge);
  const grid = sortedCells(m, (k) => (cube(pts[k], 0) * SPAN + cube(pts[k], 1)) * SPAN + cube(pts[k], 2));
  const cubes = grid.keys.length;
  // the points in cube order: cube c's are at start[c]..start[c + 1]
  const start = new Int32Array(cubes + 1);
  for (let k = 0; k < m; k++) start[grid.cellOf[k] + 1]++;
  for (let c = 0; c < cubes; c++) start[c + 1] += start[c];
  const order = new Int32Array(m);
  const fill = start.slice(0, cubes);
  for (let k = 0; k < m; k++) order[fill[grid.cellOf[k]]++] = pts[k];
  const d2 = distance * distance;
  const near = (a: number, b: number): boolean => {
    for (let i = start[a]; i < start[a + 1]; i++) {
      const p = 3 * order[i];
      const x = positions[p], y = positions[p + 1], z = positions[p + 2];
      for (let j = start[b]; j < start[b + 1]; j++) {
        const q = 3 * order[j];
        const dx = positions[q] - x, dy = positions[q + 1] - y, dz = positions[q + 2] - z;
        if (dx * dx + dy * dy + dz * dz <= d2) return true;
      }
    }
    return false;
  };
  const parent = new Int32Array(cubes);
  for (let c = 0; c < cubes; c++) parent[c] = c;
  const other = new Int32Array(cubes);
  const shifts = forwardReach();
  shifts.forEach((shift, t) => {
    abort();
    options.onProgress?.(t / shifts.length);
    shiftedCells(grid.keys, shift, other);
    for (let a = 0; a < cubes; a++) {
      const b = other[a];
      if (b < 0) continue;
      const ra = find(parent, a), rb = find(parent, b);
      if (ra !== rb && near(a, b)) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
  });
  // the components by size, the largest first (ties: the one holding the lowest point first)
  const size = new Int32Array(cubes);
  const first = new Int32Array(cubes).fill(n);
  for (let k = 0; k < m; k++) {
    const r = find(parent, grid.cellOf[k]);
    size[r]++;
    first[r] = Math.min(first[r], pts[k]);
  }
  const roots: number[] = [];
  let tooSmall = 0;
  for (let c = 0; c < cubes; c++) {
    if (size[c] === 0) continue;
    if (size[c] >= minPoints) roots.push(c);
    else tooSmall++;
  }
  roots.sort((a, b) => size[b] - size[a] || first[a] - first[b]);
  const id = new Int32Array(cubes);
  roots.forEach((r, i) => (id[r] = i + 1));
  const labels = new Int32Array(n);
  const bounds = roots.map(() => ({ min: [Infinity, Infinity, Infinity] as FoundCluster['min'], max: [-Infinity, -Infinity, -Infinity] as FoundCluster['max'] }));
  for (let k = 0; k < m; k++) {
    const c = id[find(parent, grid.cellOf[k])];
    if (!c) continue;
    const p = pts[k];
    labels[p] = c;
    const box = bounds[c - 1];
    for (let a = 0; a < 3; a++) {
      const v = positions[3 * p + a];
      if (v < box.min[a]) box.min[a] = v;
      if (v > box.max[a]) box.max[a] = v;
    }
  }
  // the points in cluster order, cluster c's from from[c - 1], for its upright box
  const up = options.up ?? '+z';
  const from = new Int32Array(roots.length + 1);
  roots.forEach((r, i) => (from[i + 1] = from[i] + size[r]));
  const byCluster = new Int32Array(from[roots.length]);
  const next = from.slice(0, roots.length);
  for (let i = 0; i < n; i++) if (labels[i]) byCluster[next[labels[i] - 1]++] = i;
  abort();
  const clusters: FoundCluster[] = roots.map((r, i) => ({ points: size[r], ...bounds[i], box: uprightBox(positions, byCluster.subarray(from[i], from[i + 1]), size[r], up) }));
  options.onProgress?.(1);
  return { clusters, labels, clustered: m, tooSmall, distance, spacing, minPoints, up };
}

/** The packed xyz of cluster `id`'s points, in the cloud's order. */
export function clusterPoints(positions: Float32Array, labels: Int32Array, id: number, count: number): Float32Array {
  const out = new Float32Array(3 * count);
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === id) out.set(positions.subarray(3 * i, 3 * i + 3), 3 * k++);
  return out;
}

/** Which points a layer's plane field puts on a plane (an id of 1 or more), as 1: the points the Planes panel found. */
export function onPlanes(plane: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) if (plane[i] >= 1) out[i] = 1;
  return out;
}
