// The exported classifier against what PyTorch computed at export, plus its manifest contract.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateManifest, type ModelEntry } from '../../src/core/ml/manifest';
import { classifyObject } from '../../src/core/ml/classifyObject';
import { meanSoftmax } from '../../src/core/ml/postprocess';
import type { RunModel } from '../../src/core/ml/runModel';
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
      expect(c.test).toBeGreaterThanOrEqual(5);
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

  it('gives the probabilities PyTorch computed, to 1e-4, in one batch', async () => {
    const n = entry.input.points;
    const cases = parity.cases as Array<{ points: number[][]; probabilities: number[] }>;
    const data = new Float32Array(cases.length * 3 * n);
    cases.forEach((c, b) => {
      c.points.forEach((p, i) => {
        for (let k = 0; k < 3; k++) data[b * 3 * n + k * n + i] = p[k];
      });
    });
    const out = await session.run({ [entry.input.inputName]: new ort.Tensor('float32', data, [cases.length, 3, n]) });
    const logits = out[entry.input.outputName];
    const classes = entry.classes.length;
    expect(logits.dims).toEqual([cases.length, classes]);
    cases.forEach((c, b) => {
      const probs = meanSoftmax((logits.data as Float32Array).subarray(b * classes, (b + 1) * classes), 1);
      let maxErr = 0;
      probs.forEach((p, j) => (maxErr = Math.max(maxErr, Math.abs(p - c.probabilities[j]))));
      expect(maxErr).toBeLessThan(1e-4);
    });
  });

  it('votes over the manifest\'s views through the app\'s own pipeline, as PyTorch did', async () => {
    expect(entry.input.views ?? 1).toBe(parity.views);
    const run: RunModel = async (data, dims) => {
      const out = await session.run({ [entry.input.inputName]: new ort.Tensor('float32', data, dims) });
      return out[entry.input.outputName].data as Float32Array;
    };
    for (const c of parity.cases as Array<{ points: number[][]; voted: number[] }>) {
      // exactly `points` points, so the pipeline's sampling keeps them all, in order
      const positions = Float32Array.from(c.points.flat());
      const result = await classifyObject({ kind: 'points', positions, fields: {} }, entry, run, { upAxis: entry.input.upAxis });
      let maxErr = 0;
      result.probabilities.forEach((p, j) => (maxErr = Math.max(maxErr, Math.abs(p - c.voted[j]))));
      expect(maxErr).toBeLessThan(1e-4);
    }
  });
});
