// The exported scene segmenter against what PyTorch computed at export, and the whole scene pipeline
// against the metrics Python measured on the same held-out scan with the same parameters.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_FEATURES } from '../../src/core/geometry/blocks';
import { DEFAULT_INSTANCE_PARAMS } from '../../src/core/geometry/instances';
import { validateManifest, type ModelEntry } from '../../src/core/ml/manifest';
import { boxAP, confusionMatrix, segmentationScores } from '../../src/core/ml/metrics';
import { scannet20FromNyu40 } from '../../src/core/ml/scannetLabels';
import { segmentScene } from '../../src/core/ml/segmentScene';
import { configureEngine, loadModel, type ModelSession } from '../../src/inference/engine';
import { loadScene } from '../fixtures/seg/scene';
import { opTypes } from './onnxOps';

const root = new URL('../../', import.meta.url);
const fixtures = new URL('tests/fixtures/seg/', root);
const manifest = validateManifest(JSON.parse(readFileSync(new URL('models/manifest.json', root), 'utf8')));
const entry = manifest.models.find((m) => m.id === 'segmenter') as ModelEntry;
const onnxBytes = new Uint8Array(readFileSync(new URL(`models/${entry.file}`, root)));
const expected = JSON.parse(readFileSync(new URL('segmenter_expected.json', fixtures), 'utf8'));

describe('segmenter manifest entry', () => {
  it('states the contract the scene pipeline feeds', () => {
    expect(entry.task).toBe('semantic-segmentation');
    // the pipeline feeds the first 9 features (place and colour) or all of them (with the local shape)
    expect([9, BLOCK_FEATURES.length]).toContain(entry.input.features.length);
    expect(entry.input).toMatchObject({
      features: BLOCK_FEATURES.slice(0, entry.input.features.length),
      layout: 'BCN',
      normalization: 'block',
      upAxis: 'z',
      block: { size: 1.5, stride: 0.75 },
    });
    expect(entry.output?.layout).toBe('BNC');
    expect(entry.bytes).toBe(onnxBytes.length);
    expect(entry.bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('pools with ReduceMax, not MaxPool (which onnxruntime-web cannot place on WebGPU)', () => {
    const ops = opTypes(onnxBytes);
    expect(ops).toContain('ReduceMax');
    expect(ops.some((op) => op.includes('MaxPool'))).toBe(false);
  });

  it("lists ScanNet's 20 classes with distinct colours and point counts", () => {
    expect(entry.classes).toHaveLength(20);
    expect(entry.classes[0].name).toBe('wall');
    expect(entry.classes[19].name).toBe('otherfurniture');
    expect(new Set(entry.classes.map((c) => c.color.join())).size).toBe(20);
    for (const c of entry.classes) {
      expect(Number.isInteger(c.train) && c.train! >= 0).toBe(true);
      expect(Number.isInteger(c.test) && c.test! >= 0).toBe(true);
    }
    // structure dominates every indoor scan
    const train = entry.classes.map((c) => c.train!);
    expect(Math.max(...train)).toBe(train[0]);
  });

  it('measured its boxes with the parameters the app uses, and keeps its confusion matrix', () => {
    expect(entry.metrics.boxes).toEqual(DEFAULT_INSTANCE_PARAMS);
    for (const k of ['oa', 'miou', 'per_class_iou', 'ap25', 'ap50', 'per_class_ap50', 'test_rooms', 's3dis']) expect(entry.metrics).toHaveProperty(k);
    const conf = JSON.parse(readFileSync(new URL(`models/${entry.artifacts?.confusion}`, root), 'utf8'));
    const cm = Float64Array.from((conf.scannet_test as number[][]).flat());
    expect(segmentationScores(cm, 20).oa).toBeCloseTo(entry.metrics.oa as number, 4);
  });
});

describe('segmenter.onnx in onnxruntime-web (WASM)', () => {
  let model: ModelSession;
  beforeAll(async () => {
    configureEngine({ numThreads: 1 });
    model = await loadModel(entry, onnxBytes, ['wasm']);
  });

  it('gives the class probabilities PyTorch recorded for a real block, to 1e-4', async () => {
    const bytes = readFileSync(new URL('segmenter_block.bin', fixtures));
    const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const inputLength = expected.block_input.reduce((a: number, b: number) => a * b, 1);
    const probabilities = await model.run(floats.subarray(0, inputLength), expected.block_input);
    const want = floats.subarray(inputLength);
    expect(probabilities.length).toBe(want.length);
    let worst = 0;
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(probabilities[i] - want[i]));
    expect(worst).toBeLessThan(1e-4);
  });

  it('segments a held-out scan as Python measured it', async () => {
    const { cloud, nyu40, meta } = loadScene();
    const result = await segmentScene(cloud, entry, model.run, { seed: expected.seed });
    const pyPred = new Uint8Array(readFileSync(new URL('segmenter_pred.bin', fixtures)));
    let same = 0;
    for (let i = 0; i < pyPred.length; i++) if (pyPred[i] === result.pred[i]) same++;
    expect(same / pyPred.length).toBeGreaterThan(0.999);

    const truth = scannet20FromNyu40(nyu40);
    const s = segmentationScores(confusionMatrix(truth, result.pred, 20), 20);
    expect(Math.abs(s.oa - expected.oa)).toBeLessThan(1e-3);
    expect(Math.abs(s.miou - expected.miou)).toBeLessThan(2e-3);
    const ap = boxAP([{ pred: result.boxes, truth: meta.truth_boxes }], 20);
    expect(Math.abs(ap.map - expected.map25)).toBeLessThan(0.02);
    expect(result.boxes.every((b) => b.label !== 'wall' && b.label !== 'floor')).toBe(true);
  });
});
