// The message for a cloud too wide for a grid. Most clouds that are hold a few points far from the
// rest (a sensor's glitch, a value written as 1e30), which a person can remove once told of them.
import { InputError } from '../types';

/** Span multiples of the middle 98% of the points beyond which a point counts as far from the rest. */
const FAR = 10;

const shown = (v: number) => String(Number(v.toPrecision(3)));

/** The points of each axis beyond FAR times the span of the middle 98% of its values, from that span's ends. */
function farPoints(positions: Float32Array): number {
  const n = positions.length / 3;
  const far = new Uint8Array(n);
  for (let a = 0; a < 3; a++) {
    const values = Float32Array.from({ length: n }, (_, i) => positions[3 * i + a]).sort();
    const lo = values[Math.floor(0.01 * (n - 1))];
    const hi = values[Math.ceil(0.99 * (n - 1))];
    const reach = FAR * Math.max(hi - lo, 1e-6);
    for (let i = 0; i < n; i++) if (positions[3 * i + a] < lo - reach || positions[3 * i + a] > hi + reach) far[i] = 1;
  }
  return far.reduce((sum, f) => sum + f, 0);
}

/** A cloud spanning `extents` (x and y, or x, y and z) is too wide to `what`: says so, and names the points far from the rest. */
export function tooWideError(positions: Float32Array, extents: number[], what: string): InputError {
  const far = farPoints(positions);
  const why = far
    ? `: ${far.toLocaleString('en-US')} of its ${(positions.length / 3).toLocaleString('en-US')} points lie far from the rest (beyond ${FAR} times the span of the middle 98%); remove them and open it again`
    : '';
  return new InputError(`spans ${extents.map(shown).join(' × ')} units, too wide to ${what}${why}`);
}
