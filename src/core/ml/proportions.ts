// A shape's proportions, whichever way it is turned: the unknown-object decision's geometric prior.
// training/pointlens_train/proportions.py is the same measure (tests on both sides check it on the
// same clouds). The spread of the points along each principal axis is the LOW-HIGH quantile range
// of their projections, so a few stray points do not stretch it; sorted e1 >= e2 >= e3, a shape is
// described by log(e2 / e1), log(e3 / e1) and log(e3 / e2). A shape whose top class is C and whose
// proportions lie further than the manifest's margin outside the range C's training shapes span is
// unknown: a sheet of ground thinner than any airplane the model saw is not an airplane.
import { eigen } from '../geometry/localShape';
import type { ProportionsContract } from './manifest';

export const PROPORTION_RATIOS = ['e2/e1', 'e3/e1', 'e3/e2'] as const;
export type ProportionRatio = (typeof PROPORTION_RATIOS)[number];
const LOW = 0.02;
const HIGH = 0.98;
// the least spread relative to the longest one: a flat sheet's log ratio stays finite
const FLOOR = 1e-6;

/** Linear interpolation between closest ranks, as numpy's default. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function cross(u: readonly number[], v: readonly number[]): number[] {
  return [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}

function unit(v: number[]): number[] | undefined {
  const n = Math.hypot(v[0], v[1], v[2]);
  return n > 1e-12 ? v.map((x) => x / n) : undefined;
}

/** Three orthonormal principal axes of the covariance; where two spreads are equal, any two axes across them. */
function principalAxes(c: number[]): number[][] {
  const [a, b, cc, d, e, f] = c;
  const smallest = eigen(a, b, cc, d, e, f);
  // the largest eigenvector of C is the smallest of -C
  const largest = eigen(-a, -b, -cc, -d, -e, -f);
  const n3 = unit(smallest.slice(3));
  const n1 = unit(largest.slice(3));
  if (n3 && n1) return [n1, unit(cross(n3, n1)) ?? [0, 0, 0], n3];
  const known = n3 ?? n1;
  if (!known) return [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const other = unit(cross(known, Math.abs(known[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]))!;
  return [known, other, unit(cross(known, other))!];
}

/** The robust spreads along the principal axes of packed xyz points, longest first. */
export function principalExtents(positions: ArrayLike<number>): [number, number, number] {
  const n = positions.length / 3;
  if (!Number.isInteger(n) || n < 1) throw new Error(`proportions need at least one point, got ${positions.length} coordinates`);
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) mean[k] += positions[3 * i + k];
  for (let k = 0; k < 3; k++) mean[k] /= n;
  // covariance entries xx, yy, zz, xy, xz, yz
  const c = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i] - mean[0];
    const y = positions[3 * i + 1] - mean[1];
    const z = positions[3 * i + 2] - mean[2];
    c[0] += x * x;
    c[1] += y * y;
    c[2] += z * z;
    c[3] += x * y;
    c[4] += x * z;
    c[5] += y * z;
  }
  const axes = principalAxes(c.map((v) => v / n));
  const proj = new Float64Array(n);
  const spreads = axes.map((axis) => {
    for (let i = 0; i < n; i++) {
      proj[i] = (positions[3 * i] - mean[0]) * axis[0] + (positions[3 * i + 1] - mean[1]) * axis[1] + (positions[3 * i + 2] - mean[2]) * axis[2];
    }
    proj.sort();
    return quantile(proj, HIGH) - quantile(proj, LOW);
  });
  spreads.sort((u, v) => v - u);
  return spreads as [number, number, number];
}

/** log(e2 / e1), log(e3 / e1), log(e3 / e2) by name; a cloud at one point has the proportions of a ball. */
export function logRatios(positions: ArrayLike<number>): Record<ProportionRatio, number> {
  const [e1, e2, e3] = principalExtents(positions);
  if (!(e1 > 0)) return { 'e2/e1': 0, 'e3/e1': 0, 'e3/e2': 0 };
  const r2 = Math.max(e2 / e1, FLOOR);
  const r3 = Math.max(e3 / e1, FLOOR);
  return { 'e2/e1': Math.log(r2), 'e3/e1': Math.log(r3), 'e3/e2': Math.log(r3 / r2) };
}

/** How one ratio falls against the top class's training range. */
export interface ProportionsCheck {
  ratio: ProportionRatio;
  /** the shape's ratio, e.g. e3 / e1 (not its log) */
  value: number;
  /** the least and largest the class's training shapes have, widened by the margin */
  range: [number, number];
  /** below or above that range; absent where the shape lies within it */
  outside?: 'below' | 'above';
}

const WORDS: Record<ProportionRatio, Record<'below' | 'above', string>> = {
  'e2/e1': { below: 'longer and narrower', above: 'squarer' },
  'e3/e1': { below: 'flatter', above: 'bulkier' },
  'e3/e2': { below: 'thinner across', above: 'rounder across' },
};

/** The person's words for a check outside its range: "flatter than any airplane it learned from". */
export function proportionsReason(check: ProportionsCheck, label: string): string | undefined {
  return check.outside && `${WORDS[check.ratio][check.outside]} than any ${label.replace(/_/g, ' ')} it learned from`;
}

/** The manifest's ratios of a shape against its top class's ranges, in the manifest's order; any one outside makes the shape unknown. */
export function checkProportions(contract: ProportionsContract, label: string, positions: ArrayLike<number>): ProportionsCheck[] {
  const ranges = contract.ranges[label];
  if (!ranges) throw new Error(`the manifest's proportions give no range for the class ${label}`);
  const ratios = logRatios(positions);
  return contract.ratios.map((ratio, i): ProportionsCheck => {
    const low = ranges[i][0] - contract.margin;
    const high = ranges[i][1] + contract.margin;
    const r = ratios[ratio];
    return { ratio, value: Math.exp(r), range: [Math.exp(low), Math.exp(high)], ...(r < low ? { outside: 'below' } : r > high ? { outside: 'above' } : {}) };
  });
}
