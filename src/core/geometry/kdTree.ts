// A balanced k-d tree over packed xyz, for the nearest point of one cloud to each point of another.
// The tree is implicit: a range of the reordered points is a node, its middle point the split, cut
// across the range's widest axis; ranges of a few points are leaves, scanned whole. It answers
// exactly at any distance, where a grid of cells would have to search ever wider shells for a point
// far from the cloud.

/** Ranges of at most this many points are scanned rather than split. */
const LEAF = 8;
/** Deeper than a tree of 2^32 points can be, with room for the far sides waiting. */
const STACK = 128;

export interface KdTree {
  /** xyz in tree order */
  points: Float32Array;
  /** the index in the given cloud of each point in tree order */
  index: Uint32Array;
  /** the axis a node's range is split across, kept at its middle point's position */
  axis: Uint8Array;
}

/** Moves the k-th smallest of order[lo..hi] along `axis` to position k, the smaller before it and the larger after. */
function selectKth(order: Uint32Array, points: ArrayLike<number>, axis: number, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = points[3 * order[(lo + hi) >> 1] + axis];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (points[3 * order[i] + axis] < pivot) i++;
      while (points[3 * order[j] + axis] > pivot) j--;
      if (i <= j) {
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function widestAxis(order: Uint32Array, points: ArrayLike<number>, lo: number, hi: number): number {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = lo; i < hi; i++) {
    const p = 3 * order[i];
    for (let a = 0; a < 3; a++) {
      const v = points[p + a];
      if (v < min[a]) min[a] = v;
      if (v > max[a]) max[a] = v;
    }
  }
  const e = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
  return e[0] >= e[1] && e[0] >= e[2] ? 0 : e[1] >= e[2] ? 1 : 2;
}

/** The tree over the finite points of packed xyz `points`. */
export function buildKdTree(points: ArrayLike<number>): KdTree {
  const n = Math.floor(points.length / 3);
  const finite = (i: number) => Number.isFinite(points[3 * i]) && Number.isFinite(points[3 * i + 1]) && Number.isFinite(points[3 * i + 2]);
  let count = 0;
  for (let i = 0; i < n; i++) if (finite(i)) count++;
  const order = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (finite(i)) order[k++] = i;
  const axis = new Uint8Array(count);
  const ranges: [number, number][] = [[0, count]];
  while (ranges.length) {
    const [lo, hi] = ranges.pop()!;
    if (hi - lo <= LEAF) continue;
    const a = widestAxis(order, points, lo, hi);
    const mid = (lo + hi) >> 1;
    selectKth(order, points, a, lo, hi - 1, mid);
    axis[mid] = a;
    ranges.push([lo, mid], [mid + 1, hi]);
  }
  const tree = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) for (let a = 0; a < 3; a++) tree[3 * i + a] = points[3 * order[i] + a];
  return { points: tree, index: order, axis };
}

/** Searches one tree again and again without allocating. */
export class NearestSearch {
  private readonly lo = new Int32Array(STACK);
  private readonly hi = new Int32Array(STACK);
  private readonly bound = new Float64Array(STACK);
  /** tree position of the last answer's point, -1 for an empty tree */
  found = -1;

  constructor(readonly tree: KdTree) {}

  /** The squared distance from (x, y, z) to the nearest point of the tree (Infinity for an empty one); its tree position is in `found`. */
  nearest(x: number, y: number, z: number): number {
    const { points, axis } = this.tree;
    const { lo, hi, bound } = this;
    let best = Infinity;
    let found = -1;
    let top = 0;
    lo[0] = 0;
    hi[0] = points.length / 3;
    bound[0] = 0;
    while (top >= 0) {
      const l = lo[top];
      const h = hi[top];
      const b = bound[top];
      top--;
      if (b >= best) continue;
      if (h - l <= LEAF) {
        for (let i = l; i < h; i++) {
          const dx = points[3 * i] - x, dy = points[3 * i + 1] - y, dz = points[3 * i + 2] - z;
          const d = dx * dx + dy * dy + dz * dz;
          if (d < best) {
            best = d;
            found = i;
          }
        }
        continue;
      }
      const m = (l + h) >> 1;
      const dx = points[3 * m] - x, dy = points[3 * m + 1] - y, dz = points[3 * m + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) {
        best = d;
        found = m;
      }
      const a = axis[m];
      const across = (a === 0 ? x : a === 1 ? y : z) - points[3 * m + a];
      const far = Math.max(b, across * across);
      // the far side waits below the near one, which is searched first
      top++;
      if (across < 0) {
        lo[top] = m + 1;
        hi[top] = h;
        bound[top] = far;
        top++;
        lo[top] = l;
        hi[top] = m;
      } else {
        lo[top] = l;
        hi[top] = m;
        bound[top] = far;
        top++;
        lo[top] = m + 1;
        hi[top] = h;
      }
      bound[top] = b;
    }
    this.found = found;
    return best;
  }
}
