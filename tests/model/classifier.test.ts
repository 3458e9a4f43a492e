// The exported classifier against what PyTorch computed at export, plus its manifest contract.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateManifest, type ModelEntry } from '../../src/core/ml/manifest';
import { classifyObject } from '../../src/core/ml/classifyObject';
import { parseShapeBank } from '../../src/core/ml/nearestShapes';
import { logRatios, PROPORTION_RATIOS } from '../../src/core/ml/proportions';
import type { RunModelOutputs } from '../../src/core/ml/runModel';
import { asFloats } from '../../src/inference/engine';
import { opTypes } from './onnxOps';

const root = new URL('../../', import.meta.url);
const manifest = validateManifest(JSON.parse(readFileSync(new URL('models/manifest.json', root), 'utf8')));
const entry = manifest.models.find((m) => m.id === 'classifier') as ModelEntry;
const onnxBytes = readFileSync(new URL(`models/${entry.file}`, root));
const parity = JSON.parse(readFileSync(new URL('tests/fixtures/ml/classifier_parity.json', root), 'utf8'));

describe('classifier manifest entry', () => {
  it('is a classification model with the contract the app feeds', () => {
    expect(entry.task).toBe('classification');
    expect(entry.input).toMatchObject({ points: 1024, features: ['x', 'y', 'z'], layout: 'BCN', normalization: 'unit-sphere', upAxis: 'y', inputName: 'points', outputName: 'logits' });
    expect(entry.bytes).toBe(onnxBytes.length);
    expect(entry.bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
  });

  it('names each class once, with distinct colours and train/test counts', () => {
    const names = entry.classes.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(entry.classes.map((c) => c.color.join(','))).size).toBe(names.length);
    for (const c of entry.classes) {
      expect(c.test).toBeGreaterThanOrEqual(4);
      expect(c.train).toBeGreaterThan(0);
    }
    expect(parity.classes).toEqual(names);
  });

  it('carries held-out metrics and its confusion matrix', () => {
    for (const k of ['oa', 'macc', 'per_source', 'per_class']) expect(entry.metrics).toHaveProperty(k);
    const conf = JSON.parse(readFileSync(new URL(`models/${entry.artifacts?.confusion}`, root), 'utf8'));
    expect(conf.classes).toEqual(entry.classes.map((c) => c.name));
    const total = conf.matrix.flat().reduce((a: number, b: number) => a + b, 0);
    expect(total).toBe(entry.metrics.test_shapes);
  });

  it('carries the temperature, the reliability diagram and the open-set threshold chosen on validation', () => {
    expect(entry.calibration!.temperature).toBeGreaterThan(0);
    const { before, after } = entry.calibration!.reliability!;
    const testShapes = entry.metrics.test_shapes as number;
    for (const bins of [before, after]) expect(bins.reduce((a, b) => a + b.count, 0)).toBe(testShapes);
    expect(entry.openSet).toMatchObject({ score: expect.any(String), outputName: 'ood_distance', threshold: expect.any(Number) });
    const test = (entry.metrics.open_set as { test: Record<string, number> }).test;
    for (const k of ['auroc', 'fpr_at_95_tpr', 'unknown_flagged', 'known_flagged', 'accuracy_on_accepted_known']) expect(test[k]).toBeTypeOf('number');
  });
});

describe('classifier.onnx', () => {
  let session: ort.InferenceSession;
  beforeAll(async () => {
    ort.env.wasm.numThreads = 1;
    session = await ort.InferenceSession.create(onnxBytes, { executionProviders: ['wasm'] });
  });

  it('pools with ReduceMax, never MaxPool', () => {
    const ops = opTypes(onnxBytes);
    expect(ops).toContain('ReduceMax');
    expect(ops.some((op) => op.includes('MaxPool'))).toBe(false);
  });

  it('gives the logits, global feature and open-set distance PyTorch computed, in one batch', async () => {
    expect(session.outputNames).toEqual([
      entry.input.outputName,
      'feature',
      entry.openSet!.outputName,
      entry.explain!.critical,
      entry.explain!.pointFeatures,
      entry.openSet!.neighbours!.outputName,
    ]);
    const n = entry.input.points;
    const cases = parity.cases as Array<{ points: number[][]; logits: number[]; feature: number[]; distance: number }>;
    const data = new Float32Array(cases.length * 3 * n);
    cases.forEach((c, b) => {
      c.points.forEach((p, i) => {
        for (let k = 0; k < 3; k++) data[b * 3 * n + k * n + i] = p[k];
      });
    });
    const out = await session.run({ [entry.input.inputName]: new ort.Tensor('float32', data, [cases.length, 3, n]) });
    const classes = entry.classes.length;
    const logits = out[entry.input.outputName];
    const feature = out.feature;
    const width = cases[0].feature.length;
    expect(logits.dims).toEqual([cases.length, classes]);
    expect(feature.dims).toEqual([cases.length, width]);
    expect(out[entry.openSet!.outputName].dims).toEqual([cases.length]);
    const distance = out[entry.openSet!.outputName].data as Float32Array;
    cases.forEach((c, b) => {
      const l = (logits.data as Float32Array).subarray(b * classes, (b + 1) * classes);
      const f = (feature.data as Float32Array).subarray(b * width, (b + 1) * width);
      c.logits.forEach((v, j) => expect(Math.abs(l[j] - v)).toBeLessThan(1e-4));
      c.feature.forEach((v, j) => expect(Math.abs(f[j] - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
      expect(Math.abs(distance[b] - c.distance)).toBeLessThan(1e-4 * Math.max(1, Math.abs(c.distance)));
    });
  });

  it('gives PyTorch\'s calibrated votes, open-set score, proportions and unknown decision (and why) through the app\'s own pipeline', async () => {
    expect(entry.input.views ?? 1).toBe(parity.views);
    const run: RunModelOutputs = async (data, dims) => {
      const out = await session.run({ [entry.input.inputName]: new ort.Tensor('float32', data, dims) });
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, asFloats(t.data)]));
    };
    const cases = parity.cases as Array<{ points: number[][]; voted: number[]; ood_score: number; log_ratios: number[]; unknown: boolean; unknown_because: string[] }>;
    // the fixture holds shapes on both sides of the threshold
    expect(new Set(cases.map((c) => c.unknown))).toEqual(new Set([true, false]));
    // and one the proportions alone call unknown
    expect(cases.some((c) => c.unknown_because.join() === 'proportions')).toBe(true);
    for (const c of cases) {
      // exactly `points` points, so the pipeline's sampling keeps them all, in order
      const positions = Float32Array.from(c.points.flat());
      const result = await classifyObject({ kind: 'points', positions, fields: {} }, entry, run, { upAxis: entry.input.upAxis });
      result.probabilities.forEach((p, j) => expect(Math.abs(p - c.voted[j])).toBeLessThan(1e-4));
      expect(Math.abs(result.oodScore! - c.ood_score)).toBeLessThan(1e-3 * Math.max(1, Math.abs(c.ood_score)));
      const ratios = logRatios(positions);
      PROPORTION_RATIOS.forEach((r, k) => expect(ratios[r]).toBeCloseTo(c.log_ratios[k], 4));
      expect(result.unknown).toBe(c.unknown);
      expect(result.unknownBecause ?? []).toEqual(c.unknown_because);
    }
  });
  it("gives every bank row's similarity: PyTorch's nearest rows, the nearest at the open-set distance, named from the bank's file", async () => {
    const neighbours = entry.openSet!.neighbours!;
    const bankText = readFileSync(new URL(`models/${neighbours.file}`, root), 'utf8');
    expect(Buffer.byteLength(bankText)).toBe(neighbours.bytes);
    const bank = parseShapeBank(bankText, neighbours);
    expect(bank.views).toBe(entry.input.views ?? 1);
    const run: RunModelOutputs = async (data, dims) => {
      const out = await session.run({ [entry.input.inputName]: new ort.Tensor('float32', data, dims) });
      expect(out[neighbours.outputName].dims).toEqual([dims[0], neighbours.rows]);
      return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, asFloats(t.data)]));
    };
    const cases = parity.cases as Array<{ points: number[][]; distance: number; nearest: Array<{ row: number; distance: number }> }>;
    for (const c of cases) {
      const positions = Float32Array.from(c.points.flat());
      const result = await classifyObject({ kind: 'points', positions, fields: {} }, entry, run, { upAxis: entry.input.upAxis, bank });
      expect(result.nearest!.map((n) => n.row)).toEqual(c.nearest.map((n) => n.row));
      result.nearest!.forEach((n, i) => {
        expect(Math.abs(n.distance - c.nearest[i].distance)).toBeLessThan(1e-4);
        expect(n).toMatchObject({ class: bank.rows[n.row].class, source: bank.rows[n.row].source, shape: bank.rows[n.row].shape });
      });
      expect(Math.abs(result.nearest![0].distance - result.oodScore!)).toBeLessThan(1e-6);
    }
  });
});
