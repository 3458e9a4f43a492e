// Scene semantic segmentation, pure and backend-agnostic: blocks -> batched network runs (by the
// caller's `run`, onnxruntime-web in a worker or in Node) -> class probabilities averaged over the
// overlapping blocks of each point -> per-point class and confidence -> instance boxes.
// Memory stays linear in the points: one N x C score array, block tensors one batch at a time.
// The network sees each distinct point once (copies of a point share its prediction), so the work
// follows the distinct points and the blocks they occupy, not the file's point count.
import type { LabelledBox, PointCloud } from '../types';
import {
  BLOCK_FEATURES,
  PLACE_AND_COLOUR_FEATURES,
  blockCentre,
  blockMembers,
  buildBlocks,
  chunkCount,
  chunkIndices,
  writeBlockFeatures,
  type BlockSource,
  type SceneBlocks,
} from '../geometry/blocks';
import { localShape } from '../geometry/localShape';
import { gridOrigin } from '../geometry/sceneFloor';
import { DEFAULT_INSTANCE_PARAMS, findInstances, type InstanceParams } from '../geometry/instances';
import { distinctPoints } from '../geometry/distinctPoints';
import type { PointProbabilities } from '../geometry/pieceProposals';
import type { ModelEntry } from './manifest';
import { softmaxInto } from './postprocess';
import type { RunModel } from './runModel';

export interface PartialSegmentation {
  done: number;
  total: number;
  /** the points decided since the last partial result: each point once, when every block that holds it is scored */
  changed: Int32Array;
  /** live arrays, final once the last batch is in: copy what you keep */
  pred: Int32Array;
  confidence: Float32Array;
}

export interface SegmentOptions {
  /** network samples (block chunks) per run */
  batch?: number;
  /** seeds the order of points in each block; the same seed gives the same result */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  onPartial?: (partial: PartialSegmentation) => void;
  /** the least time between two partial results; the last one comes when the scene is done */
  partialEveryMs?: number;
  /** how the boxes are found; false where the caller finds its own, and `boxes` is then empty */
  boxes?: InstanceParams | false;
  /**
   * points whose class is set before the network (the ceiling the geometry found), 1 each: they take
   * `classIndex`, a class after the model's, as sure as `confidence`, in every partial result and in
   * the result, and count as it alone in the probabilities. The network still reads them in their blocks.
   */
  preset?: { points: Uint8Array; classIndex: number; confidence: number };
}

export interface SceneSegmentation {
  /** class index into the manifest entry's classes, per point */
  pred: Int32Array;
  /** mean probability of the predicted class over the blocks that saw the point */
  confidence: Float32Array;
  boxes: LabelledBox[];
  blocks: number;
  /** network samples run (every point in every block it belongs to is seen once) */
  samples: number;
  /** each point's class probabilities, averaged over the blocks that saw it */
  probabilities: PointProbabilities;
}

export const DEFAULT_SEGMENT_BATCH = 16;
/** often enough for the overlay to grow smoothly, rarely enough that deciding points is not repeated per batch */
export const PARTIAL_EVERY_MS = 250;

function sampleCount(blocks: SceneBlocks, points: number): number {
  let total = 0;
  for (let k = 0; k < blocks.ids.length; k++) total += chunkCount(blocks.offsets[k + 1] - blocks.offsets[k], points);
  return total;
}

/**
 * The distinct points numbered in the order the blocks first reach them: `pointAt[r]` is the point
 * numbered r. The loop over blocks reads each chunk's features and adds its scores at those
 * numbers, so a batch touches memory near itself; in the file's order of points it reached all
 * over the 1M-point bench scene's 80 MB of scores and 27 MB of features.
 */
function visitOrder(blocks: SceneBlocks, points: number): Int32Array {
  const numbered = new Uint8Array(points);
  const pointAt = new Int32Array(points);
  let next = 0;
  for (let i = 0; i < blocks.points.length; i++) {
    const d = blocks.points[i];
    if (!numbered[d]) {
      numbered[d] = 1;
      pointAt[next++] = d;
    }
  }
  // a point in no block is never scored, but still has a number
  for (let d = 0; d < points && next < points; d++) if (!numbered[d]) pointAt[next++] = d;
  return pointAt;
}

/**
 * The rows of the points in some block (`blocks` holding rows), in the order they become final:
 * by the last block that holds them, so each point is decided once, when its scores are complete.
 * `order[0 .. end[k])` are the rows that no block after the first k holds.
 */
function rowsByLastBlock(blocks: SceneBlocks, rows: number): { order: Int32Array; end: Int32Array } {
  const nBlocks = blocks.ids.length;
  const last = new Int32Array(rows).fill(-1);
  for (let i = 0, k = 0; k < nBlocks; k++) for (; i < blocks.offsets[k + 1]; i++) last[blocks.points[i]] = k;
  const end = new Int32Array(nBlocks + 1);
  for (let r = 0; r < rows; r++) if (last[r] >= 0) end[last[r] + 1]++;
  for (let k = 0; k < nBlocks; k++) end[k + 1] += end[k];
  const order = new Int32Array(end[nBlocks]);
  const next = end.slice(0, nBlocks);
  for (let r = 0; r < rows; r++) if (last[r] >= 0) order[next[last[r]]++] = r;
  return { order, end };
}

/** The inverse of a numbering: where each index sits in `order`. */
function inverse(order: Int32Array): Int32Array {
  const at = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) at[order[i]] = i;
  return at;
}

/** `width` values per item, the items taken in `order`. */
function pick<T extends Float32Array | Uint8Array>(a: T, order: Int32Array, width: number): T {
  const out = new (a.constructor as new (n: number) => T)(order.length * width);
  for (let i = 0; i < order.length; i++) for (let j = 0; j < width; j++) out[i * width + j] = a[order[i] * width + j];
  return out;
}

/** How many network samples (block chunks) a scene in the model's frame takes: what its run time grows with. */
export function countSceneSamples(positions: Float32Array, entry: ModelEntry): number {
  if (!entry.input.block) throw new Error(`model ${entry.id} has no block contract`);
  return sampleCount(buildBlocks(positions, entry.input.block), entry.input.points);
}

/** `run` returns logits or probabilities (`output.values`) [batch, points, classes] (the manifest entry's `output.layout`, BNC). */
export async function segmentScene(
  cloud: PointCloud,
  entry: ModelEntry,
  run: RunModel,
  opts: SegmentOptions = {},
): Promise<SceneSegmentation> {
  const { input } = entry;
  if (!input.block) throw new Error(`model ${entry.id} has no block contract`);
  const F = input.features.length;
  if (F < PLACE_AND_COLOUR_FEATURES || input.features.join() !== BLOCK_FEATURES.slice(0, F).join()) {
    throw new Error(`model ${entry.id} wants features ${input.features.join(',')}, blocks give ${BLOCK_FEATURES.join(',')}`);
  }
  const batch = opts.batch ?? DEFAULT_SEGMENT_BATCH;
  const seed = opts.seed ?? 0;
  const { preset } = opts;
  const N = input.points;
  const C = entry.classes.length;
  const P = cloud.positions.length / 3;
  const distinct = distinctPoints(cloud.positions, cloud.colors);
  const D = distinct.first.length;
  const distinctPositions = D === P ? cloud.positions : pick(cloud.positions, distinct.first, 3);
  const blocks = buildBlocks(distinctPositions, input.block);
  // in the distinct points' own order, which its sums follow (the Python features match to the bit)
  const shape = F > PLACE_AND_COLOUR_FEATURES ? localShape(distinctPositions, gridOrigin(blocks.room.lo, blocks.room.floor)) : undefined;

  // from here on a distinct point goes by its row: its number in the order the blocks reach it
  const pointAt = visitOrder(blocks, D);
  const rowOf = inverse(pointAt);
  const fileIndex = D === P ? pointAt : pointAt.map((d) => distinct.first[d]);
  const source: BlockSource = {
    positions: pick(cloud.positions, fileIndex, 3),
    colors: cloud.colors && pick(cloud.colors, fileIndex, 3),
    shape: shape && pick(shape, pointAt, 3),
    room: blocks.room,
    features: F,
  };
  // the same members in the same order, now by row, so the seeded chunks hold the same points
  for (let i = 0; i < blocks.points.length; i++) blocks.points[i] = rowOf[blocks.points[i]];
  const nBlocks = blocks.ids.length;
  const total = sampleCount(blocks, N);

  // scores and votes per row; pred and confidence per point of the file
  const scores = new Float32Array(D * C);
  const votes = new Uint32Array(D);
  const pred = new Int32Array(P).fill(-1);
  const confidence = new Float32Array(P);
  const tensor = new Float32Array(batch * F * N);
  const batchIdx = new Int32Array(batch * N);
  const final = rowsByLastBlock(blocks, D);
  // the rows final.order[0 .. decided) have been decided and handed on
  let decided = 0;
  let publishedAt = performance.now();
  // one row of probabilities, reused: allocating per point cost 10 s over a 1M-point scene (bench/segment.ts)
  const probs = new Float64Array(C);
  // a graph that ends in its softmax spares a Math.exp per point and class
  const given = entry.output?.values === 'probabilities';
  let done = 0;

  /** Decides each point whose blocks are all among the first `complete`, once, and hands them on. */
  const publish = (complete: number): void => {
    const upTo = final.end[complete];
    let members = 0;
    for (let i = decided; i < upTo; i++) {
      const d = pointAt[final.order[i]];
      members += distinct.offsets[d + 1] - distinct.offsets[d];
    }
    // a fresh array each time: a worker hands it over to the page
    const changed = new Int32Array(opts.onPartial ? members : 0);
    for (let i = decided, o = 0; i < upTo; i++) {
      const r = final.order[i], row = r * C, d = pointAt[r];
      let best = 0;
      for (let c = 1; c < C; c++) if (scores[row + c] > scores[row + best]) best = c;
      const conf = scores[row + best] / votes[r];
      for (let m = distinct.offsets[d]; m < distinct.offsets[d + 1]; m++) {
        const p = distinct.members[m];
        const fixed = preset?.points[p] === 1;
        pred[p] = fixed ? preset.classIndex : best;
        confidence[p] = fixed ? preset.confidence : conf;
        if (changed.length) changed[o++] = p;
      }
    }
    decided = upTo;
    publishedAt = performance.now();
    opts.onPartial?.({ done, total, changed, pred, confidence });
  };

  /** runs the batch's `filled` samples, after which the first `complete` blocks have every chunk scored */
  const flush = async (filled: number, complete: number): Promise<void> => {
    opts.signal?.throwIfAborted();
    const out = await run(
      filled === batch ? tensor : tensor.subarray(0, filled * F * N),
      input.layout === 'BCN' ? [filled, F, N] : [filled, N, F],
    );
    opts.signal?.throwIfAborted();
    if (out.length !== filled * N * C) throw new Error(`model ${entry.id} returned ${out.length} values, expected ${filled}x${N}x${C}`);
    for (let s = 0; s < filled * N; s++) {
      const r = batchIdx[s];
      const row = r * C;
      if (given) {
        for (let c = 0; c < C; c++) scores[row + c] += out[s * C + c];
      } else {
        softmaxInto(out, s * C, C, probs);
        for (let c = 0; c < C; c++) scores[row + c] += probs[c];
      }
      votes[r]++;
    }
    done += filled;
    opts.onProgress?.(done, total);
    if (opts.onPartial && performance.now() - publishedAt >= (opts.partialEveryMs ?? PARTIAL_EVERY_MS)) publish(complete);
  };

  let filled = 0;
  for (let k = 0; k < nBlocks; k++) {
    const idx = chunkIndices(blockMembers(blocks, k), blocks.ids[k], N, seed);
    const centre = blockCentre(blocks, k);
    for (let from = 0; from < idx.length; from += N) {
      writeBlockFeatures(source, centre, idx, from, N, tensor, filled, input.layout);
      batchIdx.set(idx.subarray(from, from + N), filled * N);
      if (++filled === batch) {
        await flush(filled, from + N >= idx.length ? k + 1 : k);
        filled = 0;
      }
    }
  }
  if (filled > 0) await flush(filled, nBlocks);
  publish(nBlocks);
  opts.signal?.throwIfAborted();

  const names = entry.classes.map((c) => c.name);
  const boxes = opts.boxes === false ? [] : findInstances(cloud.positions, pred, confidence, names, opts.boxes ?? DEFAULT_INSTANCE_PARAMS);
  const rowOfPoint = new Int32Array(P);
  for (let d = 0; d < D; d++) for (let m = distinct.offsets[d]; m < distinct.offsets[d + 1]; m++) rowOfPoint[distinct.members[m]] = rowOf[d];
  const probabilities: PointProbabilities = {
    classes: preset ? Math.max(C, preset.classIndex + 1) : C,
    addTo: (p, into, offset) => {
      if (preset?.points[p]) {
        into[offset + preset.classIndex] += 1;
        return;
      }
      const r = rowOfPoint[p];
      if (!votes[r]) return;
      for (let c = 0; c < C; c++) into[offset + c] += scores[r * C + c] / votes[r];
    },
  };
  return { pred, confidence, boxes, blocks: nBlocks, samples: total, probabilities };
}
