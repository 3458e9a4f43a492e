// A height profile (Potree's profile tool): the points of a corridor along a line drawn on the
// ground, each with its distance along the line and its height, to be drawn as a 2D cut. The line
// and the corridor are horizontal (across `up`): a point belongs to the corridor where it lies
// within half the width of the line seen from above, whatever its height.
import { ascendingOrder } from '../ascendingOrder';
import { roundStep } from '../ticks';
import type { Vec3 } from './measure';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

/** Points a profile gives at most: more, and it keeps an even share of them (every n-th along the cloud). */
export const PROFILE_MAX_POINTS = 200_000;

export interface ProfileInput {
  /** xyz, 3 floats a point */
  positions: Float32Array;
  up: SignedAxis;
  /** the line's corners, two or more, in the positions' frame (their heights are not read) */
  line: readonly Vec3[];
  /** the corridor's width across the line, in the positions' units */
  width: number;
  /** 1 for each point that may be taken (the clip's and the legend's), where some may not */
  kept?: ArrayLike<number> | null;
  /** the height along `up` that reads as 0 (a floor, or minus the origin's height for elevations) */
  zero: number;
  maxPoints?: number;
}

export interface Profile {
  /** the points given, in order of distance along the line */
  indices: Uint32Array;
  /** along the line (seen from above), from its first corner */
  distances: Float64Array;
  /** along `up`, from `zero` */
  heights: Float64Array;
  /** points inside the corridor, before any were left out for `maxPoints` */
  found: number;
  /** 1: every point found is given; n: every n-th of them */
  every: number;
  /** the line's length seen from above */
  length: number;
}

/** A horizontal segment of the line: its start, its unit direction, its length and the distance along the line it starts at. */
interface Segment {
  a: number;
  b: number;
  da: number;
  db: number;
  length: number;
  start: number;
}

function segmentsOf(line: readonly Vec3[], ia: number, ib: number): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  for (let k = 0; k + 1 < line.length; k++) {
    const [p, q] = [line[k], line[k + 1]];
    const length = Math.hypot(q[ia] - p[ia], q[ib] - p[ib]);
    // a corner clicked twice, or straight above the last, adds no ground
    if (!(length > 0)) continue;
    out.push({ a: p[ia], b: p[ib], da: (q[ia] - p[ia]) / length, db: (q[ib] - p[ib]) / length, length, start });
    start += length;
  }
  return out;
}

function check(input: ProfileInput): void {
  const { positions, line, width, kept, zero } = input;
  if (positions.length % 3 !== 0) throw new Error(`a profile needs 3 coordinates a point: ${positions.length} values are not whole points`);
  if (line.length < 2) throw new Error(`a profile's line needs at least 2 points (it has ${line.length})`);
  if (line.some((p) => p.length !== 3 || !p.every(Number.isFinite))) throw new Error("a profile's line has a point without 3 finite coordinates");
  if (!(width > 0) || !Number.isFinite(width)) throw new Error(`a profile's corridor needs a width above 0 (it is ${width})`);
  if (kept && kept.length !== positions.length / 3) throw new Error(`the points kept are given for ${kept.length} points, the layer has ${positions.length / 3}`);
  if (!Number.isFinite(zero)) throw new Error(`a profile's heights need a finite zero (it is ${zero})`);
}

/**
 * The points within `width / 2` of the line seen from above (past its inner corners too, where the
 * corridor turns; not past its two ends), with their distance along it and their height. A point
 * within reach of two segments is placed on the nearer. Beyond `maxPoints` found, every n-th of
 * them is given (n the smallest that fits), and `every` says so.
 */
export function heightProfile(input: ProfileInput): Profile {
  check(input);
  const { positions, up, line, width, kept, zero, maxPoints = PROFILE_MAX_POINTS } = input;
  const u = axisIndex(up);
  const sign = axisSign(up);
  const [ia, ib] = [0, 1, 2].filter((k) => k !== u);
  const segments = segmentsOf(line, ia, ib);
  const length = segments.reduce((sum, s) => sum + s.length, 0);
  if (!segments.length) throw new Error("a profile's line has no length seen from above: click points apart on the ground");
  const half = width / 2;
  const last = segments.length - 1;
  // the corridor's box seen from above: most points of a large scan are left out by it alone
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of line) {
    box[0] = Math.min(box[0], p[ia] - half);
    box[1] = Math.min(box[1], p[ib] - half);
    box[2] = Math.max(box[2], p[ia] + half);
    box[3] = Math.max(box[3], p[ib] + half);
  }
  const n = positions.length / 3;

  /** The distance along the line of point `i`, or NaN where it lies outside the corridor. */
  const along = (i: number): number => {
    const pa = positions[3 * i + ia];
    const pb = positions[3 * i + ib];
    if (pa < box[0] || pa > box[2] || pb < box[1] || pb > box[3]) return NaN;
    let best = Infinity;
    let at = NaN;
    for (let k = 0; k <= last; k++) {
      const s = segments[k];
      const ra = pa - s.a;
      const rb = pb - s.b;
      let t = ra * s.da + rb * s.db;
      if ((k === 0 && t < 0) || (k === last && t > s.length)) continue;
      t = Math.min(s.length, Math.max(0, t));
      const off = Math.hypot(ra - t * s.da, rb - t * s.db);
      if (off <= half && off < best) {
        best = off;
        at = s.start + t;
      }
    }
    return at;
  };

  let found = 0;
  for (let i = 0; i < n; i++) if ((!kept || kept[i]) && !Number.isNaN(along(i))) found++;
  const every = Math.max(1, Math.ceil(found / Math.max(1, maxPoints)));
  const count = Math.ceil(found / every);
  const indices = new Uint32Array(count);
  const distances = new Float64Array(count);
  let seen = 0;
  let k = 0;
  for (let i = 0; i < n && k < count; i++) {
    if (kept && !kept[i]) continue;
    const d = along(i);
    if (Number.isNaN(d)) continue;
    if (seen++ % every) continue;
    indices[k] = i;
    distances[k++] = d;
  }
  const order = ascendingOrder(distances);
  const sortedIndices = new Uint32Array(count);
  const sortedDistances = new Float64Array(count);
  const heights = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const i = indices[order[j]];
    sortedIndices[j] = i;
    sortedDistances[j] = distances[order[j]];
    heights[j] = sign * positions[3 * i + u] - zero;
  }
  return { indices: sortedIndices, distances: sortedDistances, heights, found, every, length };
}

/**
 * `profile` as its layer is placed: a uniform scale multiplies its distances, its length and its
 * heights, and a move or a scale about the layer's centre shifts its heights by `shift` (a turn
 * about up changes neither). The points are the same.
 */
export function placedProfile(profile: Profile, scale: number, shift: number): Profile {
  if (scale === 1 && shift === 0) return profile;
  return {
    ...profile,
    distances: profile.distances.map((d) => d * scale),
    heights: profile.heights.map((h) => h * scale + shift),
    length: profile.length * scale,
  };
}

/** A corridor width that suits a layer `extent` wide seen from above: a round number near a fiftieth of it. */
export function defaultProfileWidth(extent: number): number {
  return roundStep(extent, 50);
}
