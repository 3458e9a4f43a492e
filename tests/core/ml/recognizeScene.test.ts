import { describe, expect, it } from 'vitest';
import { estimateLevelling, levelledPositions } from '../../../src/core/geometry/levelling';
import { DEFAULT_INSTANCE_PARAMS, findInstances } from '../../../src/core/geometry/instances';
import { changeUpAxis } from '../../../src/core/ml/preprocessObject';
import { positionsInModelFrame } from '../../../src/core/ml/sceneFrame';
import { estimateRecognition, recognitionCost, recognizeScene, type SceneUpdate } from '../../../src/core/ml/recognizeScene';
import { segmentScene } from '../../../src/core/ml/segmentScene';
import type { InstanceContract } from '../../../src/core/ml/manifest';
import { PROPOSAL_FEATURES } from '../../../src/core/ml/proposalTensor';
import { MODEL_RUN_FAILED, type RunModel } from '../../../src/core/ml/runModel';
import type { Mesh } from '../../../src/core/types';
import { loadScene } from '../../fixtures/seg/scene';
import { officeCorner } from '../../fixtures/seg/officeCorner';
import { CEILING_PRECISION, findCeiling } from '../../../src/core/geometry/ceiling';
import { entry, fakeRun } from './fakeSegmenter';

/** The fake segmenter with an instance classifier over its one object class. */
const withInstances = () => {
  const instances: InstanceContract = {
    file: 'none.onnx',
    bytes: 1,
    inputName: 'proposals',
    outputName: 'probabilities',
    points: 16,
    features: [...PROPOSAL_FEATURES],
    classes: ['chair', 'none'],
    proposals: { agnostic: false, voxels: [0.1] },
    relabelAt: 0.5,
  };
  return { ...entry(), instances };
};

/** An instance classifier that is 0.8 sure that every proposal is a chair. */
const chairs: RunModel = async (_input, dims) => new Float32Array(dims[0] * 2).map((_, k) => (k % 2 ? 0.2 : 0.8));

describe('recognizeScene', () => {
  const { cloud } = loadScene();
  const P = cloud.positions.length / 3;

  it('streams updates that, applied in order, give exactly the final classes and confidences', async () => {
    const updates: SceneUpdate[] = [];
    const result = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z', updateEveryMs: 0, onUpdate: (u) => updates.push(u) });
    const pred = new Int32Array(P).fill(-1);
    const confidence = new Float32Array(P);
    for (const u of updates) {
      expect(u.pred.length).toBe(u.points.length);
      u.points.forEach((p, k) => {
        pred[p] = u.pred[k];
        confidence[p] = u.confidence[k];
      });
    }
    expect(pred).toEqual(result.pred);
    expect(confidence).toEqual(result.confidence);
    expect(updates.at(-1)!.done).toBe(updates.at(-1)!.total);
    // boxes so far ride along a few times, never with the last batch (the result has them)
    const withBoxes = updates.filter((u) => u.boxes);
    expect(withBoxes.length).toBeGreaterThan(0);
    expect(withBoxes.length).toBeLessThanOrEqual(4);
    expect(updates.at(-1)!.boxes).toBeUndefined();
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(P);
    expect(result.upAxis).toBe('z');
  });

  it('gives what the block pipeline gives, with class counts', async () => {
    const direct = await segmentScene(cloud, entry(), fakeRun('BCN'));
    const result = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z' });
    expect(result.pred).toEqual(direct.pred);
    expect(result.boxes).toEqual(direct.boxes);
    expect(result.ceilings).toBeUndefined();
    // the model's two classes, then the ceiling, which this scan does not reach
    expect(result.counts).toEqual([0, 1, 2].map((c) => direct.pred.filter((p) => p === c).length));
  });

  it("names the ceiling the geometry finds, sure as the rule is, streams it so, and draws no box around it", async () => {
    const office = await officeCorner();
    const n = office.positions.length / 3;
    const updates: SceneUpdate[] = [];
    const result = await recognizeScene(office, entry(), fakeRun('BCN'), { upAxis: 'z', updateEveryMs: 0, boxUpdates: 8, onUpdate: (u) => updates.push(u) });
    // the stand-in model does not level its input, so the ceiling is found in the file's axes
    const ceiling = findCeiling(office.positions)!;
    const CEILING = entry().classes.length;
    for (let i = 0; i < n; i++) {
      expect(result.pred[i] === CEILING).toBe(ceiling.points[i] === 1);
      if (ceiling.points[i]) expect(result.confidence[i]).toBeCloseTo(CEILING_PRECISION, 6);
    }
    expect(result.counts[CEILING]).toBe(ceiling.count);
    expect(result.ceilings).toEqual([ceiling.height]);
    const streamed = new Int32Array(n).fill(-1);
    for (const u of updates) u.points.forEach((p, k) => (streamed[p] = u.pred[k]));
    expect(streamed).toEqual(result.pred);
    for (const boxes of [result.boxes, ...updates.map((u) => u.boxes ?? [])]) expect(boxes.filter((b) => b.label === 'ceiling')).toEqual([]);
    expect(result.boxes.length).toBeGreaterThan(0);
  });

  it('estimates a scan at the samples its recognition runs, so that the cost a run took a sample gives that run its time again', async () => {
    const yUp = { ...cloud, positions: cloud.positions.slice() };
    changeUpAxis(yUp.positions, 'z', 'y');
    const run = await recognizeScene(yUp, entry(), fakeRun('BCN'), { upAxis: 'y' });
    const estimate = estimateRecognition(positionsInModelFrame(yUp.positions, 'y', entry().input.upAxis), entry(), run.ms / recognitionCost(run.samples));
    expect(estimate.samples).toBe(run.samples);
    expect(estimate.seconds * 1000).toBeCloseTo(run.ms, 6);
    // twice the samples cost more than twice less the fixed part: the fixed part is what a small scan pays whatever its size
    expect(recognitionCost(2 * run.samples)).toBeLessThan(2 * recognitionCost(run.samples));
  });

  it('segments a Y-up copy of the scan the same, with its boxes in the Y-up frame', async () => {
    const zUp = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z' });
    const positions = cloud.positions.slice();
    changeUpAxis(positions, 'z', 'y');
    const yUp = await recognizeScene({ ...cloud, positions }, entry(), fakeRun('BCN'), { upAxis: 'y' });
    expect(yUp.pred).toEqual(zUp.pred);
    expect(yUp.boxes.length).toBe(zUp.boxes.length);
    yUp.boxes.forEach((b, i) => {
      const z = zUp.boxes[i];
      expect(b.size[1]).toBeCloseTo(z.size[2], 5);
      expect(b.size[2]).toBeCloseTo(z.size[1], 5);
      expect(b.center[1]).toBeCloseTo(z.center[2], 5);
    });
  });

  it('levels the network’s input where the model says so, and finds the boxes in the file’s own axes', async () => {
    // the fixture scan leaning 8° about a horizontal axis, as a scan whose tracking drifted
    const [s, c] = [Math.sin((8 * Math.PI) / 180), Math.cos((8 * Math.PI) / 180)];
    const leaning = cloud.positions.slice();
    for (let i = 0; i < leaning.length; i += 3) [leaning[i], leaning[i + 2]] = [c * leaning[i] + s * leaning[i + 2], -s * leaning[i] + c * leaning[i + 2]];
    const scan = { ...cloud, positions: leaning };
    const levelling = estimateLevelling(leaning);
    const levelEntry = entry();
    levelEntry.input.level = true;
    const result = await recognizeScene(scan, levelEntry, fakeRun('BCN'), { upAxis: 'z' });
    expect(result.levelling?.levelled).toBe(true);
    expect(result.levelling?.lean).toBeCloseTo(levelling.lean, 9);
    expect(Math.abs(result.levelling!.lean - 8)).toBeLessThan(1.5); // the scan itself leans 0.6-1° by its floor
    const onLevelled = await segmentScene({ ...scan, positions: levelledPositions(leaning, levelling) }, entry(), fakeRun('BCN'));
    expect(result.pred).toEqual(onLevelled.pred);
    const names = levelEntry.classes.map((k) => k.name);
    expect(result.boxes).toEqual(findInstances(leaning, result.pred, result.confidence, names, DEFAULT_INSTANCE_PARAMS));
    // a model that does not level sees the scan as it leans
    const plain = await recognizeScene(scan, entry(), fakeRun('BCN'), { upAxis: 'z' });
    expect(plain.levelling).toBeUndefined();
    expect(plain.pred).toEqual((await segmentScene(scan, entry(), fakeRun('BCN'))).pred);
    expect(plain.pred).not.toEqual(result.pred);
  });

  it('segments a mesh at its vertices', async () => {
    const mesh: Mesh = { kind: 'mesh', positions: cloud.positions, colors: cloud.colors, indices: Uint32Array.of(0, 1, 2), faceCount: 1, groups: [], fields: {} };
    const result = await recognizeScene(mesh, entry(), fakeRun('BCN'), { upAxis: 'z' });
    expect(result.pred.length).toBe(P);
  });

  it('stops with an AbortError when its signal fires', async () => {
    const abort = new AbortController();
    const run = recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z', updateEveryMs: 0, signal: abort.signal, onUpdate: () => abort.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the boxes with the instance classifier where the entry has one', async () => {
    const result = await recognizeScene(cloud, withInstances(), fakeRun('BCN'), { upAxis: 'z', runInstances: chairs });
    expect(result.instanceClassifier!.proposals).toBeGreaterThan(0);
    expect(result.instanceClassifierError).toBeUndefined();
    expect(result.boxes.length).toBeGreaterThan(0);
    for (const box of result.boxes) {
      expect(box.label).toBe('chair');
      expect(box.score).toBeCloseTo(0.8, 6);
    }
  });

  it("keeps the segmenter's own boxes and says why, where the instance classifier fails", async () => {
    const plain = await recognizeScene(cloud, entry(), fakeRun('BCN'), { upAxis: 'z' });
    const broken: RunModel = async () => {
      throw new Error('instances.onnx is not an ONNX model');
    };
    const result = await recognizeScene(cloud, withInstances(), fakeRun('BCN'), { upAxis: 'z', runInstances: broken });
    expect(result.instanceClassifierError).toBe('instances.onnx is not an ONNX model');
    expect(result.instanceClassifier).toBeUndefined();
    expect(result.pred).toEqual(plain.pred);
    expect(result.boxes).toEqual(plain.boxes);
    expect(result.boxes.length).toBeGreaterThan(0);
  });

  it("fails with the runtime where the instance classifier's runtime breaks, so that its owner can start afresh", async () => {
    const crashed: RunModel = async () => {
      throw Object.assign(new Error('memory access out of bounds'), { name: MODEL_RUN_FAILED });
    };
    const run = recognizeScene(cloud, withInstances(), fakeRun('BCN'), { upAxis: 'z', runInstances: crashed });
    await expect(run).rejects.toMatchObject({ name: MODEL_RUN_FAILED, message: 'memory access out of bounds' });
  });

  it('stops with an AbortError when its signal fires while the instance classifier runs', async () => {
    const abort = new AbortController();
    const cancelled: RunModel = async (input, dims) => {
      abort.abort();
      return chairs(input, dims);
    };
    const run = recognizeScene(cloud, withInstances(), fakeRun('BCN'), { upAxis: 'z', signal: abort.signal, runInstances: cancelled });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
