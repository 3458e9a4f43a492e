// What the instance classifier sees of one box proposal (training/pointlens_train/instance_classifier.py,
// `proposal_tensor`): its points in metres, x and y from the footprint centre and z from the lowest
// point (not normalised: size is what tells a table from a desk), colour, and each point's height
// above the scene's floor. The sampling is even over the proposal's points, so Python and the app
// need no random state in step.
import { selectSmallest } from '../selectSmallest';

export const PROPOSAL_FEATURES = ['x', 'y', 'z_above_base', 'r', 'g', 'b', 'z_above_floor'] as const;

/** `points` indices spread evenly over n points, each repeated in turn when there are fewer. */
export function evenSample(n: number, points: number): Int32Array {
  const out = new Int32Array(points);
  for (let i = 0; i < points; i++) out[i] = n >= points ? Math.floor((i * n) / points) : i % n;
  return out;
}

/**
 * The scene's floor: the 1st percentile of the heights (numpy's linear interpolation), robust to a
 * few stray points below it. The two heights it lies between are selected, not sorted for: sorting a
 * million heights cost a tenth of a second.
 */
export function floorHeight(positions: Float32Array, up = 2): number {
  const n = positions.length / 3;
  if (n === 0) return 0;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = positions[3 * i + up];
  const at = 0.01 * (n - 1);
  const lo = Math.floor(at);
  selectSmallest(z, n, lo + 1);
  let above = z[lo];
  if (lo + 1 < n) {
    above = Infinity;
    for (let i = lo + 1; i < n; i++) if (z[i] < above) above = z[i];
  }
  return z[lo] + (above - z[lo]) * (at - lo);
}

/**
 * Writes one proposal (point indices `members`) as a [features, points] block (BCN) into `out` at
 * `offset`. Colour is 0 where the scene has none.
 */
export function writeProposalTensor(
  positions: Float32Array,
  colors: Uint8Array | undefined,
  members: ArrayLike<number>,
  floor: number,
  points: number,
  out: Float32Array,
  offset: number,
): void {
  const pick = evenSample(members.length, points);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const k of pick) {
    const p = members[k];
    for (let d = 0; d < 3; d++) {
      const v = positions[3 * p + d];
      if (v < lo[d]) lo[d] = v;
      if (v > hi[d]) hi[d] = v;
    }
  }
  const cx = (lo[0] + hi[0]) / 2;
  const cy = (lo[1] + hi[1]) / 2;
  pick.forEach((k, i) => {
    const p = members[k];
    const z = positions[3 * p + 2];
    out[offset + i] = positions[3 * p] - cx;
    out[offset + points + i] = positions[3 * p + 1] - cy;
    out[offset + 2 * points + i] = z - lo[2];
    for (let c = 0; c < 3; c++) out[offset + (3 + c) * points + i] = colors ? Math.fround(colors[3 * p + c] / 255) - 0.5 : 0;
    out[offset + 6 * points + i] = z - floor;
  });
}
