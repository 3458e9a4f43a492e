// A scan of several storeys is segmented one storey at a time. The segmenter learned from single
// rooms (at most 3.3 m from floor to top) and reads each point's height from the floor, so above
// the first storey every height is one it never saw: a ScanNet room stacked 3.5 m over another
// came out at mean IoU 0.07, against 0.32 alone. Between two storeys is a slab, a band of height
// that holds almost no points across the whole scan (a stairwell's at most); a storey starts above it.
import { floorOf } from './sceneFloor';

/** Floor to top (metres) past which a scan is searched for storeys: half as tall again as the tallest room the segmenter learned from. */
export const STOREY_SEARCH_HEIGHT = 5;
/** The least height from one storey's floor to the next. */
export const MIN_STOREY = 2;
/** The least share of the scan's points over a cut: a storey, not a few stray points over the top. */
export const MIN_STOREY_SHARE = 0.02;
/** A height bin holding at most this share of the median bin's points is part of a slab. */
export const SLAB_SHARE = 0.1;
const BIN = 0.1;
/** A taller span than any building has: not searched. */
const MAX_BINS = 100_000;

/**
 * The scan's floor (sceneFloor.ts) and the heights at which it is cut into storeys, ascending: a
 * point at or above cuts[k] is in storey k + 1 or higher. No cuts in a scan of one storey. Heights
 * are along `axis` (z by default), so that the up-axis estimate can ask it of each axis.
 */
export function storeyCuts(positions: Float32Array, axis = 2): { floor: number; cuts: number[] } {
  const n = positions.length / 3;
  let lowest = Infinity;
  let top = -Infinity;
  for (let i = axis; i < positions.length; i += 3) {
    if (positions[i] < lowest) lowest = positions[i];
    if (positions[i] > top) top = positions[i];
  }
  if (!n) return { floor: 0, cuts: [] };
  const floor = floorOf(positions, lowest, axis);
  const bins = Math.ceil((top - floor) / BIN) + 1;
  if (!(top - floor > STOREY_SEARCH_HEIGHT) || bins > MAX_BINS) return { floor, cuts: [] };
  const count = new Int32Array(bins);
  for (let i = axis; i < positions.length; i += 3) {
    const bin = Math.floor((positions[i] - floor) / BIN);
    if (bin >= 0) count[bin]++;
  }
  const median = Int32Array.from(count).sort()[bins >> 1];
  const slab = (b: number) => count[b] <= SLAB_SHARE * median;
  // each run of slab bins is cut at its emptiest bin's top (the highest of equals): under the floor above it
  const over = new Int32Array(bins + 1);
  for (let b = bins - 1; b >= 0; b--) over[b] = over[b + 1] + count[b];
  const cuts: number[] = [];
  for (let b = 0; b < bins; b++) {
    if (!slab(b)) continue;
    let emptiest = b;
    for (; b + 1 < bins && slab(b + 1); b++) if (count[b + 1] <= count[emptiest]) emptiest = b + 1;
    const cut = floor + (emptiest + 1) * BIN;
    const below = cuts.length ? cuts[cuts.length - 1] : floor;
    if (cut - below >= MIN_STOREY && over[emptiest + 1] >= MIN_STOREY_SHARE * n) cuts.push(cut);
  }
  return { floor, cuts };
}

/** The storey a height is in, given the cuts: 0 under the first, k at or over cuts[k - 1]. */
export function storeyOf(height: number, cuts: readonly number[]): number {
  let k = 0;
  while (k < cuts.length && height >= cuts[k]) k++;
  return k;
}

/** The indices of the points of each storey, in order, heights along `axis`. */
export function storeyParts(positions: Float32Array, cuts: readonly number[], axis = 2): Int32Array[] {
  const n = positions.length / 3;
  const storey = new Uint16Array(n);
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let p = 0; p < n; p++) counts[(storey[p] = storeyOf(positions[3 * p + axis], cuts))]++;
  const parts = counts.map((c) => new Int32Array(c));
  const filled = counts.map(() => 0);
  for (let p = 0; p < n; p++) parts[storey[p]][filled[storey[p]]++] = p;
  return parts;
}
