// The order that sorts many numbers, without a comparator: a least-significant-digit radix sort
// over the bits of the float64s. A comparator sort of the 3 million edges of a 1M-point scene's
// over-segmentation cost a fifth of a second a call; four counting passes cost a small part of it.

const DIGIT = 16;
const BUCKETS = 1 << DIGIT;
const LOW = BUCKETS - 1;

/**
 * The indices of `values` in ascending order of value, equal values in index order (a
 * stable sort), as `(a, b) => values[a] - values[b] || a - b` would give (-0 and +0 are equal). NaN
 * is not allowed.
 */
export function ascendingOrder(values: Float64Array): Int32Array {
  const count = values.length;
  // each value's bits, turned so that unsigned order is numeric order: negatives have every bit
  // flipped, the rest their sign bit (-0 is read as +0)
  const copy = new Float64Array(count);
  for (let i = 0; i < count; i++) copy[i] = values[i] + 0;
  const words = new Uint32Array(copy.buffer);
  const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
  const [lowWord, highWord] = littleEndian ? [0, 1] : [1, 0];
  const low = new Uint32Array(count);
  const high = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const h = words[2 * i + highWord];
    const l = words[2 * i + lowWord];
    const negative = h >>> 31 === 1;
    high[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    low[i] = negative ? ~l >>> 0 : l;
  }
  let order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  let next = new Int32Array(count);
  const counts = new Int32Array(BUCKETS);
  for (const [word, shift] of [[low, 0], [low, DIGIT], [high, 0], [high, DIGIT]] as const) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(word[order[i]] >>> shift) & LOW]++;
    for (let b = 0, at = 0; b < BUCKETS; b++) {
      const c = counts[b];
      counts[b] = at;
      at += c;
    }
    for (let i = 0; i < count; i++) {
      const e = order[i];
      next[counts[(word[e] >>> shift) & LOW]++] = e;
    }
    [order, next] = [next, order];
  }
  return order;
}
