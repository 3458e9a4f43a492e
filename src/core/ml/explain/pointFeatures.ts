// The classifier's per-point features (its `point_features` output, [views, channels, points]) and
// the global max pool over them, which the explain views take apart.

export interface Pooled {
  /** [views, channels]: the global feature */
  max: Float32Array;
  /** [views, channels]: the first point that reaches each max */
  winner: Int32Array;
}

export function maxPool(perPoint: Float32Array, views: number, n: number): Pooled {
  const rows = perPoint.length / n;
  if (!Number.isInteger(rows) || rows % views !== 0) throw new Error(`maxPool: ${perPoint.length} values are not ${views} views of ${n} points`);
  const max = new Float32Array(rows);
  const winner = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = perPoint.subarray(r * n, (r + 1) * n);
    let m = -Infinity, w = 0;
    for (let i = 0; i < n; i++) {
      if (row[i] > m) {
        m = row[i];
        w = i;
      }
    }
    max[r] = m;
    winner[r] = w;
  }
  return { max, winner };
}

/**
 * The global feature of every view with the points marked in `dropped` taken out, written into
 * `out` ([views, channels]): only the channels whose winner was dropped need a new max.
 */
export function poolWithout(perPoint: Float32Array, pooled: Pooled, n: number, dropped: Uint8Array, out: Float32Array, offset = 0): void {
  const { max, winner } = pooled;
  for (let r = 0; r < max.length; r++) {
    if (!dropped[winner[r]]) {
      out[offset + r] = max[r];
      continue;
    }
    const row = perPoint.subarray(r * n, (r + 1) * n);
    let m = -Infinity;
    for (let i = 0; i < n; i++) if (!dropped[i] && row[i] > m) m = row[i];
    out[offset + r] = m;
  }
}
