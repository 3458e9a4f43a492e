// One point budget for every visible cloud. Shared max-min fairly: a layer that needs less than an
// even share is drawn whole and leaves the rest to the others, which split what remains evenly.
// A scan and its exported segmentation (the same size) get half each; a small object beside a big
// room is drawn whole while the room takes the remainder.

/** Each layer's share of `budget`, in the order of `points` (each at most its own points). */
export function shareBudget(budget: number, points: readonly number[]): number[] {
  const share = new Array<number>(points.length).fill(0);
  let left = Math.max(0, Math.floor(budget));
  let open = points.map((_, i) => i).filter((i) => points[i] > 0);
  while (open.length && left > 0) {
    const even = Math.floor(left / open.length);
    const small = open.filter((i) => points[i] <= even);
    if (!small.length) {
      // what an even split leaves over goes one point each to the first layers
      const extra = left - even * open.length;
      open.forEach((i, k) => (share[i] = even + (k < extra ? 1 : 0)));
      return share;
    }
    for (const i of small) {
      share[i] = points[i];
      left -= points[i];
    }
    open = open.filter((i) => points[i] > even);
  }
  return share;
}
