// The exported instance classifier against what PyTorch computed at export, and the whole box
// revision (proposals, tensors, boxes, relabelled points) against Python on a held-out scan and the
// segmenter's Python prediction of it.
import { readFileSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_PARAMS } from '../../src/core/geometry/instances';
import { classifyInstances, pointsRead, proposalBatches, proposals } from '../../src/core/ml/classifyInstances';
import { instanceEntry, validateManifest, type ModelEntry } from '../../src/core/ml/manifest';
import { PROPOSAL_FEATURES, floorHeight, writeProposalTensor } from '../../src/core/ml/proposalTensor';
import { configureEngine, loadModel, type ModelSession } from '../../src/inference/engine';
import { oneHot } from '../fixtures/seg/oneHot';
import { loadScene } from '../fixtures/seg/scene';
import { opTypes } from './onnxOps';

const root = new URL('../../', import.meta.url);
const fixtures = new URL('tests/fixtures/seg/', root);
const manifest = validateManifest(JSON.parse(readFileSync(new URL('models/manifest.json', root), 'utf8')));
const segmenter = manifest.models.find((m) => m.id === 'segmenter') as ModelEntry;
const contract = segmenter.instances!;
const onnxBytes = new Uint8Array(readFileSync(new URL(`models/${contract.file}`, root)));
const expected = JSON.parse(readFileSync(new URL('instances_expected.json', fixtures), 'utf8'));
const names = segmenter.classes.map((c) => c.name);
const params = { ...DEFAULT_INSTANCE_PARAMS, suppress: DEFAULT_INSTANCE_PARAMS.suppress! };

function fixtureScan() {
  const { cloud } = loadScene();
  const pred = Int32Array.from(new Uint8Array(readFileSync(new URL('segmenter_pred.bin', fixtures))));
  // the fixture's proposals grow from the prediction alone, as train_instances.py's do
  const scan = { positions: cloud.positions, colors: cloud.colors, pred, confidence: new Float32Array(pred.length), probabilities: oneHot(pred, names.length) };
  return { cloud, pred, scan };
}

describe('instance classifier manifest contract', () => {
  it("names the segmenter's object classes, then none, and the features the app writes", () => {
    expect(contract.classes).toEqual([...names.filter((n) => n !== 'wall' && n !== 'floor'), 'none']);
    expect(contract.features).toEqual([...PROPOSAL_FEATURES]);
    expect(contract.bytes).toBe(onnxBytes.length);
    expect(contract.relabelAt).toBeGreaterThan(0);
    const ops = opTypes(onnxBytes);
    expect(ops).toContain('ReduceMax');
    expect(ops).toContain('Softmax');
    expect(ops.some((op) => op.includes('MaxPool'))).toBe(false);
  });
});

describe('instances.onnx in onnxruntime-web (WASM) on a held-out scan', () => {
  let model: ModelSession;
  beforeAll(async () => {
    configureEngine({ numThreads: 1 });
    model = await loadModel(instanceEntry(segmenter), onnxBytes, ['wasm']);
  });

  it("proposes Python's proposals and writes Python's tensors", () => {
    const { cloud, scan } = fixtureScan();
    const found = proposals(scan, names, contract, params);
    expect(found.length).toBe(expected.proposals);
    expect(found.slice(0, 3)).toEqual(expected.first_members);
    expect(floorHeight(cloud.positions)).toBeCloseTo(expected.floor, 9);
    const F = PROPOSAL_FEATURES.length;
    const N = contract.points;
    found.slice(0, 3).forEach((m, k) => {
      const out = new Float32Array(F * N);
      writeProposalTensor(cloud.positions, cloud.colors, m, expected.floor, N, out, 0);
      const want = expected.first_tensors[k] as number[];
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out[i] - want[i]));
      expect(worst).toBeLessThan(1e-6);
    });
  });

  it("gives PyTorch's probabilities, boxes and relabelled points", async () => {
    const { scan } = fixtureScan();
    const seen: Float32Array[] = [];
    const run = async (input: Float32Array, dims: number[]) => {
      const out = await model.run(input, dims);
      seen.push(out);
      return out;
    };
    const out = await classifyInstances(scan, names, contract, run, params);
    // the runs come grouped by the points each proposal is read at: back into proposal order
    const K = contract.classes.length;
    const read = proposalBatches(proposals(scan, names, contract, params).map((m) => m.length), contract.points, contract.freePoints === true).flatMap((b) => b.proposals);
    const flat = seen.flatMap((a) => [...a]);
    const probs = new Array<number>(flat.length);
    read.forEach((i, r) => probs.splice(i * K, K, ...flat.slice(r * K, (r + 1) * K)));
    const want = (expected.probabilities as number[][]).flat();
    expect(probs.length).toBe(want.length);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(probs[i] - want[i]));
    expect(worst).toBeLessThan(1e-4);
    expect(out.boxes.map((b) => [b.label, b.points])).toEqual(expected.boxes.map((b: { label: string; points: number }) => [b.label, b.points]));
    out.boxes.forEach((b, i) => {
      expect(b.score).toBeCloseTo(expected.boxes[i].score, 4);
      for (let d = 0; d < 3; d++) expect(b.size[d]).toBeCloseTo(expected.boxes[i].size[d], 5);
    });
    expect(out.relabelled).toBe(expected.relabelled);
    expect(names.map((_, c) => out.pred.filter((p) => p === c).length)).toEqual(expected.relabelled_counts);
  });

  it("says its points axis is free, as the graph's input has it", async () => {
    const native = await ortNode.InferenceSession.create(onnxBytes);
    expect(native.inputMetadata[0]).toMatchObject({ name: contract.inputName, shape: ['batch', PROPOSAL_FEATURES.length, 'points'] });
    expect(contract.freePoints).toBe(true);
  });

  it("reads a proposal of fewer points than the contract's at each point once, with the same probabilities", async () => {
    const { cloud, scan } = fixtureScan();
    const F = PROPOSAL_FEATURES.length;
    const N = contract.points;
    const small = proposals(scan, names, contract, params).filter((m) => pointsRead(m.length, N) < N).slice(0, 8);
    expect(small.length).toBe(8);
    for (const m of small) {
      const n = pointsRead(m.length, N);
      expect(n).toBeGreaterThanOrEqual(m.length);
      const full = new Float32Array(F * N);
      const fewer = new Float32Array(F * n);
      writeProposalTensor(cloud.positions, cloud.colors, m, expected.floor, N, full, 0);
      writeProposalTensor(cloud.positions, cloud.colors, m, expected.floor, n, fewer, 0);
      const a = await model.run(full, [1, F, N]);
      const b = await model.run(fewer, [1, F, n]);
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-6);
    }
  });
});
