// The smallest box around a set of points that stands upright and is turned about the up axis: an
// object turned on the floor (a chair at 45°) gets a box its own size, where a box square to the
// file's axes is up to twice its area. Across up it is the minimum-area rectangle of the points'
// convex hull, which has one side along an edge of the hull (Freeman and Shapira), found by rotating
// calipers over the hull's edges; along up it spans the points' heights.
import type { Box3 } from '../types';
import { axisIndex, turnMatrix, type SignedAxis } from './signedAxis';

/** A turn that saves less than this share of the area of the box square to the axes is not taken: an object set square stays square, whatever the scanner's noise on its edges. */
const TURN_SAVES = 0.02;

export interface UprightBox {
  /** its centre, in the cloud's coordinates */
  center: [number, number, number];
  /** its length (its longer side across up), width (its shorter side across up) and height (along up) */
  size: [number, number, number];
  /** degrees counter-clockwise about up from east (+x of a z-up cloud, as the planes' compass reads it) to its length, from 0 up to 180 (a box turned half round is the same box) */
  yaw: number;
}

type Point = [number, number];

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** The convex hull of `points`, counter-clockwise, without points along its edges (Andrew's monotone chain); sorts `points`. */
export function convexHull(points: Point[]): Point[] {
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (points.length < 3) return points.filter((p, i) => i === 0 || p[0] !== points[i - 1][0] || p[1] !== points[i - 1][1]);
  const hull: Point[] = [];
  const chain = (from: number, to: number, step: number) => {
    const base = hull.length;
    for (let i = from; i !== to; i += step) {
      while (hull.length >= base + 2 && cross(hull[hull.length - 2], hull[hull.length - 1], points[i]) <= 0) hull.pop();
      hull.push(points[i]);
    }
    hull.pop();
  };
  chain(0, points.length, 1);
  chain(points.length - 1, -1, -1);
  // points all at one place close on themselves
  return hull.length === 2 && hull[0][0] === hull[1][0] && hull[0][1] === hull[1][1] ? [hull[0]] : hull;
}

/** The smallest rectangle around a counter-clockwise convex `hull`: its centre, its sides' lengths and the direction of the first (unit). */
function smallestRectangle(hull: Point[]): { centre: Point; sides: [number, number]; along: Point } {
  const h = hull.length;
  if (h === 1) return { centre: hull[0], sides: [0, 0], along: [1, 0] };
  const at = (k: number) => hull[k % h];
  const along = (d: Point, k: number) => d[0] * at(k)[0] + d[1] * at(k)[1];
  let best = { area: Infinity, centre: hull[0], sides: [0, 0] as [number, number], along: [1, 0] as Point };
  // the hull's points furthest along its edge (right), furthest from it (top), furthest back along it (left): each moves on round the hull as the edges turn
  let right = 0, top = 0, left = 0;
  for (let i = 0; i < h; i++) {
    const [a, b] = [at(i), at(i + 1)];
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const d: Point = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
    const up: Point = [-d[1], d[0]];
    if (i === 0) {
      for (let k = 1; k < h; k++) {
        if (along(d, k) > along(d, right)) right = k;
        if (along(up, k) > along(up, top)) top = k;
        if (along(d, k) < along(d, left)) left = k;
      }
    } else {
      while (along(d, right + 1) > along(d, right)) right = (right + 1) % h;
      while (along(up, top + 1) > along(up, top)) top = (top + 1) % h;
      while (along(d, left + 1) < along(d, left)) left = (left + 1) % h;
    }
    const [lo, hi] = [along(d, left), along(d, right)];
    const base = along(up, i);
    const height = along(up, top) - base;
    const area = (hi - lo) * height;
    if (area < best.area) {
      const mid = (lo + hi) / 2, across = base + height / 2;
      best = { area, centre: [d[0] * mid + up[0] * across, d[1] * mid + up[1] * across], sides: [hi - lo, height], along: d };
    }
  }
  return best;
}

/**
 * The upright box around `count` points of packed xyz `positions` (those at `at`, or the first
 * `count` where `at` is null), `up` being the cloud's up axis.
 */
export function uprightBox(positions: Float32Array, at: Int32Array | null, count: number, up: SignedAxis): UprightBox {
  if (count < 1) throw new Error('an upright box needs 1 point or more');
  // rows of the turn taking up onto +z: east, north and up in the file's coordinates, each along one axis
  const m = turnMatrix(up, '+z');
  const axisOf = (row: number) => [0, 1, 2].find((a) => m[3 * row + a] !== 0)!;
  const [ea, na, ua] = [axisOf(0), axisOf(1), axisOf(2)];
  const [es, ns, us] = [m[ea], m[3 + na], m[6 + ua]];
  // offsets from the first point, so that a survey's far coordinates keep their digits
  const o = 3 * (at ? at[0] : 0);
  const origin = [positions[o], positions[o + 1], positions[o + 2]];
  const east = new Float64Array(count), north = new Float64Array(count);
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  // the points furthest west, south-west, south, south-east, east, north-east, north and north-west: the most of -e, -(e + n), -n, e - n, e, e + n, n and n - e
  const extreme = new Int32Array(8);
  const reach = new Float64Array(8).fill(-Infinity);
  const keep = (j: number, v: number, k: number) => {
    if (v > reach[j]) {
      reach[j] = v;
      extreme[j] = k;
    }
  };
  for (let k = 0; k < count; k++) {
    const p = 3 * (at ? at[k] : k);
    const e = es * (positions[p + ea] - origin[ea]), n = ns * (positions[p + na] - origin[na]), h = us * (positions[p + ua] - origin[ua]);
    east[k] = e;
    north[k] = n;
    if (h < lo[2]) lo[2] = h;
    if (h > hi[2]) hi[2] = h;
    keep(0, -e, k);
    keep(1, -e - n, k);
    keep(2, -n, k);
    keep(3, e - n, k);
    keep(4, e, k);
    keep(5, e + n, k);
    keep(6, n, k);
    keep(7, n - e, k);
  }
  [lo[0], lo[1], hi[0], hi[1]] = [-reach[0], -reach[2], reach[4], reach[6]];
  // points inside the octagon through those eight are on no hull (Akl and Toussaint): nearly all of an object's are left out before the sort
  const corners: Point[] = [];
  for (const k of extreme) {
    const last = corners[corners.length - 1];
    if (!last || last[0] !== east[k] || last[1] !== north[k]) corners.push([east[k], north[k]]);
  }
  if (corners.length > 1 && corners[0][0] === corners[corners.length - 1][0] && corners[0][1] === corners[corners.length - 1][1]) corners.pop();
  const candidates: Point[] = [];
  for (let k = 0; k < count; k++) {
    const [e, n] = [east[k], north[k]];
    let inside = corners.length >= 3;
    for (let j = 0; inside && j < corners.length; j++) {
      const [a, b] = [corners[j], corners[(j + 1) % corners.length]];
      inside = (b[0] - a[0]) * (n - a[1]) - (b[1] - a[1]) * (e - a[0]) > 0;
    }
    if (!inside) candidates.push([e, n]);
  }
  let rectangle = smallestRectangle(convexHull(candidates));
  const square = (hi[0] - lo[0]) * (hi[1] - lo[1]);
  if (rectangle.sides[0] * rectangle.sides[1] >= (1 - TURN_SAVES) * square) {
    rectangle = { centre: [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2], sides: [hi[0] - lo[0], hi[1] - lo[1]], along: [1, 0] };
  }
  const { centre, sides } = rectangle;
  const length: Point = sides[0] >= sides[1] ? rectangle.along : [-rectangle.along[1], rectangle.along[0]];
  const local = [centre[0], centre[1], (lo[2] + hi[2]) / 2];
  // back from east, north and up to the file's axes: the turn's transpose
  const center = [0, 1, 2].map((a) => origin[a] + m[a] * local[0] + m[3 + a] * local[1] + m[6 + a] * local[2]) as [number, number, number];
  const yaw = ((Math.atan2(length[1], length[0]) * 180) / Math.PI + 360) % 180;
  return { center, size: [Math.max(...sides), Math.min(...sides), hi[2] - lo[2]], yaw };
}

/** The box as the view draws it: its sides along the file's axes, turned about the up axis's by at most an eighth of a turn (none where it is square to them). */
export function uprightBox3(box: UprightBox, up: SignedAxis): Box3 {
  const m = turnMatrix(up, '+z');
  const yaw = (box.yaw * Math.PI) / 180;
  // its length's direction in the file's coordinates, from east and north
  const length = [0, 1, 2].map((a) => m[a] * Math.cos(yaw) + m[3 + a] * Math.sin(yaw));
  const axis = axisIndex(up) as 0 | 1 | 2;
  const [u, v] = [(axis + 1) % 3, (axis + 2) % 3];
  const angle = Math.atan2(length[v], length[u]);
  // a quarter turn swaps its length and width: what is left is the turn drawn
  const quarters = Math.round(angle / (Math.PI / 2));
  const radians = angle - (quarters * Math.PI) / 2;
  const size: [number, number, number] = [0, 0, 0];
  [size[u], size[v]] = quarters % 2 ? [box.size[1], box.size[0]] : [box.size[0], box.size[1]];
  size[axis] = box.size[2];
  return { center: box.center, size, ...(Math.abs(radians) > 1e-9 && { turn: { axis, radians } }) };
}
