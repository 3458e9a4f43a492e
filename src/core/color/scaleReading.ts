// How a scale colour mode reads one value per point, in its legend's units: the colours, the legend's
// range and histogram, and a filter by value all read the same numbers. A value that is not finite
// (NaN, as a file may hold, or an offset not measured) is no value: drawn grey, and never in a range.

export interface ScaleReading {
  /** every `stride`-th from `offset` is a point's raw value */
  values: ArrayLike<number>;
  stride: number;
  offset: number;
  /** -1 reads the raw values downwards (a height along a -z up) */
  sign: 1 | -1;
  /** added after the sign: a height in the file's coordinates where positions are kept relative to an origin */
  shift: number;
}

/** Bins a legend's histogram spreads its range over. */
export const HISTOGRAM_BINS = 64;

/** Points `r` reads a value of. */
export function pointsRead(r: ScaleReading): number {
  return Math.max(0, Math.floor((r.values.length - r.offset + r.stride - 1) / r.stride));
}

/** Point `i`'s value, in the legend's units. */
export function valueAt(r: ScaleReading, i: number): number {
  return r.sign * r.values[i * r.stride + r.offset] + r.shift;
}

/** The least and greatest value; [0, 0] where no point has one. */
export function valueRange(r: ScaleReading): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0, n = pointsRead(r); i < n; i++) {
    const v = valueAt(r, i);
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/** The values there are, in point order. */
export function finiteValues(r: ScaleReading): Float64Array {
  const n = pointsRead(r);
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = valueAt(r, i);
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.subarray(0, k);
}

/** 1 for each point whose value lies from `lo` to `hi`, ends included; 0 for the others and for a point with no value. */
export function inRangeMask(r: ScaleReading, [lo, hi]: readonly [number, number]): Uint8Array {
  const mask = new Uint8Array(pointsRead(r));
  for (let i = 0; i < mask.length; i++) {
    const v = valueAt(r, i);
    mask[i] = v >= lo && v <= hi ? 1 : 0;
  }
  return mask;
}

export interface ValueHistogram {
  /** points in each equal slice of the range, low to high; a value on a slice's upper edge counts in the slice above, the range's top in the last */
  counts: number[];
  /** points in the range, ends included: the sum of `counts` */
  inRange: number;
  below: number;
  above: number;
  /** points with no value */
  missing: number;
}

/** How the values of the points `kept` leaves (all, without it) lie over `lo` to `hi`, in `bins` slices. */
export function valueHistogram(r: ScaleReading, [lo, hi]: readonly [number, number], bins = HISTOGRAM_BINS, kept?: Uint8Array): ValueHistogram {
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  let missing = 0;
  // a range of one value (a flat field), or one open at an end, puts every point in it in the first slice
  const perUnit = hi > lo && Number.isFinite(hi - lo) ? bins / (hi - lo) : 0;
  for (let i = 0, n = pointsRead(r); i < n; i++) {
    if (kept && !kept[i]) continue;
    const v = valueAt(r, i);
    if (!Number.isFinite(v)) missing++;
    else if (v < lo) below++;
    else if (v > hi) above++;
    else counts[perUnit ? Math.min(bins - 1, Math.floor((v - lo) * perUnit)) : 0]++;
  }
  const inRange = counts.reduce((a, b) => a + b, 0);
  return { counts, inRange, below, above, missing };
}
