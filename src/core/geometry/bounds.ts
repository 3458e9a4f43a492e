// Axis-aligned bounds of xyz positions; the camera framing, info and the normalisations all start here.
import { InputError } from '../types';

export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Bounds of the finite points; an empty input (or no finite point) gives min = max = 0. */
export function computeBounds(positions: Float32Array): Bounds {
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  if (x0 === Infinity) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min: [x0, y0, z0], max: [x1, y1, z1] };
}

/** Refuses points that all lie at one place: they have no shape, and any class given them would be a guess. */
export function assertShaped(positions: Float32Array): void {
  const { min, max } = computeBounds(positions);
  if ([0, 1, 2].some((k) => max[k] > min[k])) return;
  const n = positions.length / 3;
  throw new InputError(`${n === 1 ? 'it has a single point' : `all its ${n.toLocaleString('en-US')} points lie at one place`}: there is no shape to recognise`);
}

/** How many of the points lie inside `box` (its faces included). */
export function countInside(positions: Float32Array, box: Bounds): number {
  const { min, max } = box;
  let n = 0;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    if (x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1] && z >= min[2] && z <= max[2]) n++;
  }
  return n;
}

/** Whether `inner` lies inside `outer`. */
export function containsBox(outer: Bounds, inner: Bounds): boolean {
  return [0, 1, 2].every((k) => outer.min[k] <= inner.min[k] && inner.max[k] <= outer.max[k]);
}

/**
 * Whether a view framed on `shown` also suits `next`: its centre lies inside `shown`, and its
 * largest extent is within a factor of 2 of `shown`'s. The scans of one sequence (a lidar's sweeps,
 * centred on the sensor) pass; the rooms of a building's folder, each elsewhere, do not.
 */
export function fitsSameView(shown: Bounds, next: Bounds): boolean {
  const largest = (b: Bounds) => Math.max(...[0, 1, 2].map((k) => b.max[k] - b.min[k]));
  const centred = [0, 1, 2].every((k) => {
    const c = (next.min[k] + next.max[k]) / 2;
    return shown.min[k] <= c && c <= shown.max[k];
  });
  const [a, b] = [largest(shown), largest(next)];
  return centred && b <= 2 * a && a <= 2 * b;
}
