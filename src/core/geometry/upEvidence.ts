// What the surface says about each axis, as numbers that a rule (upAxis.ts) weighs. Each is
// measured the same way on every axis, so no axis is favoured by the code itself.
import { gatherNear, NEAR_CAP, type Surfels } from './surfels';

/** A normal within this angle of an axis counts as facing along it (cos 25°). */
const ALIGNED = Math.cos((25 * Math.PI) / 180);
/** The bottom slab: this fraction of the extent above the lowest (robust) point. */
const SLAB = 0.04;
/** The inner band leaves out this much at each end, so that a floor or ceiling a little off the extreme stays out. */
const BAND = 0.1;
/** Seats, table tops, beds and counters stand this high above a floor, in metres (a room's unit). */
const FURNITURE_TOPS_M: [number, number] = [0.25, 1.3];
/** The origin counts as a sensor in front of the cloud when it lies this far (in extents) beyond one end of one axis. */
const SENSOR_OUTSIDE = 0.05;
/** ... and well within the span of another (a camera sits inside its view's width), at least this far (in extents) from its ends... */
const SENSOR_WITHIN = 0.1;
/** ... and the cloud lies in a cone about the mean direction from it: the mean of the unit rays is at least this long (a camera's field of view). */
const SENSOR_CONE = 0.8;

export interface AxisEvidence {
  /** robust extent along the axis */
  extent: number;
  /** share of the surface (points with a normal) that faces along the axis */
  facing: number;
  /** mirror symmetry across the plane through the middle, across this axis: share of points whose mirror image lands on the surface */
  mirror: number;
  /** per direction, [+axis, -axis], seen as "down" being the other end */
  ends: [EndEvidence, EndEvidence];
  /**
   * The mean unit ray from a sensor at the origin, along this axis (0 where the origin is not
   * one). A single RGB-D frame is stored in its camera's frame, which looks near level and a
   * little down.
   */
  ray: number;
  /** across a sensor's view, how much narrower the angle of view along this axis is than along the other (0 where there is no sensor) */
  narrowView: number;
}

export interface EndEvidence {
  /** share of all points in the slab at the bottom end (when this direction is up) */
  bottom: number;
  /** share of the normal-carrying points that lie in the bottom slab and face along the axis: a floor or a flat base */
  bottomFlat: number;
  /** area of the bottom slab's footprint over the box's cross-section: how widely the shape stands */
  footprint: number;
  /** mean height of all points over the extent, 0 at the bottom, 1 at the top */
  height: number;
  /** mean height of the points in the inner band: what stands on a floor crowds its lower part */
  innerHeight: number;
  /** of the points that face along the axis and lie in the inner band, the share in its lower half: seats and table tops */
  innerFlatLow: number;
  /**
   * Points facing along the axis at furniture heights above the bottom, less those at the same
   * depths below the top, over all points facing along it; read in metres, so only for rooms.
   */
  furnitureTops: number;
}

function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

function mirrorScore(s: Surfels, axis: number): number {
  const mid = (s.lo[axis] + s.hi[axis]) / 2;
  const r2 = s.radius * s.radius * 0.25;
  const near = new Int32Array(NEAR_CAP);
  const p = [0, 0, 0];
  let hit = 0;
  for (let q = 0; q < s.queries; q++) {
    p[0] = s.pool[3 * q];
    p[1] = s.pool[3 * q + 1];
    p[2] = s.pool[3 * q + 2];
    p[axis] = 2 * mid - p[axis];
    const found = gatherNear(s.grid, p[0], p[1], p[2], near);
    for (let k = 0; k < found; k++) {
      const j = near[k];
      const dx = s.pool[3 * j] - p[0], dy = s.pool[3 * j + 1] - p[1], dz = s.pool[3 * j + 2] - p[2];
      if (dx * dx + dy * dy + dz * dz <= r2) {
        hit++;
        break;
      }
    }
  }
  return hit / Math.max(1, s.queries);
}

function endEvidence(s: Surfels, axis: number, sign: 1 | -1): EndEvidence {
  const n = s.pool.length / 3;
  const lo = s.lo[axis], hi = s.hi[axis];
  const ext = hi - lo || 1;
  const t = (v: number) => (sign > 0 ? (v - lo) / ext : (hi - v) / ext);
  const [u, w] = [0, 1, 2].filter((a) => a !== axis);
  let bottom = 0, heightSum = 0, inner = 0, innerSum = 0;
  const us: number[] = [], ws: number[] = [];
  for (let i = 0; i < n; i++) {
    const ti = t(s.pool[3 * i + axis]);
    heightSum += Math.min(1, Math.max(0, ti));
    if (ti >= BAND && ti <= 1 - BAND) {
      inner++;
      innerSum += ti;
    }
    if (ti < SLAB) {
      bottom++;
      us.push(s.pool[3 * i + u]);
      ws.push(s.pool[3 * i + w]);
    }
  }
  let withNormal = 0, bottomFlat = 0, innerFacing = 0, innerLow = 0, facing = 0, tops = 0;
  const inTops = (m: number) => m >= FURNITURE_TOPS_M[0] && m <= FURNITURE_TOPS_M[1];
  for (let q = 0; q < s.queries; q++) {
    const nx = s.normals[3 * q], ny = s.normals[3 * q + 1], nz = s.normals[3 * q + 2];
    if (nx === 0 && ny === 0 && nz === 0) continue;
    withNormal++;
    if (Math.abs(s.normals[3 * q + axis]) < ALIGNED) continue;
    const ti = t(s.pool[3 * q + axis]);
    facing++;
    if (inTops(ti * ext)) tops++;
    if (inTops((1 - ti) * ext)) tops--;
    if (ti < SLAB) bottomFlat++;
    else if (ti >= BAND && ti <= 1 - BAND) {
      innerFacing++;
      if (ti < 0.5) innerLow++;
    }
  }
  let footprint = 0;
  if (us.length >= 8) {
    const su = Float32Array.from(us).sort(), sw = Float32Array.from(ws).sort();
    const area = (quantile(su, 0.98) - quantile(su, 0.02)) * (quantile(sw, 0.98) - quantile(sw, 0.02));
    const cross = (s.hi[u] - s.lo[u]) * (s.hi[w] - s.lo[w]);
    footprint = cross > 0 ? Math.min(1, area / cross) : 0;
  }
  return {
    bottom: bottom / n,
    bottomFlat: withNormal ? bottomFlat / withNormal : 0,
    footprint,
    height: heightSum / n,
    innerHeight: inner ? innerSum / inner : 0.5,
    innerFlatLow: innerFacing ? innerLow / innerFacing : 0.5,
    furnitureTops: facing ? tops / facing : 0,
  };
}

/** Points whose ray angles are sorted for the field of view (the pool is in random order already). */
const ANGLE_SAMPLE = 8192;

interface SensorView {
  /** the mean unit ray */
  ray: [number, number, number];
  /** per axis across the view, how much narrower its angle of view is than the other one's, -1..1 (0 for the view axis) */
  narrow: [number, number, number];
}

const NO_SENSOR: SensorView = { ray: [0, 0, 0], narrow: [0, 0, 0] };

/** Angle of view along `axis`, seen along the view axis `v` (whose sign is `sv`): the 1st to 99th percentile of the ray angles. */
function angleOfView(s: Surfels, axis: number, v: number, sv: number): number {
  const n = Math.min(ANGLE_SAMPLE, s.pool.length / 3);
  const angles = new Float32Array(n);
  for (let i = 0; i < n; i++) angles[i] = Math.atan2(s.pool[3 * i + axis], sv * s.pool[3 * i + v]);
  angles.sort();
  return angles[Math.ceil(0.99 * (n - 1))] - angles[Math.floor(0.01 * (n - 1))];
}

/**
 * Where the file looks saved in its sensor's frame (the origin beyond one end of exactly one
 * axis, well within the span of another, and the points in a cone about the mean ray from it),
 * the mean unit ray and the angles of view across it; nothing otherwise (a room centred on its
 * floor, or far from its origin). A depth camera looks near level and sees wider than high.
 */
function sensorView(s: Surfels): SensorView {
  // where the origin lies on each axis, 0 at the low end of the points and 1 at the high end
  const t = [0, 1, 2].map((a) => -s.lo[a] / (s.hi[a] - s.lo[a] || 1));
  const beyond = t.filter((v) => v < -SENSOR_OUTSIDE || v > 1 + SENSOR_OUTSIDE).length;
  const within = t.filter((v) => v >= SENSOR_WITHIN && v <= 1 - SENSOR_WITHIN).length;
  if (beyond !== 1 || within === 0) return NO_SENSOR;
  const n = s.pool.length / 3;
  const m: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = s.pool[3 * i], y = s.pool[3 * i + 1], z = s.pool[3 * i + 2];
    const r = Math.hypot(x, y, z);
    if (r === 0) continue;
    m[0] += x / r;
    m[1] += y / r;
    m[2] += z / r;
  }
  for (let a = 0; a < 3; a++) m[a] /= Math.max(1, n);
  if (Math.hypot(...m) < SENSOR_CONE) return NO_SENSOR;
  const along = m.map(Math.abs);
  const v = along.indexOf(Math.max(...along));
  const [a, b] = [0, 1, 2].filter((k) => k !== v);
  const fa = angleOfView(s, a, v, Math.sign(m[v])), fb = angleOfView(s, b, v, Math.sign(m[v]));
  const narrow: [number, number, number] = [0, 0, 0];
  narrow[a] = (fb - fa) / (fa + fb || 1);
  narrow[b] = -narrow[a];
  return { ray: m, narrow };
}

export function upEvidence(s: Surfels): AxisEvidence[] {
  let withNormal = 0;
  const facing = [0, 0, 0];
  for (let q = 0; q < s.queries; q++) {
    const nx = Math.abs(s.normals[3 * q]), ny = Math.abs(s.normals[3 * q + 1]), nz = Math.abs(s.normals[3 * q + 2]);
    if (nx === 0 && ny === 0 && nz === 0) continue;
    withNormal++;
    if (nx >= ALIGNED) facing[0]++;
    if (ny >= ALIGNED) facing[1]++;
    if (nz >= ALIGNED) facing[2]++;
  }
  const sensor = sensorView(s);
  return [0, 1, 2].map((a) => ({
    extent: s.hi[a] - s.lo[a],
    ray: sensor.ray[a],
    narrowView: sensor.narrow[a],
    facing: withNormal ? facing[a] / withNormal : 0,
    mirror: mirrorScore(s, a),
    ends: [endEvidence(s, a, 1), endEvidence(s, a, -1)],
  }));
}
