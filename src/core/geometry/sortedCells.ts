// Cells numbered in the order of their keys, so that the neighbours of every cell in one direction
// are found by one walk over the keys. A lookup per cell in a hash table lands far from the last
// in memory, and cost the local-shape grid and the over-segmentation most of their time on a
// million points.
import { VoxelHash } from './voxelHash';

/** For each cell, the cell whose key is `shift` past its own, or -1, into `out`. */
export function shiftedCells(keys: Float64Array, shift: number, out: Int32Array): Int32Array {
  const cells = keys.length;
  for (let a = 0, b = 0; a < cells; a++) {
    const want = keys[a] + shift;
    while (b < cells && keys[b] < want) b++;
    out[a] = b < cells && keys[b] === want ? b : -1;
  }
  return out;
}

/** The key steps (`step(dx, dy, dz)`) to the 13 of a cell's 26 neighbours whose keys come after its own, ascending: every touching pair once. */
export function forwardShifts(step: (dx: number, dy: number, dz: number) => number): number[] {
  const shifts: number[] = [];
  for (let dx = 0; dx <= 1; dx++) {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dz = -1; dz <= 1; dz++) if (dx > 0 || dy > 0 || (dy === 0 && dz > 0)) shifts.push(step(dx, dy, dz));
    }
  }
  return shifts.sort((x, y) => x - y);
}

/**
 * Every two cells `shifts[t]` keys apart, as (from, to) with `from` the lower key, ordered by `from`,
 * then by t: one walk over the keys per shift, with arrays the size of the pairs found.
 */
export function cellPairs(keys: Float64Array, shifts: readonly number[]): { from: Int32Array; to: Int32Array } {
  const cells = keys.length;
  const walk = (visit: (a: number, b: number) => void): void => {
    const at = new Int32Array(shifts.length);
    for (let a = 0; a < cells; a++) {
      for (let t = 0; t < shifts.length; t++) {
        const want = keys[a] + shifts[t];
        let b = at[t];
        while (b < cells && keys[b] < want) b++;
        at[t] = b;
        if (b < cells && keys[b] === want) visit(a, b);
      }
    }
  };
  let count = 0;
  walk(() => count++);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  let e = 0;
  walk((a, b) => {
    from[e] = a;
    to[e++] = b;
  });
  return { from, to };
}

/** The index of `key` in the ascending `keys`, where it is one of them. */
function indexOf(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The distinct keys of items 0..n-1 (whole numbers below 2^53), ascending, and the index among them of each item's key. */
export function sortedCells(n: number, keyOf: (i: number) => number): { keys: Float64Array; cellOf: Int32Array } {
  const slotOf = new VoxelHash(n / 8);
  const firstSeen = new Int32Array(n);
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    const s = slotOf.add(key);
    if (s === seen.length) seen.push(key);
    firstSeen[i] = s;
  }
  const keys = Float64Array.from(seen).sort();
  const cell = new Int32Array(seen.length);
  for (let s = 0; s < seen.length; s++) cell[s] = indexOf(keys, seen[s]);
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) cellOf[i] = cell[firstSeen[i]];
  return { keys, cellOf };
}
