// How far each point of one layer lies from another layer, as CloudCompare's cloud-to-cloud
// distance gives it: two scans of one site, a scan before and after a change, an object against its
// model. Both layers are placed as they are drawn (each with its transform, origin and up axis), then
// each point's distance is to the nearest point of the reference. A mesh is a surface, not its
// corners: its triangles are sampled densely and the reference is those samples with the vertices,
// so a point over a large flat triangle is not measured to the triangle's far corners.
// As in CloudCompare, a maximum distance stops each search there (points farther keep the limit as
// their distance, and are counted apart), and the offset to the nearest point can be kept split
// along x, y and z. Where the reference has normals (a mesh's faces, a cloud's own), each distance
// can take the side of the reference the point lies on, as CloudCompare's signed distances do: the
// sign of (point - nearest) . n, n the normal at the reference's nearest point.
import { buildKdTree, NearestSearch } from '../geometry/kdTree';
import { sampleMeshSurface } from '../geometry/sampling';
import { faceNormals } from '../geometry/surfels';
import { formatBytes, READ_BUDGET_BYTES } from '../io/limits';
import { createRng } from '../random';
import { selectSmallest } from '../selectSmallest';
import { InputError } from '../types';
import { applyMatrix, type Matrix4Elements } from './transform';

/** A mesh's surface gets this many samples for each vertex, and at least MIN_SURFACE_SAMPLES. */
const SAMPLES_PER_VERTEX = 4;
const MIN_SURFACE_SAMPLES = 200_000;
const MAX_SURFACE_SAMPLES = 4_000_000;
/** The progress and cancellation check comes this many points apart. */
const CHUNK = 16_384;

export interface PlacedLayer {
  /** packed xyz in the layer's own coordinates */
  positions: Float32Array;
  /** a mesh's triangles, where the layer is one */
  indices?: Uint32Array;
  /** a cloud's unit normals, 3 floats a point, where it has them (a mesh's come from its faces) */
  normals?: Float32Array;
  /** the layer's coordinates to the scene's (core/layers/transform's sceneMatrix) */
  matrix: Matrix4Elements;
}

export interface DistanceSummary {
  /** points with a distance within the maximum distance (all but those beyond it and those with no finite position) */
  count: number;
  /** points the maximum distance or farther from the reference, which the figures leave out (0 without one) */
  beyond: number;
  mean: number;
  rms: number;
  median: number;
  /** the distance 95% of the points are within */
  p95: number;
  max: number;
  /** signed distances: the points in front of the reference (above 0) and behind it (below 0) */
  front?: number;
  behind?: number;
}

export interface CloudDistances {
  /** one a point of the compared layer, NaN where its position is not finite, the maximum distance where it is that far or farther */
  distances: Float32Array;
  /**
   * with `splitAxes`: each point's offset from its nearest reference point (the point minus it)
   * along the x, y and z of the compared layer's own coordinates, turned with its transform; NaN
   * where it has no distance or lies beyond the maximum distance, where no nearest point was found
   */
  offsets?: [Float32Array, Float32Array, Float32Array];
  summary: DistanceSummary;
  /** the points measured to: the reference's points, or a mesh's vertices and surface samples */
  referencePoints: number;
  /** surface samples among them (0 for a cloud) */
  surfaceSamples: number;
}

/** CloudCompare's two options of the measurement. */
export interface ComparisonOptions {
  /** a search stops this far away, in the layers' units: points farther are counted, not measured */
  maxDistance?: number;
  /** also keep each point's offset to its nearest reference point along x, y and z */
  splitAxes?: boolean;
  /** give each distance the side of the reference the point is on, by the normal at its nearest point */
  signed?: boolean;
}

export interface DistanceOptions extends ComparisonOptions {
  onProgress?: (fraction: number) => void;
  /** polled between chunks; an aborted comparison throws */
  signal?: AbortSignal;
}

function surfaceSamplesFor(reference: PlacedLayer): number {
  if (!reference.indices?.length) return 0;
  return Math.min(MAX_SURFACE_SAMPLES, Math.max(MIN_SURFACE_SAMPLES, SAMPLES_PER_VERTEX * (reference.positions.length / 3)));
}

/** Bytes the comparison takes while it runs: the reference placed, its tree, and the distances (with their x, y and z where split). */
export function comparisonBytes(compared: PlacedLayer, reference: PlacedLayer, options: ComparisonOptions = {}): number {
  const referencePoints = reference.positions.length / 3 + surfaceSamplesFor(reference);
  // the reference's points (a mesh's with its samples), placed, in the tree, its order, split axes and boxes; signed: their normals and the samples' triangles
  return referencePoints * (12 + 12 + 12 + 4 + 1 + 24 + (options.signed ? 12 + 12 + 4 : 0)) + (compared.positions.length / 3) * (options.splitAxes ? 16 : 4);
}

/** Whether distances to `reference` can be signed: a mesh has its faces' normals, a cloud needs its own. */
export const hasReferenceNormals = (reference: Pick<PlacedLayer, 'indices' | 'normals'>): boolean => !!reference.indices?.length || !!reference.normals;

/** Refuses, in the person's terms, a maximum distance that is no length, and a comparison that would take more than the read budget. */
export function checkComparison(compared: PlacedLayer, reference: PlacedLayer, options: ComparisonOptions = {}): void {
  const max = options.maxDistance;
  if (max !== undefined && !(Number.isFinite(max) && Math.fround(max) > 0)) {
    throw new InputError(`the maximum distance must be a number above 0, not ${max}`);
  }
  if (options.signed && !hasReferenceNormals(reference)) {
    throw new InputError('the reference has no normals to sign the distances by: a mesh has its faces\', a cloud needs them in its file or estimated (the Normals panel)');
  }
  if (options.signed && max !== undefined) {
    // a point past the limit has no nearest point, so no side of the reference to take
    throw new InputError('signed distances need every point\'s nearest reference point: leave the maximum distance empty');
  }
  const needs = comparisonBytes(compared, reference, options);
  if (needs > READ_BUDGET_BYTES) {
    throw new InputError(
      `comparing ${(compared.positions.length / 3).toLocaleString('en-US')} points with ${(reference.positions.length / 3).toLocaleString('en-US')} would take ${formatBytes(needs)}, more than the ${formatBytes(READ_BUDGET_BYTES)} pointlens sets aside for it`,
    );
  }
}

/** Unit normals of a mesh's vertices: the mean of their triangles' normals. */
function vertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const triangles = indices.length / 3;
  const byTriangle = faceNormals(positions, indices, Uint32Array.from({ length: triangles }, (_, t) => t), triangles);
  const sums = new Float64Array(positions.length);
  for (let t = 0; t < triangles; t++) {
    for (let k = 0; k < 3; k++) for (let a = 0; a < 3; a++) sums[3 * indices[3 * t + k] + a] += byTriangle[3 * t + a];
  }
  const out = new Float32Array(positions.length);
  for (let i = 0; i + 2 < sums.length; i += 3) {
    const len = Math.hypot(sums[i], sums[i + 1], sums[i + 2]);
    if (len > 0) for (let a = 0; a < 3; a++) out[i + a] = sums[i + a] / len;
  }
  return out;
}

/**
 * The reference's points in its own coordinates: a cloud's, or a mesh's vertices and its surface
 * sampled; with `signed`, a normal for each (a sample's is its triangle's, a vertex's its triangles' mean).
 */
function referenceCloud(reference: PlacedLayer, signed = false): { points: Float32Array; samples: number; normals?: Float32Array } {
  const samples = surfaceSamplesFor(reference);
  if (!samples) {
    if (signed && reference.indices?.length) throw new InputError('the reference mesh has no area, so no side to sign the distances by');
    return { points: reference.positions, samples: 0, ...(signed && { normals: reference.normals }) };
  }
  const faces = signed ? new Uint32Array(samples) : undefined;
  let surface: Float32Array;
  try {
    surface = sampleMeshSurface(reference.positions, reference.indices!, samples, createRng(0), faces);
  } catch {
    if (signed) throw new InputError('the reference mesh has no area, so no side to sign the distances by');
    // a mesh without area (every triangle flat) is its vertices
    return { points: reference.positions, samples: 0 };
  }
  const points = new Float32Array(reference.positions.length + surface.length);
  points.set(reference.positions);
  points.set(surface, reference.positions.length);
  if (!faces) return { points, samples };
  const normals = new Float32Array(points.length);
  normals.set(vertexNormals(reference.positions, reference.indices!));
  normals.set(faceNormals(reference.positions, reference.indices!, faces, samples), reference.positions.length);
  return { points, samples, normals };
}

/** The reference's points (a mesh's with its surface samples) placed in the scene, less `centre`, as 32-bit floats; with `signed`, their normals turned with them. */
export function placedReference(reference: PlacedLayer, centre: readonly number[], signed = false): { placed: Float32Array; samples: number; normals?: Float32Array } {
  const { points, samples, normals } = referenceCloud(reference, signed);
  const placed = new Float32Array(points.length);
  const r = reference.matrix;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i], y = points[i + 1], z = points[i + 2];
    for (let a = 0; a < 3; a++) placed[i + a] = r[a] * x + r[4 + a] * y + r[8 + a] * z + r[12 + a] - centre[a];
  }
  if (!normals) return { placed, samples };
  // a layer's transform turns and scales evenly, so its normals turn with its linear part
  const turned = new Float32Array(normals.length);
  for (let i = 0; i + 2 < normals.length; i += 3) {
    const x = normals[i], y = normals[i + 1], z = normals[i + 2];
    for (let a = 0; a < 3; a++) turned[i + a] = r[a] * x + r[4 + a] * y + r[8 + a] * z;
  }
  return { placed, samples, normals: turned };
}

/** The middle of a layer's points in the scene (the mean of its box's corners, placed). */
export function placedCentre(layer: PlacedLayer): [number, number, number] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const p = layer.positions;
  for (let i = 0; i + 2 < p.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = p[i + a];
      if (v < lo[a]) lo[a] = v;
      if (v > hi[a]) hi[a] = v;
    }
  }
  if (!(lo[0] <= hi[0])) return [0, 0, 0];
  return applyMatrix(layer.matrix, [0, 1, 2].map((a) => (lo[a] + hi[a]) / 2) as [number, number, number]);
}

/**
 * The distances' summary over the points within `maxDistance` (all with one), with how many lie
 * beyond it, in time linear in their number: the panel works it out again on the main thread
 * whenever the clip changes, so the median and the 95th percentile are selected, not sorted.
 * Signed distances give their mean with its sign, how many lie in front and behind, and the
 * median, 95th percentile and largest of their lengths, whichever side they are on.
 */
export function summariseDistances(distances: Float32Array, maxDistance = Infinity, signed = false): DistanceSummary {
  // the limit as the distances keep it: a point beyond was given it, one within rounds below it
  const limit = Math.fround(maxDistance);
  let count = 0;
  let beyond = 0;
  for (const d of distances) {
    if (d >= limit) beyond++;
    else if (Number.isFinite(d)) count++;
  }
  if (!count) return { count, beyond, mean: NaN, rms: NaN, median: NaN, p95: NaN, max: NaN, ...(signed && { front: 0, behind: 0 }) };
  const lengths = new Float64Array(count);
  let sum = 0;
  let squares = 0;
  let max = -Infinity;
  let front = 0;
  let behind = 0;
  for (let i = 0, k = 0; i < distances.length; i++) {
    const d = distances[i];
    if (!(d < limit) || !Number.isFinite(d)) continue;
    const length = Math.abs(d);
    lengths[k++] = length;
    sum += d;
    squares += d * d;
    if (length > max) max = length;
    if (d > 0) front++;
    else if (d < 0) behind++;
  }
  // the k-th smallest, k = ceil(q * count); the median's lies among the 95th percentile's smaller ones
  const rank = (q: number) => Math.max(1, Math.ceil(q * count));
  selectSmallest(lengths, count, rank(0.95));
  const p95 = lengths[rank(0.95) - 1];
  selectSmallest(lengths, rank(0.95), rank(0.5));
  return { count, beyond, mean: sum / count, rms: Math.sqrt(squares / count), median: lengths[rank(0.5) - 1], p95, max, ...(signed && { front, behind }) };
}

/** Each point of `compared`'s distance to the nearest point of `reference`, both placed in the scene. */
export function cloudToCloud(compared: PlacedLayer, reference: PlacedLayer, options: DistanceOptions = {}): CloudDistances {
  checkComparison(compared, reference, options);
  const abort = () => {
    if (options.signal?.aborted) throw new DOMException('comparison cancelled', 'AbortError');
  };
  // both are placed about the compared layer's centre, where floats keep survey coordinates fine
  const centre = placedCentre(compared);
  const { placed, samples, normals } = placedReference(reference, centre, options.signed);
  abort();
  const tree = buildKdTree(placed);
  if (!tree.index.length) throw new InputError('the reference layer has no points with a finite position to measure to');
  options.onProgress?.(0.1);
  const search = new NearestSearch(tree);
  const c = compared.matrix;
  const p = compared.positions;
  const n = p.length / 3;
  const distances = new Float32Array(n);
  const limit = Math.fround(options.maxDistance ?? Infinity);
  // a little past the limit, so that every distance that rounds below it is found
  const reach = (limit * (1 + 2 ** -20)) ** 2;
  const offsets = options.splitAxes ? ([new Float32Array(n), new Float32Array(n), new Float32Array(n)] as [Float32Array, Float32Array, Float32Array]) : undefined;
  // the compared layer's own axes in the scene, its transform's scale taken off so that the offsets keep their length
  const scale = Math.hypot(c[0], c[1], c[2]);
  const axes = [0, 4, 8].map((j) => [c[j] / scale, c[j + 1] / scale, c[j + 2] / scale]);
  const q = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) {
      abort();
      options.onProgress?.(0.1 + (0.9 * i) / n);
    }
    const x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
    // rounded as the reference's placed points are, so that a layer measured to itself is 0
    for (let a = 0; a < 3; a++) q[a] = Math.fround(c[a] * x + c[4 + a] * y + c[8 + a] * z + c[12 + a] - centre[a]);
    const d = Number.isFinite(q[0] + q[1] + q[2]) ? Math.fround(Math.sqrt(search.nearest(q[0], q[1], q[2], -1, reach))) : NaN;
    const within = d < limit;
    distances[i] = within || Number.isNaN(d) ? d : limit;
    if (!within || !(offsets || normals)) {
      if (offsets) offsets[0][i] = offsets[1][i] = offsets[2][i] = NaN;
      continue;
    }
    const f = 3 * search.found;
    const v0 = q[0] - tree.points[f], v1 = q[1] - tree.points[f + 1], v2 = q[2] - tree.points[f + 2];
    if (normals) {
      // a point on the surface, or at a reference point with no normal, counts as in front
      const o = 3 * tree.index[search.found];
      if (v0 * normals[o] + v1 * normals[o + 1] + v2 * normals[o + 2] < 0) distances[i] = -d;
    }
    if (!offsets) continue;
    for (let a = 0; a < 3; a++) offsets[a][i] = axes[a][0] * v0 + axes[a][1] * v1 + axes[a][2] * v2;
  }
  options.onProgress?.(1);
  return {
    distances,
    summary: summariseDistances(distances, limit, options.signed),
    referencePoints: tree.index.length,
    surfaceSamples: samples,
    ...(offsets && { offsets }),
  };
}

/** The field distances to `fileName` are kept in, named alike by the app and the CLI: a PLY property name, so letters, digits and _ only. */
export function distanceFieldName(fileName: string): string {
  return `distance_to_${fieldStem(fileName)}`;
}

/** A file's name as a field names it: its stem, letters, digits and underscores, 40 at most ('layer' where none is left). */
export function fieldStem(fileName: string): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return stem.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'layer';
}

/** The fields the offsets along x, y and z are kept in, beside the distance's field `field`. */
export function offsetFieldNames(field: string): [string, string, string] {
  return [`${field}_x`, `${field}_y`, `${field}_z`];
}
