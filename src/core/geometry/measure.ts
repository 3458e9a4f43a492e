// Measurements between picked points, in the file's own coordinates: a distance, a height above
// the floor, the area of a polygon and the angle at a vertex.
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

export type Vec3 = readonly [number, number, number];

export type MeasureTool = 'distance' | 'height' | 'area' | 'angle';

export const MEASURE_TOOLS: readonly MeasureTool[] = ['distance', 'height', 'area', 'angle'];

/** Points a measurement of this kind is complete with; an area takes any number from 3 and is finished by the person. */
export const POINTS_NEEDED: Record<MeasureTool, number> = { distance: 2, height: 1, area: Infinity, angle: 3 };
export const MIN_AREA_POINTS = 3;

const sub = (a: Vec3, b: Vec3): [number, number, number] => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Angle at `vertex` between the rays to `a` and `c`, in degrees (0 where a ray has no length). */
export function angleAt(a: Vec3, vertex: Vec3, c: Vec3): number {
  const u = sub(a, vertex);
  const v = sub(c, vertex);
  const lu = Math.hypot(...u);
  const lv = Math.hypot(...v);
  if (!lu || !lv) return 0;
  const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (lu * lv);
  return (Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI;
}

/**
 * Area of a closed polygon through `points` in order. Points picked on a surface are seldom
 * exactly coplanar: Newell's normal (the sum of the edges' cross products) is the plane the area
 * is taken in, and for a planar polygon its half-length is the exact area.
 */
export function polygonArea(points: readonly Vec3[]): number {
  if (points.length < 3) return 0;
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const q = points[(i + 1) % points.length];
    nx += (p[1] - q[1]) * (p[2] + q[2]);
    ny += (p[2] - q[2]) * (p[0] + q[0]);
    nz += (p[0] - q[0]) * (p[1] + q[1]);
  }
  return Math.hypot(nx, ny, nz) / 2;
}

/** Height of `p` along `up`. */
export function heightAlong(p: Vec3, up: SignedAxis): number {
  return axisSign(up) * p[axisIndex(up)];
}

/** A point at `height` along `up` below (or above) `p`: where a height measurement meets the floor. */
export function atHeight(p: Vec3, up: SignedAxis, height: number): [number, number, number] {
  const q: [number, number, number] = [p[0], p[1], p[2]];
  q[axisIndex(up)] = axisSign(up) * height;
  return q;
}

/** Share of the points a height band must hold to be taken for a floor rather than an object's base. */
export const FLOOR_MIN_SHARE = 0.05;
/** Floors are looked for in the lowest part of the height range. */
const FLOOR_SEARCH_SHARE = 0.25;
const FLOOR_BINS = 200;
/** bins either side of a band's centre: a band is 1/40 of the height range (8 cm of a 3.2 m room) */
const FLOOR_BAND_HALF = 2;

/**
 * The floor of a room scan, as a height along `up`: the densest thin band (1/40 of the height
 * range) in the lowest quarter of the cloud where it holds at least FLOOR_MIN_SHARE of the points
 * (a floor is a plane full of points; a few points below it are noise), otherwise the lowest point.
 * An object stands on its lowest point: its vertices are not spread by area, so no band means a floor.
 */
export function floorHeight(positions: Float32Array, up: SignedAxis): number {
  const n = positions.length / 3;
  if (!n) return 0;
  const u = axisIndex(up);
  const s = axisSign(up);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const h = s * positions[i * 3 + u];
    if (h < lo) lo = h;
    if (h > hi) hi = h;
  }
  const range = hi - lo;
  if (!(range > 0)) return lo;
  const bins = new Uint32Array(FLOOR_BINS);
  const width = range / FLOOR_BINS;
  const binOf = (h: number) => Math.min(FLOOR_BINS - 1, Math.floor((h - lo) / width));
  for (let i = 0; i < n; i++) bins[binOf(s * positions[i * 3 + u])]++;
  // a real floor is neither flat nor level to the centimetre: bands span FLOOR_BAND_BINS bins
  const band = (b: number) => {
    let c = 0;
    for (let k = Math.max(0, b - FLOOR_BAND_HALF); k <= Math.min(FLOOR_BINS - 1, b + FLOOR_BAND_HALF); k++) c += bins[k];
    return c;
  };
  let best = 0;
  let bestCount = band(0);
  for (let b = 1; b < FLOOR_BINS * FLOOR_SEARCH_SHARE; b++) {
    const c = band(b);
    if (c > bestCount) [best, bestCount] = [b, c];
  }
  if (bestCount < n * FLOOR_MIN_SHARE) return lo;
  // the band's mean: finer than the bins
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const h = s * positions[i * 3 + u];
    if (Math.abs(binOf(h) - best) <= FLOOR_BAND_HALF) {
      sum += h;
      count++;
    }
  }
  return sum / count;
}

export interface MeasureContext {
  up: SignedAxis;
  /** the floor's height along `up` */
  floor: number;
}

/** The value of a measurement: a length, a height, an area (squared units) or an angle (degrees); NaN until it has its points. */
export function measureValue(tool: MeasureTool, points: readonly Vec3[], ctx: MeasureContext): number {
  switch (tool) {
    case 'distance':
      return points.length >= 2 ? distance(points[0], points[1]) : NaN;
    case 'height':
      return points.length >= 1 ? heightAlong(points[0], ctx.up) - ctx.floor : NaN;
    case 'area':
      return points.length >= MIN_AREA_POINTS ? polygonArea(points) : NaN;
    case 'angle':
      return points.length >= 3 ? angleAt(points[0], points[1], points[2]) : NaN;
  }
}

/** A measurement's value as a person reads it: lengths in `unit` (blank for the file's own units), areas squared, angles in degrees. */
export function formatMeasure(tool: MeasureTool, value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  if (tool === 'angle') return `${value.toFixed(1)}°`;
  const u = unit ? ` ${unit}` : ' units';
  const digits = Math.abs(value) >= 100 ? 1 : 3;
  return tool === 'area' ? `${value.toFixed(digits)}${u}²` : `${value.toFixed(digits)}${u}`;
}
