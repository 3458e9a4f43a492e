// Box proposals grown from the over-segmentation (overSegment.ts). The one-class components of a
// segmentation propose one box per class blob, so an object the segmenter split between two classes,
// or two objects it joined, never gets a box of its own; on rooms no network saw, only 25-45% of the
// true boxes had a proposal overlapping them by 0.25. Pieces rarely cross an object's edge, so:
// - every piece whose mean class probabilities make it an object (not a structure class) is a proposal;
// - touching object pieces are merged, the most alike pair first (half the L1 distance of their mean
//   probabilities), while that difference stays within `maxDifference` and the merged footprint
//   within `maxExtent`; every merge is a proposal too.
// The instance classifier then names or rejects each one. training/pointlens_train/piece_proposals.py
// is the same algorithm in Python (tests/fixtures/seg/pieces_parity.json checks this one).
import { overSegment, type OverSegmentation, type OverSegmentParams } from './overSegment';

export interface PieceProposalParams extends OverSegmentParams {
  maxDifference: number;
  maxExtent: number;
}

/** Per-point class probabilities: the segmenter keeps them summed per distinct point. */
export interface PointProbabilities {
  classes: number;
  /** adds point `p`'s probability of each class c to `into[offset + c]`: one call a point, not one a class */
  addTo(p: number, into: Float64Array, offset: number): void;
}

type Candidate = [difference: number, a: number, b: number];

/** The points of two disjoint ascending lists, in one ascending list. */
function mergeAscending(x: readonly number[], y: readonly number[]): number[] {
  const out = new Array<number>(x.length + y.length);
  let i = 0, j = 0, k = 0;
  while (i < x.length && j < y.length) out[k++] = x[i] < y[j] ? x[i++] : y[j++];
  while (i < x.length) out[k++] = x[i++];
  while (j < y.length) out[k++] = y[j++];
  return out;
}

function before(x: Candidate, y: Candidate): boolean {
  return x[0] < y[0] || (x[0] === y[0] && (x[1] < y[1] || (x[1] === y[1] && x[2] < y[2])));
}

/** A binary min-heap of merge candidates, by difference, then piece numbers: the order of Python's heapq on tuples. */
class CandidateHeap {
  private items: Candidate[] = [];

  get size(): number {
    return this.items.length;
  }

  push(c: Candidate): void {
    const h = this.items;
    h.push(c);
    for (let i = h.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!before(h[i], h[up])) break;
      [h[i], h[up]] = [h[up], h[i]];
      i = up;
    }
  }

  pop(): Candidate {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Point indices of each proposal: the object pieces of at least `minPoints` points in piece order, then each such merge in the order it was made. */
export function mergedPieces(
  positions: Float32Array,
  { piece, pieces, touching }: OverSegmentation,
  probabilities: PointProbabilities,
  structure: readonly number[],
  params: PieceProposalParams,
  minPoints: number,
): number[][] {
  const n = piece.length;
  if (!pieces) return [];
  const C = probabilities.classes;
  const members: number[][] = Array.from({ length: pieces }, () => []);
  for (let i = 0; i < n; i++) members[piece[i]].push(i);
  const total = new Float64Array(2 * pieces * C);
  const count = new Float64Array(2 * pieces);
  const lo = new Float64Array(2 * pieces * 3).fill(Infinity);
  const hi = new Float64Array(2 * pieces * 3).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const s = piece[i];
    probabilities.addTo(i, total, s * C);
    count[s]++;
    for (let d = 0; d < 3; d++) {
      lo[3 * s + d] = Math.min(lo[3 * s + d], positions[3 * i + d]);
      hi[3 * s + d] = Math.max(hi[3 * s + d], positions[3 * i + d]);
    }
  }
  const isObject = new Uint8Array(pieces);
  const out: number[][] = [];
  for (let s = 0; s < pieces; s++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (total[s * C + c] > total[s * C + best]) best = c;
    isObject[s] = structure.includes(best) ? 0 : 1;
    if (isObject[s] && count[s] >= minPoints) out.push(members[s]);
  }
  const difference = (a: number, b: number): number => {
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.abs(total[a * C + c] / count[a] - total[b * C + c] / count[b]);
    return sum / 2;
  };
  const near = new Map<number, Set<number>>();
  for (let s = 0; s < pieces; s++) if (isObject[s]) near.set(s, new Set());
  for (const pair of touching) {
    const a = Math.floor(pair / pieces), b = pair % pieces;
    if (isObject[a] && isObject[b]) {
      near.get(a)!.add(b);
      near.get(b)!.add(a);
    }
  }
  const heap = new CandidateHeap();
  for (const a of [...near.keys()].sort((x, y) => x - y)) {
    for (const b of [...near.get(a)!].sort((x, y) => x - y)) if (a < b) heap.push([difference(a, b), a, b]);
  }
  // the points of each piece or merge still open, ascending
  const parts = new Map<number, number[]>();
  for (const s of near.keys()) parts.set(s, members[s]);
  let made = pieces;
  while (heap.size) {
    const [d, a, b] = heap.pop();
    if (d > params.maxDifference) break;
    if (!parts.has(a) || !parts.has(b)) continue;
    const l = [0, 1, 2].map((k) => Math.min(lo[3 * a + k], lo[3 * b + k]));
    const h = [0, 1, 2].map((k) => Math.max(hi[3 * a + k], hi[3 * b + k]));
    if (Math.max(h[0] - l[0], h[1] - l[1]) > params.maxExtent) continue;
    const c = made++;
    for (let k = 0; k < C; k++) total[c * C + k] = total[a * C + k] + total[b * C + k];
    count[c] = count[a] + count[b];
    lo.set(l, 3 * c);
    hi.set(h, 3 * c);
    parts.set(c, mergeAscending(parts.get(a)!, parts.get(b)!));
    parts.delete(a);
    parts.delete(b);
    const around = new Set([...near.get(a)!, ...near.get(b)!]);
    around.delete(a);
    around.delete(b);
    near.delete(a);
    near.delete(b);
    near.set(c, around);
    for (const m of [...around].sort((x, y) => x - y)) {
      const theirs = near.get(m)!;
      theirs.delete(a);
      theirs.delete(b);
      theirs.add(c);
      heap.push([difference(m, c), m, c]);
    }
    if (count[c] >= minPoints) out.push(parts.get(c)!);
  }
  return out;
}

/** The piece proposals of a segmented z-up scene in metres. */
export function pieceProposals(
  positions: Float32Array,
  colors: Uint8Array | undefined,
  probabilities: PointProbabilities,
  structure: readonly number[],
  params: PieceProposalParams,
  minPoints: number,
): number[][] {
  return mergedPieces(positions, overSegment(positions, colors, params), probabilities, structure, params, minPoints);
}
