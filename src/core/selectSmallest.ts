// Hoare's selection: the k smallest of many numbers without sorting them all.

/** Moves the `k` smallest of `d[0..n)` to the front, the k-th smallest at `k - 1` and none smaller after it; `ids`, where given, is permuted alike. */
export function selectSmallest(d: Float64Array, n: number, k: number, ids?: Int32Array): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = d[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (d[i] < pivot) i++;
      while (d[j] > pivot) j--;
      if (i <= j) {
        [d[i], d[j]] = [d[j], d[i]];
        if (ids) [ids[i], ids[j]] = [ids[j], ids[i]];
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else return;
  }
}

/** The median of d[0..n), reordering them. */
export function median(d: Float64Array, n: number): number {
  const k = Math.ceil(n / 2);
  selectSmallest(d, n, k);
  return d[k - 1];
}
