// The planes of a scan (floors, walls, roofs, table tops), found one after another as Open3D's
// segment_plane and CloudCompare's RANSAC shape detection find them: sequential RANSAC. Each round
// tries planes through 3 points drawn (seeded: the same cloud gives the same planes) from a sample
// of the points not taken yet, keeps the one with the most of the sample within the distance
// threshold, fits it again by least squares (PCA) to every remaining point within the threshold
// until that set settles, keeps the largest connected piece of it (points within PIECE_SPACINGS
// point spacings of each other hang together, as CloudCompare's shape detection keeps one connected
// piece a shape), and takes those points out. It stops after `maxPlanes`, or at the first best plane
// whose piece has fewer than `minPoints`. Open3D keeps every point within the threshold instead,
// wherever it lies, so that its "plane" at a table's height takes a slice of every chair and shelf
// in the room too.
//
// The 3 points of a try are drawn near each other, as Schnabel, Wahl and Klein's RANSAC (which
// CloudCompare's shape detection runs) draws them: the first from the sample, the other two among
// its LOCAL nearest in the sample, so that the three lie on one surface far more often than three
// drawn across a room do, whose planes cut through the clutter between its walls. Scoring on a
// sample bounds the work of a try whatever the cloud's size; the number of tries adapts to the best
// share found so far (RANSAC's bound, for 99.9% confidence, taking a try's chance as that share
// squared: a first point on the plane, and its near pair on it too more often than not).
import { NO_CLASS_COLOR, paletteColor } from '../color/labelTable';
import { createRng } from '../random';
import { checkBudget } from '../io/limits';
import { InputError, type NamedClass } from '../types';
import { VOXEL_REACH, voxelComponents } from './instances';
import { buildKdTree, NearestSearch, pointSpacing } from './kdTree';
import { bendsAcross } from './planeBend';
import { turnMatrix, type SignedAxis } from './signedAxis';
import { addOffset, covariance, smallestEigenvector } from './surfels';

/** The distance threshold by default, in the cloud's median nearest-neighbour spacings. */
export const PLANE_SPACINGS = 2;
export const PLANES_BY_DEFAULT = 8;
export const MAX_PLANES = 64;
/** The smallest plane by default: this share of the points (at least MIN_PLANE_POINTS). */
export const MIN_PLANE_SHARE = 0.01;
export const MIN_PLANE_POINTS = 3;
export const PLANE_SEED = 1;
/** A plane within this many degrees of level is horizontal, within this of upright vertical. */
export const LEVEL_DEGREES = 5;
/** Tries are scored on at most this many of the remaining points. */
const SAMPLE = 4_096;
/** A try's second and third points are among this many nearest its first, in the sample. */
const LOCAL = 48;
const MIN_TRIES = 100;
const MAX_TRIES = 1_000;
const CONFIDENCE = 0.999;
/** Points of a plane's piece hang together across gaps of up to this many point spacings (its voxels' edge). */
const PIECE_SPACINGS = 4;
/** Least-squares refits of a plane to its points. */
const REFITS = 3;
/** Bytes a point the search holds at once: its plane, its place among those remaining and a k-d tree for the spacing (xyz, index, axis, box). */
const BYTES_PER_POINT = 4 + 4 + 12 + 4 + 1 + 24;

export interface PlaneOptions {
  /** how far a point may lie from a plane and be on it, in the cloud's units; a few point spacings where not given */
  distance?: number;
  minPoints?: number;
  maxPlanes?: number;
  seed?: number;
  /** which way is up: the tilt, dip and dip direction are read against it */
  up?: SignedAxis;
  onProgress?: (fraction: number) => void;
  /** polled between tries; an aborted search throws */
  signal?: AbortSignal;
}

export type PlaneOrientation = 'horizontal' | 'vertical' | 'sloped';

export interface FoundPlane {
  /** unit normal, turned to the up side (n . up >= 0) */
  normal: [number, number, number];
  /** n . p + offset = 0 for a point p on the plane */
  offset: number;
  /** the mean of its points */
  centre: [number, number, number];
  points: number;
  /** root mean square of its points' distances to it */
  rms: number;
  /** how far its points spread within it: along its level line (east, for a horizontal plane), then up its slope (north) */
  extent: [number, number];
  /** degrees between its normal and up, 0 level to 90 upright: CloudCompare's dip */
  tilt: number;
  orientation: PlaneOrientation;
  /** CloudCompare's dip direction: the compass bearing its slope falls towards, degrees clockwise from north (0 for a level plane) */
  dipDirection: number;
  /** its points bend across it (core/geometry/planeBend): a band of a curved surface the distance threshold let pass as flat */
  curved: boolean;
}

export interface PlaneSearch {
  planes: FoundPlane[];
  /** each point's plane, 1 for the first found; -1 for a point on none */
  labels: Int32Array;
  /** the distance threshold used */
  distance: number;
  /** the cloud's median nearest-neighbour spacing: the threshold's default, and how far apart the points of one piece may lie */
  spacing: number;
  minPoints: number;
  maxPlanes: number;
  seed: number;
}

/** The per-point field the planes are kept in, a label field: each point's plane, -1 for none. */
export const PLANE_FIELD = 'plane';

/** What the plane field's ids stand for, so that its legend names them and an export states them: "plane 1" for 1, "no plane" for -1. */
export function planeClasses(planes: number): NamedClass[] {
  return [{ id: -1, name: 'no plane', color: NO_CLASS_COLOR }, ...Array.from({ length: planes }, (_, i) => ({ id: i + 1, name: `plane ${i + 1}`, color: paletteColor(i + 1) }))];
}

/** The smallest plane by default for a cloud of `points`. */
export function defaultMinPoints(points: number): number {
  return Math.max(MIN_PLANE_POINTS, Math.ceil(MIN_PLANE_SHARE * points));
}

/** Throws the person's words for a threshold, minimum size, number of planes or seed pointlens cannot use. */
export function checkPlaneParameters(options: Pick<PlaneOptions, 'distance' | 'minPoints' | 'maxPlanes' | 'seed'>): void {
  // NaN: a field left empty, where there is nothing to quote back
  const not = (v: number) => (Number.isNaN(v) ? '' : `, not ${v}`);
  const { distance, minPoints, maxPlanes, seed } = options;
  if (distance !== undefined && !(Number.isFinite(distance) && distance > 0)) throw new InputError(`the distance threshold must be a number above 0${not(distance)}`);
  if (minPoints !== undefined && !(Number.isInteger(minPoints) && minPoints >= MIN_PLANE_POINTS)) throw new InputError(`the smallest plane must be a whole number of ${MIN_PLANE_POINTS} points or more${not(minPoints)}`);
  if (maxPlanes !== undefined && !(Number.isInteger(maxPlanes) && maxPlanes >= 1 && maxPlanes <= MAX_PLANES)) throw new InputError(`the planes to find must be a whole number from 1 to ${MAX_PLANES}${not(maxPlanes)}`);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) throw new InputError(`the seed must be a whole number from 0 to ${2 ** 32 - 1}${not(seed)}`);
}

/** Throws where the cloud has too few points for a plane, or a point with no finite position. */
function checkCloud(positions: Float32Array): void {
  const n = Math.floor(positions.length / 3);
  if (n < 3) throw new InputError(`a plane needs 3 points or more, and the cloud has ${n}`);
  for (let i = 0; i < 3 * n; i++) {
    if (!Number.isFinite(positions[i])) throw new InputError(`point ${Math.floor(i / 3) + 1} has no finite position (${positions[i]}): planes cannot be found through it`);
  }
}

type Vec = [number, number, number];

const dot = (a: readonly number[], b: readonly number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

function unit(v: readonly number[]): Vec | null {
  const length = Math.hypot(v[0], v[1], v[2]);
  return length > 0 ? [v[0] / length, v[1] / length, v[2] / length] : null;
}

const cross = (a: readonly number[], b: readonly number[]): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** How many of `count` points at `at` lie within `distance` of the plane n . p + d = 0, their indices written to `into`. */
function within(positions: Float32Array, at: Int32Array, count: number, n: Vec, d: number, distance: number, into: Int32Array | null): number {
  let found = 0;
  const [nx, ny, nz] = n;
  for (let j = 0; j < count; j++) {
    const p = 3 * at[j];
    if (Math.abs(nx * positions[p] + ny * positions[p + 1] + nz * positions[p + 2] + d) <= distance) {
      if (into) into[found] = at[j];
      found++;
    }
  }
  return found;
}

/** The least-squares plane of `count` points at `at`: its unit normal and centre. */
function fitPlane(positions: Float32Array, at: Int32Array, count: number): { normal: Vec; centre: Vec } {
  // offsets from the first point, so that far coordinates keep their digits in the sums
  const o = 3 * at[0];
  const [ox, oy, oz] = [positions[o], positions[o + 1], positions[o + 2]];
  const sums = new Float64Array(9);
  for (let j = 0; j < count; j++) {
    const p = 3 * at[j];
    addOffset(sums, positions[p] - ox, positions[p + 1] - oy, positions[p + 2] - oz);
  }
  const { v } = smallestEigenvector(covariance(sums, count, new Float64Array(6)));
  return { normal: v, centre: [ox + sums[0] / count, oy + sums[1] / count, oz + sums[2] / count] };
}

/** Keeps the largest connected piece of the `count` points at `at` (the first of them, in order), returning its size. */
function largestPiece(positions: Float32Array, at: Int32Array, count: number, voxel: number): number {
  const points = at.subarray(0, count);
  const { componentOf, count: pieces } = voxelComponents(positions, points, voxel);
  if (pieces <= 1) return count;
  const sizes = new Int32Array(pieces);
  for (let j = 0; j < count; j++) sizes[componentOf[j]]++;
  let largest = 0;
  for (let c = 1; c < pieces; c++) if (sizes[c] > sizes[largest]) largest = c;
  let kept = 0;
  for (let j = 0; j < count; j++) if (componentOf[j] === largest) at[kept++] = at[j];
  return kept;
}

/** Tries for a best share `w` of the sample within the threshold: enough that 3 points all on it were drawn once, at CONFIDENCE. */
function triesFor(w: number): number {
  const allOn = w ** 2;
  if (allOn <= 0) return MAX_TRIES;
  if (allOn >= 1) return MIN_TRIES;
  return Math.min(MAX_TRIES, Math.max(MIN_TRIES, Math.ceil(Math.log(1 - CONFIDENCE) / Math.log(1 - allOn))));
}

/** The frame the compass is read in: east, north and up (`up` turned onto +z, as a z-up scan's x, y and z). */
function compassFrame(up: SignedAxis): { east: Vec; north: Vec; up: Vec } {
  // rows of the turn taking `up` onto +z are the file's directions that become x, y and z
  const m = turnMatrix(up, '+z');
  return { east: [m[0], m[1], m[2]], north: [m[3], m[4], m[5]], up: [m[6], m[7], m[8]] };
}

const degrees = (radians: number) => (radians * 180) / Math.PI;

/** How a plane of unit normal `normal` lies against `up`: its normal turned to the up side, its tilt, orientation and dip direction, and the directions along its level line and up its slope. */
export function planeAttitude(normal: readonly number[], up: SignedAxis): { normal: Vec; tilt: number; orientation: PlaneOrientation; dipDirection: number; along: Vec; upSlope: Vec } {
  const frame = compassFrame(up);
  const sign = dot(normal, frame.up) < 0 ? -1 : 1;
  const n: Vec = [sign * normal[0], sign * normal[1], sign * normal[2]];
  const tilt = degrees(Math.acos(Math.min(1, dot(n, frame.up))));
  const orientation: PlaneOrientation = tilt <= LEVEL_DEGREES ? 'horizontal' : tilt >= 90 - LEVEL_DEGREES ? 'vertical' : 'sloped';
  // the normal, turned to the up side, leans the way the slope falls
  const e = dot(n, frame.east), north = dot(n, frame.north);
  const dipDirection = Math.hypot(e, north) < 1e-9 ? 0 : (degrees(Math.atan2(e, north)) + 360) % 360;
  const along = unit(cross(frame.up, n)) ?? frame.east;
  return { normal: n, tilt, orientation, dipDirection: dipDirection >= 360 ? 0 : dipDirection, along, upSlope: cross(n, along) };
}

/** Finds up to `maxPlanes` planes of packed xyz `positions`, the largest first. */
export function findPlanes(positions: Float32Array, options: PlaneOptions = {}): PlaneSearch {
  checkPlaneParameters(options);
  checkCloud(positions);
  const n = positions.length / 3;
  checkBudget(n, BYTES_PER_POINT, 'points searched for planes');
  const abort = () => {
    if (options.signal?.aborted) throw new DOMException('plane search cancelled', 'AbortError');
  };
  const maxPlanes = options.maxPlanes ?? PLANES_BY_DEFAULT;
  const minPoints = options.minPoints ?? defaultMinPoints(n);
  const seed = options.seed ?? PLANE_SEED;
  const up = options.up ?? '+z';
  const tree = buildKdTree(positions);
  const spacing = pointSpacing(tree, new NearestSearch(tree));
  // a cloud of points all at one place has no spacing: any threshold takes them all
  const distance = options.distance ?? (PLANE_SPACINGS * spacing || 1e-6);
  // a survey's points thousands of units from 0 need voxels large enough to be told apart
  let reach = 0;
  for (let i = 0; i < positions.length; i++) reach = Math.max(reach, Math.abs(positions[i]));
  const voxel = Math.max(PIECE_SPACINGS * spacing, distance, reach / VOXEL_REACH);
  abort();
  const rng = createRng(seed);
  const labels = new Int32Array(n).fill(-1);
  const remaining = new Int32Array(n);
  for (let i = 0; i < n; i++) remaining[i] = i;
  let left = n;
  const inliers = new Int32Array(n);
  const sample = new Int32Array(Math.min(SAMPLE, n));
  const sampled = new Float32Array(3 * sample.length);
  const near = new Uint32Array(LOCAL);
  const nearDistances = new Float64Array(LOCAL);
  const planes: FoundPlane[] = [];
  while (planes.length < maxPlanes && left >= Math.max(3, minPoints)) {
    const round = planes.length;
    // the sample: every remaining point where they are few, else SAMPLE drawn from them
    const m = Math.min(SAMPLE, left);
    if (m === left) sample.set(remaining.subarray(0, left));
    else for (let j = 0; j < m; j++) sample[j] = remaining[Math.floor(rng() * left)];
    for (let j = 0; j < m; j++) for (let k = 0; k < 3; k++) sampled[3 * j + k] = positions[3 * sample[j] + k];
    const local = new NearestSearch(buildKdTree(sampled.subarray(0, 3 * m)), LOCAL);
    let best = 0;
    let bestNormal: Vec = [0, 0, 1];
    let bestOffset = 0;
    let needed = MAX_TRIES;
    for (let t = 0; t < needed && t < MAX_TRIES; t++) {
      if (t % 64 === 0) {
        abort();
        options.onProgress?.((round + t / Math.min(needed, MAX_TRIES)) / maxPlanes);
      }
      const first = Math.floor(rng() * m);
      const found = local.nearestK(sampled[3 * first], sampled[3 * first + 1], sampled[3 * first + 2], LOCAL, nearDistances, near);
      // the nearest is the first point itself (or one at its place), which spans nothing with it
      if (found < 3) continue;
      const a = 3 * sample[first], b = 3 * sample[near[1 + Math.floor(rng() * (found - 1))]], c = 3 * sample[near[1 + Math.floor(rng() * (found - 1))]];
      const ab = [positions[b] - positions[a], positions[b + 1] - positions[a + 1], positions[b + 2] - positions[a + 2]];
      const ac = [positions[c] - positions[a], positions[c + 1] - positions[a + 1], positions[c + 2] - positions[a + 2]];
      // 3 points in a line (or repeated) span no plane
      const normal = unit(cross(ab, ac));
      if (!normal) continue;
      const offset = -(normal[0] * positions[a] + normal[1] * positions[a + 1] + normal[2] * positions[a + 2]);
      const count = within(positions, sample, m, normal, offset, distance, null);
      if (count > best) {
        best = count;
        bestNormal = normal;
        bestOffset = offset;
        needed = triesFor(best / m);
      }
    }
    if (best < 3) break;
    let normal = bestNormal;
    let offset = bestOffset;
    let count = within(positions, remaining, left, normal, offset, distance, inliers);
    let centre: Vec = [0, 0, 0];
    for (let r = 0; r < REFITS && count >= 3; r++) {
      const fit = fitPlane(positions, inliers, count);
      normal = fit.normal;
      centre = fit.centre;
      offset = -dot(normal, centre);
      const again = within(positions, remaining, left, normal, offset, distance, inliers);
      if (again === count) break;
      count = again;
    }
    count = largestPiece(positions, inliers, count, voxel);
    if (count < Math.max(3, minPoints)) break;
    const fit = fitPlane(positions, inliers, count);
    const attitude = planeAttitude(fit.normal, up);
    normal = attitude.normal;
    centre = fit.centre;
    offset = -dot(normal, centre);
    const id = planes.length + 1;
    let squares = 0;
    const lo = [Infinity, Infinity];
    const hi = [-Infinity, -Infinity];
    for (let j = 0; j < count; j++) {
      const i = inliers[j];
      labels[i] = id;
      const p = [positions[3 * i] - centre[0], positions[3 * i + 1] - centre[1], positions[3 * i + 2] - centre[2]];
      squares += dot(normal, p) ** 2;
      const u = dot(attitude.along, p), v = dot(attitude.upSlope, p);
      lo[0] = Math.min(lo[0], u);
      hi[0] = Math.max(hi[0], u);
      lo[1] = Math.min(lo[1], v);
      hi[1] = Math.max(hi[1], v);
    }
    planes.push({
      normal,
      offset,
      centre,
      points: count,
      rms: Math.sqrt(squares / count),
      extent: [hi[0] - lo[0], hi[1] - lo[1]],
      tilt: attitude.tilt,
      orientation: attitude.orientation,
      dipDirection: attitude.dipDirection,
      curved: bendsAcross(positions, inliers, count, { centre, normal, along: attitude.along, across: attitude.upSlope }, distance),
    });
    // the points left for the next round, in their order
    let kept = 0;
    for (let j = 0; j < left; j++) if (labels[remaining[j]] === -1) remaining[kept++] = remaining[j];
    left = kept;
  }
  options.onProgress?.(1);
  return { planes, labels, distance, spacing, minPoints, maxPlanes, seed };
}
