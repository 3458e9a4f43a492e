// A second look at each box proposal as one object. The segmenter decides each point from a 1.5 m
// block; its errors are mostly whole objects given the wrong class, which no averaging inside the
// object can fix. The instance classifier sees a proposal's whole extent, its height above the
// floor and its colour together, and names it, or says "none" (a piece of wall or clutter).
// training/pointlens_train/classified_instances.py is the same algorithm in Python, with which its
// figures in models/manifest.json were measured.
import { suppressDuplicates, type SuppressionParams } from '../geometry/boxSuppression';
import { boxAround, components, type InstanceParams } from '../geometry/instances';
import { pieceProposals, type PointProbabilities } from '../geometry/pieceProposals';
import type { LabelledBox } from '../types';
import type { InstanceContract } from './manifest';
import { PROPOSAL_FEATURES, floorHeight, writeProposalTensor } from './proposalTensor';
import type { RunModel } from './runModel';

/** proposals per network run */
export const PROPOSAL_BATCH = 32;

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
  const members = new Map<LabelledBox, number[]>();
  const boxes: LabelledBox[] = [];
  for (let start = 0; start < found.length; start += PROPOSAL_BATCH) {
    signal?.throwIfAborted();
    const batch = found.slice(start, start + PROPOSAL_BATCH);
    const input = new Float32Array(batch.length * F * N);
    batch.forEach((m, b) => writeProposalTensor(positions, colors, m, floor, N, input, b * F * N));
    const probs = await run(input, [batch.length, F, N]);
    if (probs.length !== batch.length * K) throw new Error(`the instance classifier gave ${probs.length} numbers for ${batch.length} proposals of ${K} classes`);
    batch.forEach((m, b) => {
      // the surest object class (the first on a tie, as numpy's argmax); "none" is last and never a label
      let j = 0;
      for (let k = 1; k < K - 1; k++) if (probs[b * K + k] > probs[b * K + j]) j = k;
      // surer that it is no object than that it is any one: no box
      if (probs[b * K + K - 1] > probs[b * K + j]) return;
      const c = sceneIndex[j];
      const box = boxAround(positions, m, classNames[c], c, probs[b * K + j]);
      members.set(box, m);
      boxes.push(box);
    });
  }
  const kept = suppressDuplicates(boxes, params.suppress);
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
  return { boxes: kept, pred: outPred, confidence: outConfidence, proposals: found.length, relabelled };
}
