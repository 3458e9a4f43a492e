// A balanced k-d tree over packed xyz, for the nearest point of one cloud to each point of another.
// The tree is implicit: a range of the reordered points is a node, its middle point the split, cut
// across the range's widest axis; ranges of a few points are leaves, scanned whole. It answers
// exactly at any distance, where a grid of cells would have to search ever wider shells for a point
// far from the cloud.
import { median } from '../selectSmallest';

/** Ranges of at most this many points are scanned rather than split. */
const LEAF = 8;
/** Deeper than a tree of 2^32 points can be, with room for the far sides waiting. */
const STACK = 128;
/** A cloud's spacing is the median distance from this many of its points to their nearest other one. */
const SPACING_PROBES = 2_000;

export interface KdTree {
  /** xyz in tree order */
  points: Float32Array;
  /** the index in the given cloud of each point in tree order */
  index: Uint32Array;
  /** the axis a node's range is split across, kept at its middle point's position */
  axis: Uint8Array;
  /** the box around a split range's points, kept at its middle point's position: min x, y, z then max x, y, z */
  box: Float32Array;
}

/**
 * Moves the k-th smallest of order[lo..hi] along `axis` to position k, the smaller before it and the
 * larger after: Hoare's selection, as core/selectSmallest, but over point indices keyed by one of
 * their coordinates, which saves copying each range's keys out at every level of the tree.
 */
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

/** The axis along which the range's points spread widest; their box goes into `box` at `at`. */
function widestAxis(order: Uint32Array, points: ArrayLike<number>, lo: number, hi: number, box: Float32Array, at: number): number {
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
  box.set(min, 6 * at);
  box.set(max, 6 * at + 3);
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
  const box = new Float32Array(6 * count);
  const ranges: [number, number][] = [[0, count]];
  while (ranges.length) {
    const [lo, hi] = ranges.pop()!;
    if (hi - lo <= LEAF) continue;
    const mid = (lo + hi) >> 1;
    const a = widestAxis(order, points, lo, hi, box, mid);
    selectKth(order, points, a, lo, hi - 1, mid);
    axis[mid] = a;
    ranges.push([lo, mid], [mid + 1, hi]);
  }
  const tree = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) for (let a = 0; a < 3; a++) tree[3 * i + a] = points[3 * order[i] + a];
  return { points: tree, index: order, axis, box };
}

/**
 * Searches one tree again and again without allocating. A range waiting on the stack carries how far
 * the query lies from its cell along each axis, so its bound is the squared distance to the cell
 * itself (Arya and Mount's incremental distance), not to its last splitting plane alone; a split
 * range is then checked against the box its points fill, which is far tighter for a query far from
 * the cloud (a scan measured to a small object), for which every cell of the object is about as near.
 * The k nearest are kept in a max-heap of their squared distances, its root the farthest kept, which
 * bounds the search once k are found; the nearest point alone is the heap of one.
 */
export class NearestSearch {
  private readonly lo = new Int32Array(STACK);
  private readonly hi = new Int32Array(STACK);
  private readonly bound = new Float64Array(STACK);
  /** per range waiting, its cell's offset from the query along x, y, z */
  private readonly offsets = new Float64Array(3 * STACK);
  /** the squared distances of the points kept, as a max-heap */
  private heap: Float64Array;
  /** the tree positions of the points kept, in the heap's order */
  private heapAt: Int32Array;
  private kept = 0;
  /** only points nearer than this (squared) are kept while fewer than k are */
  private within = Infinity;
  /** a tree position the search leaves out */
  private skip = -1;
  /** tree position of the last answer's point, -1 where it found none (an empty tree, or none within its bound) */
  found = -1;
  /** the latest point found, where the next search starts */
  private last = -1;

  constructor(readonly tree: KdTree, maxK = 1) {
    this.heap = new Float64Array(Math.max(1, maxK));
    this.heapAt = new Int32Array(Math.max(1, maxK));
  }

  /**
   * The squared distance from (x, y, z) to the nearest point of the tree nearer than `within` (a
   * squared distance), or Infinity where there is none (an empty tree, or none that near); its tree
   * position is in `found`. The bound prunes as a point found at that distance would, so a query far
   * from every point stops early instead of searching on for a nearest it would not use. The latest
   * point found starts the search as the best so far where it is nearer than the bound: queries in a
   * scan's order lie near each other, and a close first guess prunes most of the tree.
   * `skip`: a tree position left out, so that a point of the tree finds its nearest other point.
   */
  nearest(x: number, y: number, z: number, skip = -1, within = Infinity): number {
    this.kept = 0;
    this.within = within;
    this.skip = skip;
    if (this.last >= 0 && this.last !== skip) {
      const points = this.tree.points;
      const f = 3 * this.last;
      const d = (points[f] - x) ** 2 + (points[f + 1] - y) ** 2 + (points[f + 2] - z) ** 2;
      if (d < within) this.offer(d, this.last, 1);
    }
    this.search(x, y, z, 1);
    this.found = this.kept ? this.heapAt[0] : -1;
    if (this.found < 0) return Infinity;
    this.last = this.found;
    return this.heap[0];
  }

  /**
   * The k nearest points to (x, y, z) (fewer where the tree has fewer): their squared distances go
   * into `dist` and their indices in the given cloud into `index`, nearest first; returns how many.
   * k is at most the `maxK` the search was made for. `within`, where given, is a squared distance
   * known to hold k points (the k-th nearest of some of them): the search looks no further from the
   * start, where it would otherwise take the first k it meets as its bound.
   */
  nearestK(x: number, y: number, z: number, k: number, dist: Float64Array, index: Uint32Array, within = Infinity): number {
    if (k > this.heap.length) throw new Error(`${k} nearest asked of a search made for ${this.heap.length}`);
    this.kept = 0;
    this.skip = -1;
    // a point as far as the bound may be one of the k: the bound is just past it
    this.within = within === Infinity ? within : within * (1 + 1e-9) + Number.MIN_VALUE;
    this.search(x, y, z, k);
    const m = this.kept;
    // popping the root k times lays the heap out nearest first
    for (let j = m - 1; j >= 0; j--) {
      dist[j] = this.heap[0];
      index[j] = this.tree.index[this.heapAt[0]];
      this.popRoot();
    }
    return m;
  }

  /** Keeps point `at` where fewer than k are kept or it is nearer than the farthest kept; the bound on the search after it. */
  private offer(d: number, at: number, k: number): number {
    const { heap, heapAt } = this;
    let i: number;
    if (this.kept < k) {
      // sift the new leaf up
      i = this.kept++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heap[parent] >= d) break;
        heap[i] = heap[parent];
        heapAt[i] = heapAt[parent];
        i = parent;
      }
    } else {
      i = this.siftDown(d);
    }
    heap[i] = d;
    heapAt[i] = at;
    return this.kept < k ? this.within : heap[0];
  }

  /** Drops the root: the last leaf takes its place and sinks. */
  private popRoot(): void {
    const last = --this.kept;
    if (last <= 0) return;
    const d = this.heap[last];
    const at = this.heapAt[last];
    const i = this.siftDown(d);
    this.heap[i] = d;
    this.heapAt[i] = at;
  }

  /** Moves larger children up from the root while they exceed `d`; where `d` belongs. */
  private siftDown(d: number): number {
    const { heap, heapAt } = this;
    const m = this.kept;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= m) return i;
      if (c + 1 < m && heap[c + 1] > heap[c]) c++;
      if (heap[c] <= d) return i;
      heap[i] = heap[c];
      heapAt[i] = heapAt[c];
      i = c;
    }
  }

  private search(x: number, y: number, z: number, k: number): void {
    const { points, axis, box } = this.tree;
    const { lo, hi, bound, offsets } = this;
    let top = 0;
    lo[0] = 0;
    hi[0] = points.length / 3;
    bound[0] = 0;
    offsets[0] = offsets[1] = offsets[2] = 0;
    let best = this.kept < k ? this.within : this.heap[0];
    while (top >= 0) {
      const l = lo[top];
      const h = hi[top];
      const b = bound[top];
      const o = 3 * top;
      const o0 = offsets[o], o1 = offsets[o + 1], o2 = offsets[o + 2];
      top--;
      if (b >= best) continue;
      if (h - l <= LEAF) {
        for (let i = l; i < h; i++) {
          const dx = points[3 * i] - x, dy = points[3 * i + 1] - y, dz = points[3 * i + 2] - z;
          const d = dx * dx + dy * dy + dz * dz;
          if (d < best && i !== this.skip) best = this.offer(d, i, k);
        }
        continue;
      }
      const m = (l + h) >> 1;
      const bx = Math.max(box[6 * m] - x, 0, x - box[6 * m + 3]);
      const by = Math.max(box[6 * m + 1] - y, 0, y - box[6 * m + 4]);
      const bz = Math.max(box[6 * m + 2] - z, 0, z - box[6 * m + 5]);
      if (bx * bx + by * by + bz * bz >= best) continue;
      const dx = points[3 * m] - x, dy = points[3 * m + 1] - y, dz = points[3 * m + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best && m !== this.skip) best = this.offer(d, m, k);
      const a = axis[m];
      const across = (a === 0 ? x : a === 1 ? y : z) - points[3 * m + a];
      const before = a === 0 ? o0 : a === 1 ? o1 : o2;
      const far = b - before * before + across * across;
      // the far side waits below the near one, which is searched first
      top++;
      const f = 3 * top;
      offsets[f] = o0;
      offsets[f + 1] = o1;
      offsets[f + 2] = o2;
      offsets[f + a] = across;
      bound[top] = far;
      if (across < 0) {
        lo[top] = m + 1;
        hi[top] = h;
      } else {
        lo[top] = l;
        hi[top] = m;
      }
      top++;
      const n = 3 * top;
      offsets[n] = o0;
      offsets[n + 1] = o1;
      offsets[n + 2] = o2;
      bound[top] = b;
      if (across < 0) {
        lo[top] = l;
        hi[top] = m;
      } else {
        lo[top] = m + 1;
        hi[top] = h;
      }
    }
  }
}

/** The usual distance between neighbouring points of the tree: the median over evenly chosen ones of the nearest other, leaving out duplicates. */
export function pointSpacing(tree: KdTree, search: NearestSearch): number {
  const count = tree.index.length;
  const probes = Math.min(SPACING_PROBES, count);
  const found = new Float64Array(probes);
  let n = 0;
  for (let j = 0; j < probes; j++) {
    const at = Math.floor((j * count) / probes);
    const d = Math.sqrt(search.nearest(tree.points[3 * at], tree.points[3 * at + 1], tree.points[3 * at + 2], at));
    if (d > 0 && Number.isFinite(d)) found[n++] = d;
  }
  return n ? median(found, n) : 0;
}
