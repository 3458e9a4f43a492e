import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_PARAMS } from '../../../src/core/geometry/instances';
import { PROPOSAL_BATCH, classifyInstances, pointsRead, proposalBatches, proposals } from '../../../src/core/ml/classifyInstances';
import type { InstanceContract } from '../../../src/core/ml/manifest';
import { PROPOSAL_FEATURES } from '../../../src/core/ml/proposalTensor';
import type { RunModel } from '../../../src/core/ml/runModel';
import { oneHot } from '../../fixtures/seg/oneHot';

const NAMES = ['wall', 'floor', 'chair', 'table'];
const contract: InstanceContract = {
  file: 'instances.onnx',
  bytes: 1,
  inputName: 'proposals',
  outputName: 'probabilities',
  points: 16,
  features: [...PROPOSAL_FEATURES],
  classes: ['chair', 'table', 'none'],
  proposals: { agnostic: false, voxels: [0.1] },
  relabelAt: 0.5,
};
const params = { ...DEFAULT_INSTANCE_PARAMS, suppress: DEFAULT_INSTANCE_PARAMS.suppress! };

/** A floor, a 0.4 m cube of 64 points at x = 0 and a 1.2 m wide slab of 64 points at x = 3, 0.7 m up. */
function scene() {
  const pts: number[] = [];
  const pred: number[] = [];
  for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) (pts.push(i * 0.25, j * 0.25, 0), pred.push(1));
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) (pts.push(i * 0.1, j * 0.1, 0.1 + k * 0.1), pred.push(3));
  for (let i = 0; i < 16; i++) for (let j = 0; j < 4; j++) (pts.push(3 + i * 0.08, j * 0.08, 0.7), pred.push(2));
  const p = Int32Array.from(pred);
  return { positions: Float32Array.from(pts), pred: p, confidence: new Float32Array(pred.length).fill(0.6), probabilities: oneHot(p, NAMES.length) };
}

/** Says "table" for a proposal wider than 1 m, "chair" otherwise; `sure` is the winning probability. */
function bySize(sure: number, seen: number[][] = []): RunModel {
  return async (input, dims) => {
    const [B, F, N] = dims;
    expect(F).toBe(PROPOSAL_FEATURES.length);
    const out = new Float32Array(B * 3);
    for (let b = 0; b < B; b++) {
      const x = input.subarray(b * F * N, b * F * N + N);
      seen.push([...input.subarray(b * F * N + 6 * N, b * F * N + 7 * N)]);
      const wide = Math.max(...x) - Math.min(...x) > 1;
      out.set(wide ? [(1 - sure) / 2, sure, (1 - sure) / 2] : [sure, (1 - sure) / 2, (1 - sure) / 2], b * 3);
    }
    return out;
  };
}

describe('classifyInstances', () => {
  it('proposes the components of each boxed class, never of wall or floor', () => {
    const found = proposals(scene(), NAMES, contract, params);
    expect(found.map((m) => m.length)).toEqual([64, 64]);
    const both = proposals(scene(), NAMES, { ...contract, proposals: { agnostic: true, voxels: [0.1, 0.2] } }, params);
    // each voxel size: the two one-class components, then the two components of any object
    expect(both.length).toBe(8);
  });

  it("proposes the over-segmentation's object pieces and their merges where the contract asks, never the floor", () => {
    const input = scene();
    const pieces = { k: 0.05, minCells: 5, colourWeight: 0, maxDifference: 0.5, maxExtent: 3.5 };
    const found = proposals(input, NAMES, { ...contract, proposals: { agnostic: false, voxels: [], pieces } }, { ...params, minPoints: 10 });
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const m of found) {
      expect(m.length).toBeGreaterThanOrEqual(10);
      expect(m.filter((p) => input.pred[p] === 1).length).toBeLessThan(0.1 * m.length);
    }
    // the cube and the slab are each proposed whole
    for (const cls of [3, 2]) {
      const object = [...input.pred.keys()].filter((p) => input.pred[p] === cls);
      expect(found.some((m) => object.every((p) => m.includes(p)))).toBe(true);
    }
  });

  it('names each box by the classifier, scores it by its probability, and relabels its points', async () => {
    const input = scene();
    const { pred } = input;
    const seen: number[][] = [];
    const out = await classifyInstances(input, NAMES, contract, bySize(0.9, seen), params);
    // in the order of the segmenter's classes: its "chair" (the slab), then its "table" (the cube)
    expect(out.boxes.map((b) => [b.label, b.points])).toEqual([
      ['table', 64],
      ['chair', 64],
    ]);
    expect(out.boxes[0].score).toBeCloseTo(0.9, 6);
    // the segmenter had them the other way round: every object point changes class
    expect(out.relabelled).toBe(128);
    expect(out.pred.filter((c) => c === 2).length).toBe(64);
    expect(out.confidence[400]).toBeCloseTo(0.9, 6);
    expect(pred[400]).toBe(3); // the input is not touched
    // heights above the floor (z = 0): the cube from 0.1 m, the slab at 0.7 m
    expect(seen[0].every((z) => Math.abs(z - 0.7) < 1e-6)).toBe(true);
    expect(Math.min(...seen[1])).toBeCloseTo(0.1, 6);
  });

  it('keeps the segmentation where the classifier is not sure enough', async () => {
    const input = scene();
    const { pred } = input;
    const out = await classifyInstances(input, NAMES, contract, bySize(0.4), params);
    expect(out.boxes.map((b) => b.label)).toEqual(['table', 'chair']);
    expect(out.relabelled).toBe(0);
    expect(out.pred).toEqual(pred);
  });

  it('makes no box of a proposal it is surer is no object than any object', async () => {
    const input = scene();
    const { pred } = input;
    // the slab (wider than 1 m) is "none" at 0.5 against "table" at 0.3
    const noneForWide: RunModel = async (input, dims) => {
      const [B, F, N] = dims;
      const out = new Float32Array(B * 3);
      for (let b = 0; b < B; b++) {
        const x = input.subarray(b * F * N, b * F * N + N);
        out.set(Math.max(...x) - Math.min(...x) > 1 ? [0.2, 0.3, 0.5] : [0.9, 0.05, 0.05], b * 3);
      }
      return out;
    };
    const out = await classifyInstances(input, NAMES, contract, noneForWide, params);
    expect(out.boxes.map((b) => b.label)).toEqual(['chair']);
    expect(out.pred.filter((c, p) => c !== pred[p]).length).toBe(64);
  });

  it('refuses an answer of the wrong size', async () => {
    const input = scene();
    const short: RunModel = async () => new Float32Array(2);
    await expect(classifyInstances(input, NAMES, contract, short, params)).rejects.toThrow(/gave 2 numbers for 2 proposals of 3 classes/);
  });

  it("reads a proposal at a multiple of 32 points that holds all of them, at most the contract's", () => {
    expect([1, 20, 32, 33, 100, 255, 256, 257, 5000].map((m) => pointsRead(m, 256))).toEqual([32, 32, 32, 64, 128, 256, 256, 256, 256]);
    expect(pointsRead(100, 16)).toBe(16);
  });

  it('runs each proposal once, grouped by the points it is read at, about a full batch of points a run', () => {
    const sizes = [300, 10, 40, 600, 70, 31, ...Array.from({ length: 100 }, () => 50)];
    const batches = proposalBatches(sizes, 256, true);
    expect(batches.flatMap((b) => b.proposals).sort((x, y) => x - y)).toEqual(sizes.map((_, i) => i));
    for (const b of batches) {
      for (const i of b.proposals) expect(b.points).toBe(pointsRead(sizes[i], 256));
      expect(b.proposals.length * b.points).toBeLessThanOrEqual(PROPOSAL_BATCH * 256);
      // within a group, in the order they were proposed
      expect([...b.proposals].sort((x, y) => x - y)).toEqual(b.proposals);
    }
    // the 101 proposals of 33-64 points: 128 fit a run, so one run holds them all
    expect(batches.filter((b) => b.points === 64).map((b) => b.proposals.length)).toEqual([101]);
  });

  it("reads every proposal at the contract's points where the graph's points axis is not free", async () => {
    const sizes = [300, 10, 40, 600, 70, 31];
    expect(proposalBatches(sizes, 256, false)).toEqual([{ points: 256, proposals: [0, 1, 2, 3, 4, 5] }]);
    // the contract without freePoints, as a models folder exported before it: every run at its 16 points
    const seen: number[] = [];
    const sizesRun: RunModel = async (input, dims) => {
      seen.push(dims[2]);
      return bySize(0.9)(input, dims);
    };
    await classifyInstances(scene(), NAMES, contract, sizesRun, params);
    await classifyInstances(scene(), NAMES, { ...contract, points: 256, freePoints: true }, sizesRun, params);
    // the two 64-point proposals: at the contract's 16, then at 64 once each where the axis is free
    expect(seen).toEqual([16, 64]);
  });
});
