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
import { DEFAULT_INSTANCE_PARAMS, findInstances, type InstanceParams } from '../geometry/instances';
import { distinctPoints } from '../geometry/distinctPoints';
import type { PointProbabilities } from '../geometry/pieceProposals';
import type { ModelEntry } from './manifest';
import { softmaxInto } from './postprocess';
import type { RunModel } from './runModel';

export interface PartialSegmentation {
  done: number;
  total: number;
  /** points whose prediction may have changed since the last partial result */
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
  const N = input.points;
  const C = entry.classes.length;
  const P = cloud.positions.length / 3;
  const distinct = distinctPoints(cloud.positions, cloud.colors);
  const D = distinct.first.length;
  const gather = <T extends Float32Array | Uint8Array>(a: T): T => {
    if (D === P) return a;
    const out = new (a.constructor as new (n: number) => T)(D * 3);
    distinct.first.forEach((p, d) => out.set(a.subarray(3 * p, 3 * p + 3), 3 * d));
    return out;
  };
  const positions = gather(cloud.positions);
  const colors = cloud.colors && gather(cloud.colors);

  const blocks = buildBlocks(positions, input.block);
  const source: BlockSource = {
    positions,
    colors,
    shape: F > PLACE_AND_COLOUR_FEATURES ? localShape(positions, blocks.room.lo) : undefined,
    room: blocks.room,
    features: F,
  };
  const nBlocks = blocks.ids.length;
  const total = sampleCount(blocks, N);

  // scores, votes and stamps per distinct point; pred and confidence per point of the file
  const scores = new Float32Array(D * C);
  const votes = new Uint32Array(D);
  const pred = new Int32Array(P).fill(-1);
  const confidence = new Float32Array(P);
  const stamp = new Int32Array(D).fill(-1);
  const tensor = new Float32Array(batch * F * N);
  const batchIdx = new Int32Array(batch * N);
  // the distinct points voted on since the last publish; each is decided once per publish, not per batch
  const dirty = new Int32Array(D);
  let nDirty = 0;
  let published = 0;
  let publishedAt = performance.now();
  // one row of probabilities, reused: allocating per point cost 10 s over a 1M-point scene (bench/segment.ts)
  const probs = new Float64Array(C);
  // a graph that ends in its softmax spares a Math.exp per point and class
  const given = entry.output?.values === 'probabilities';
  let done = 0;

  const publish = (): void => {
    let members = 0;
    for (let i = 0; i < nDirty; i++) members += distinct.offsets[dirty[i] + 1] - distinct.offsets[dirty[i]];
    // a fresh array each time: a worker hands it over to the page
    const changed = new Int32Array(opts.onPartial ? members : 0);
    for (let i = 0, o = 0; i < nDirty; i++) {
      const d = dirty[i], row = d * C;
      let best = 0;
      for (let c = 1; c < C; c++) if (scores[row + c] > scores[row + best]) best = c;
      const conf = scores[row + best] / votes[d];
      for (let m = distinct.offsets[d]; m < distinct.offsets[d + 1]; m++) {
        const p = distinct.members[m];
        pred[p] = best;
        confidence[p] = conf;
        if (changed.length) changed[o++] = p;
      }
    }
    nDirty = 0;
    published++;
    publishedAt = performance.now();
    opts.onPartial?.({ done, total, changed, pred, confidence });
  };

  const flush = async (filled: number): Promise<void> => {
    opts.signal?.throwIfAborted();
    const out = await run(
      filled === batch ? tensor : tensor.subarray(0, filled * F * N),
      input.layout === 'BCN' ? [filled, F, N] : [filled, N, F],
    );
    opts.signal?.throwIfAborted();
    if (out.length !== filled * N * C) throw new Error(`model ${entry.id} returned ${out.length} values, expected ${filled}x${N}x${C}`);
    for (let s = 0; s < filled * N; s++) {
      const p = batchIdx[s];
      const row = p * C;
      if (given) {
        for (let c = 0; c < C; c++) scores[row + c] += out[s * C + c];
      } else {
        softmaxInto(out, s * C, C, probs);
        for (let c = 0; c < C; c++) scores[row + c] += probs[c];
      }
      votes[p]++;
      if (stamp[p] !== published) {
        stamp[p] = published;
        dirty[nDirty++] = p;
      }
    }
    done += filled;
    opts.onProgress?.(done, total);
    if (opts.onPartial && performance.now() - publishedAt >= (opts.partialEveryMs ?? PARTIAL_EVERY_MS)) publish();
  };

  let filled = 0;
  for (let k = 0; k < nBlocks; k++) {
    const idx = chunkIndices(blockMembers(blocks, k), blocks.ids[k], N, seed);
    const centre = blockCentre(blocks, k);
    for (let from = 0; from < idx.length; from += N) {
      writeBlockFeatures(source, centre, idx, from, N, tensor, filled, input.layout);
      batchIdx.set(idx.subarray(from, from + N), filled * N);
      if (++filled === batch) {
        await flush(filled);
        filled = 0;
      }
    }
  }
  if (filled > 0) await flush(filled);
  publish();
  opts.signal?.throwIfAborted();

  const names = entry.classes.map((c) => c.name);
  const boxes = opts.boxes === false ? [] : findInstances(cloud.positions, pred, confidence, names, opts.boxes ?? DEFAULT_INSTANCE_PARAMS);
  const distinctOf = new Int32Array(P);
  for (let d = 0; d < D; d++) for (let m = distinct.offsets[d]; m < distinct.offsets[d + 1]; m++) distinctOf[distinct.members[m]] = d;
  const probabilities: PointProbabilities = {
    classes: C,
    addTo: (p, into, offset) => {
      const d = distinctOf[p];
      if (!votes[d]) return;
      for (let c = 0; c < C; c++) into[offset + c] += scores[d * C + c] / votes[d];
    },
  };
  return { pred, confidence, boxes, blocks: nBlocks, samples: total, probabilities };
}
