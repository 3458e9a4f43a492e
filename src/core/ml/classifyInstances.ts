// A second look at each box proposal as one object. The segmenter decides each point from a 1.5 m
// block; its errors are mostly whole objects given the wrong class, which no averaging inside the
// object can fix. The instance classifier sees a proposal's whole extent, its height above the
// floor and its colour together, and names it, or says "none" (a piece of wall or clutter).
// training/pointlens_train/classified_instances.py is the same algorithm in Python, with which its
// figures in models/manifest.json were measured.
import { suppressDuplicates, type SuppressionParams } from '../geometry/boxSuppression';
import { boxAround, components, refitted, type InstanceParams } from '../geometry/instances';
import { pieceProposals, type PointProbabilities } from '../geometry/pieceProposals';
import type { LabelledBox } from '../types';
import type { InstanceContract } from './manifest';
import { PROPOSAL_FEATURES, floorHeight, writeProposalTensor } from './proposalTensor';
import type { RunModel } from './runModel';

/** proposals per network run when each is read at the contract's full count of points */
export const PROPOSAL_BATCH = 32;

/** proposals are read at a multiple of this many points: few shapes of input, little padding */
const POINTS_STEP = 32;

/**
 * How many points the classifier reads a proposal of `members` points at: the contract's `points`,
 * or all of them once, rounded up to a multiple of POINTS_STEP, where that is fewer. The network
 * pools its per-point features by their maximum, and the even sample repeats points only once all
 * are in, so either way it gives the same probabilities; on the bench's scene of 20 rooms, reading
 * each proposal at 256 points did half as much work again.
 */
export function pointsRead(members: number, points: number): number {
  return Math.min(points, Math.max(POINTS_STEP, Math.ceil(members / POINTS_STEP) * POINTS_STEP));
}

/**
 * The network runs over proposals of these sizes: indices into them, grouped by points read, about
 * PROPOSAL_BATCH full-size proposals' worth of points a run. Only a graph whose contract says its
 * points axis is free (`freePoints`) reads a small proposal at fewer points; any other, at `points`.
 */
export function proposalBatches(sizes: readonly number[], points: number, freePoints: boolean): { points: number; proposals: number[] }[] {
  const groups = new Map<number, number[]>();
  sizes.forEach((m, i) => {
    const n = freePoints ? pointsRead(m, points) : points;
    if (!groups.has(n)) groups.set(n, []);
    groups.get(n)!.push(i);
  });
  const out: { points: number; proposals: number[] }[] = [];
  for (const [n, all] of [...groups].sort((a, b) => a[0] - b[0])) {
    const per = Math.max(1, Math.floor((PROPOSAL_BATCH * points) / n));
    for (let start = 0; start < all.length; start += per) out.push({ points: n, proposals: all.slice(start, start + per) });
  }
  return out;
}

export interface ClassifiedInstances {
  boxes: LabelledBox[];
  /** the segmentation with each sure box's points given its class (a copy) */
  pred: Int32Array;
  /** the box's score where a point was relabelled, the segmenter's confidence elsewhere (a copy) */
  confidence: Float32Array;
  /** how many proposals the classifier looked at */
  proposals: number;
  /** how many points changed class */
  relabelled: number;
}

/** A segmented scene in the model's frame. */
export interface SegmentedScene {
  positions: Float32Array;
  colors?: Uint8Array;
  pred: Int32Array;
  confidence: Float32Array;
  probabilities: PointProbabilities;
  /** where given, the same points squared to the room's walls: each box kept also carries the box around its points there (`square`); every decision reads `positions` */
  fitIn?: Float32Array;
}

/**
 * The proposals of a segmentation, as training/'s `proposals`: per voxel size, the one-class
 * components, then those of any object; then the pieces of the over-segmentation and their merges.
 */
export function proposals(scene: Omit<SegmentedScene, 'confidence'>, classNames: string[], contract: InstanceContract, params: InstanceParams): number[][] {
  const { positions, pred } = scene;
  const out: number[][] = [];
  for (const voxel of contract.proposals.voxels) {
    const p = { ...params, voxel };
    for (const c of components(positions, pred, classNames, p)) out.push(c.members);
    if (contract.proposals.agnostic) for (const c of components(positions, pred, classNames, p, true)) out.push(c.members);
  }
  const pieces = contract.proposals.pieces;
  if (pieces) {
    const structure = params.skip.map((n) => classNames.indexOf(n)).filter((c) => c >= 0);
    out.push(...pieceProposals(positions, scene.colors, scene.probabilities, structure, pieces, params.minPoints));
  }
  return out;
}

export async function classifyInstances(
  scene: SegmentedScene,
  classNames: string[],
  contract: InstanceContract,
  run: RunModel,
  params: InstanceParams & { suppress: SuppressionParams },
  signal?: AbortSignal,
): Promise<ClassifiedInstances> {
  const F = PROPOSAL_FEATURES.length;
  const N = contract.points;
  const K = contract.classes.length;
  const { positions, colors, pred, confidence } = scene;
  const sceneIndex = contract.classes.map((n) => classNames.indexOf(n));
  const found = proposals(scene, classNames, contract, params);
  const floor = floorHeight(positions);
  const probs = new Float32Array(found.length * K);
  for (const batch of proposalBatches(found.map((m) => m.length), N, contract.freePoints === true)) {
    signal?.throwIfAborted();
    const n = batch.points;
    const input = new Float32Array(batch.proposals.length * F * n);
    batch.proposals.forEach((i, b) => writeProposalTensor(positions, colors, found[i], floor, n, input, b * F * n));
    const out = await run(input, [batch.proposals.length, F, n]);
    if (out.length !== batch.proposals.length * K) throw new Error(`the instance classifier gave ${out.length} numbers for ${batch.proposals.length} proposals of ${K} classes`);
    batch.proposals.forEach((i, b) => probs.set(out.subarray(b * K, (b + 1) * K), i * K));
  }
  const members = new Map<LabelledBox, number[]>();
  const boxes: LabelledBox[] = [];
  found.forEach((m, i) => {
    const row = i * K;
    // the surest object class (the first on a tie, as numpy's argmax); "none" is last and never a label
    let j = 0;
    for (let k = 1; k < K - 1; k++) if (probs[row + k] > probs[row + j]) j = k;
    // surer that it is no object than that it is any one: no box
    if (probs[row + K - 1] > probs[row + j]) return;
    const c = sceneIndex[j];
    const box = boxAround(positions, m, classNames[c], c, probs[row + j]);
    members.set(box, m);
    boxes.push(box);
  });
  const kept = suppressDuplicates(boxes, params.suppress);
  const drawn = scene.fitIn ? refitted(kept, members, scene.fitIn) : kept;
  const outPred = pred.slice();
  const outConfidence = confidence.slice();
  // the surest box last, so that it wins the points two boxes share
  const sure = kept.filter((b) => b.score >= contract.relabelAt).sort((a, b) => a.score - b.score);
  for (const box of sure) {
    for (const p of members.get(box)!) {
      outPred[p] = box.classIndex;
      outConfidence[p] = box.score;
    }
  }
  let relabelled = 0;
  for (let p = 0; p < pred.length; p++) if (outPred[p] !== pred[p]) relabelled++;
  return { boxes: drawn, pred: outPred, confidence: outConfidence, proposals: found.length, relabelled };
}
