// The classifier's outputs for looking inside it: the critical points against the torch network
// (tests/fixtures/ml/classifier_parity.json, `critical`), and what the critical set and the
// upper-bound shape promise, checked by running the model again on the points they name.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateManifest, type ModelEntry } from '../../src/core/ml/manifest';
import { classifyObject } from '../../src/core/ml/classifyObject';
import { criticalIndices } from '../../src/core/ml/explain/criticalPoints';
import { upperBoundShape } from '../../src/core/ml/explain/upperBound';
import { nearestNeighbours, pointSaliency } from '../../src/core/ml/explain/saliency';
import { probeObject } from '../../src/core/ml/explain/probes';
import { headEntry } from '../../src/core/ml/manifest';
import { meanSoftmax } from '../../src/core/ml/postprocess';
import type { RunModel } from '../../src/core/ml/runModel';
import { objectTensor } from '../../src/core/ml/preprocessObject';
import type { RunModelOutputs } from '../../src/core/ml/runModel';
import { asFloats } from '../../src/inference/engine';
import { parseFiles } from '../../src/core/io';
import type { Geometry } from '../../src/core/types';

const root = new URL('../../', import.meta.url);
const manifest = validateManifest(JSON.parse(readFileSync(new URL('models/manifest.json', root), 'utf8')));
const entry = manifest.models.find((m) => m.id === 'classifier') as ModelEntry;
const explain = entry.explain!;
const parity = JSON.parse(readFileSync(new URL('tests/fixtures/ml/classifier_parity.json', root), 'utf8'));
type Case = { key: string; points: number[][]; critical: number[]; feature: number[] };
const cases = parity.cases as Case[];

let session: ort.InferenceSession;
let head: ort.InferenceSession;
const runHead: RunModel = async (data, dims) => {
  const h = headEntry(entry);
  const out = await head.run({ [h.input.inputName]: new ort.Tensor('float32', data, dims) });
  return out[h.input.outputName].data as Float32Array;
};
const run: RunModelOutputs = async (data, dims, outputs) => {
  const feeds = { [entry.input.inputName]: new ort.Tensor('float32', data, dims) };
  const out = outputs ? await session.run(feeds, outputs) : await session.run(feeds);
  return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, asFloats(t.data)]));
};

/** One cloud [n][3] as a [1, 3, n] tensor. */
function bcn(points: ArrayLike<number>[]): Float32Array {
  const n = points.length;
  const data = new Float32Array(3 * n);
  points.forEach((p, i) => {
    for (let k = 0; k < 3; k++) data[k * n + i] = p[k];
  });
  return data;
}

const packedRows = (packed: Float32Array) => Array.from({ length: packed.length / 3 }, (_, i) => packed.subarray(3 * i, 3 * i + 3));

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  session = await ort.InferenceSession.create(readFileSync(new URL(`models/${entry.file}`, root)), { executionProviders: ['wasm'] });
  head = await ort.InferenceSession.create(readFileSync(new URL(`models/${explain.head.file}`, root)), { executionProviders: ['wasm'] });
});

describe('classifier head model', () => {
  it('is the manifest\'s size and gives the full model\'s logits from its global feature', async () => {
    expect(readFileSync(new URL(`models/${explain.head.file}`, root)).length).toBe(explain.head.bytes);
    const n = entry.input.points;
    const data = new Float32Array(cases.length * 3 * n);
    cases.forEach((c, b) => data.set(bcn(c.points), b * 3 * n));
    const full = await run(data, [cases.length, 3, n]);
    const logits = await runHead(full[explain.feature], [cases.length, full[explain.feature].length / cases.length]);
    logits.forEach((v, j) => expect(Math.abs(v - full[entry.input.outputName][j])).toBeLessThan(1e-4));
  });
});

describe('classifier.onnx critical output', () => {
  it('names the outputs of its manifest entry', () => {
    expect(session.outputNames).toEqual(expect.arrayContaining([explain.feature, explain.critical, explain.pointFeatures]));
  });

  it('gives, for each channel, the point the torch network says wins it', async () => {
    const n = entry.input.points;
    for (const c of cases) {
      const out = await run(bcn(c.points), [1, 3, n]);
      expect(Array.from(out[explain.critical]), c.key).toEqual(c.critical);
    }
  });

  it('is left out of a plain run, which fetches the per-point features only when asked', async () => {
    const out = await run(bcn(cases[0].points), [1, 3, entry.input.points], [explain.pointFeatures]);
    expect(Object.keys(out)).toEqual([explain.pointFeatures]);
    expect(out[explain.pointFeatures].length).toBe(cases[0].feature.length * entry.input.points);
  });

  it('names a set of points that alone give the same global feature and logits', async () => {
    for (const c of cases) {
      const full = await run(bcn(c.points), [1, 3, c.points.length]);
      const idx = criticalIndices(full[explain.critical], full[explain.feature], c.points.length);
      expect(idx.length).toBeGreaterThan(10);
      expect(idx.length).toBeLessThan(c.points.length / 2);
      const alone = await run(bcn(Array.from(idx, (i) => c.points[i])), [1, 3, idx.length]);
      expect(Array.from(alone[explain.feature])).toEqual(Array.from(full[explain.feature]));
      expect(Array.from(alone[entry.input.outputName])).toEqual(Array.from(full[entry.input.outputName]));
    }
  });
});

describe('critical points and upper-bound shape of a real object', () => {
  let chair: Geometry;
  beforeAll(async () => {
    const name = 'chair_0962.txt';
    chair = (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`samples/modelnet40/${name}`, root))) }])).data;
  });

  it('classifyObject returns the critical points, in the file\'s own frame, among the points it sampled', async () => {
    const result = await classifyObject(chair, entry, run, { upAxis: 'y' });
    const { positions, sampled } = result.critical!;
    expect(sampled).toBe(entry.input.points);
    const own = new Set(packedRows(chair.positions).map((p) => p.join(',')));
    for (const p of packedRows(positions)) expect(own.has(p.join(','))).toBe(true);
    expect(positions.length / 3).toBeLessThan(sampled);
  });

  it('gives grid points in the object\'s box that, added to the object, leave every view\'s global feature as it was', async () => {
    const shape = await upperBoundShape(chair, entry, run, { upAxis: 'y', resolution: 10 });
    const kept = shape.positions.length / 3;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10 ** 3);
    const t = objectTensor(chair, entry, { upAxis: 'y' });
    const [views, , n] = t.dims;
    // the kept points brought into each view the way the object was (its centre and radius; y up
    // is the model's up; view v turned by 2 pi v / views about y), after the object's own points
    const data = new Float32Array(views * 3 * (n + kept));
    for (let v = 0; v < views; v++) {
      const a = (2 * Math.PI * v) / views, c = Math.cos(a), s = Math.sin(a);
      const base = v * 3 * (n + kept);
      for (let k = 0; k < 3; k++) data.set(t.data.subarray(v * 3 * n + k * n, v * 3 * n + (k + 1) * n), base + k * (n + kept));
      packedRows(shape.positions).forEach((p, i) => {
        const [x, y, z] = [0, 1, 2].map((k) => (p[k] - t.center[k]) / t.radius);
        const turned = [c * x + s * z, y, -s * x + c * z];
        for (let k = 0; k < 3; k++) data[base + k * (n + kept) + n + i] = turned[k];
      });
    }
    const alone = (await run(t.data, t.dims))[explain.feature];
    const together = (await run(data, [views, 3, n + kept]))[explain.feature];
    alone.forEach((f, j) => expect(Math.abs(together[j] - f)).toBeLessThanOrEqual(1e-4 * Math.max(1, f)));
    for (const p of packedRows(shape.positions)) {
      for (let k = 0; k < 3; k++) {
        expect(p[k]).toBeGreaterThanOrEqual(t.center[k] - t.radius - 1e-5);
        expect(p[k]).toBeLessThanOrEqual(t.center[k] + t.radius + 1e-5);
      }
    }
  });
});

describe('saliency by point dropping on a real object', () => {
  it('scores each point by the class probability lost when its neighbourhood is really taken out of the input', async () => {
    const name = 'airplane_0627.txt';
    const airplane = (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`samples/modelnet40/${name}`, root))) }])).data;
    const sal = await pointSaliency(airplane, entry, run, runHead, { upAxis: 'y', neighbours: 16 });
    const n = entry.input.points;
    expect(sal.scores.length).toBe(n);
    expect(entry.classes[sal.classIndex].name).toBe('airplane');
    const t = objectTensor(airplane, entry, { upAxis: 'y' });
    const [views] = t.dims;
    const near = nearestNeighbours(packedFirstView(t.data, n), 16);
    const order = Array.from(sal.scores.keys()).sort((a, b) => sal.scores[b] - sal.scores[a]);
    // the most salient point, the least, and one in the middle: drop for real (a smaller cloud)
    for (const i of [order[0], order[n - 1], order[n >> 1]]) {
      const gone = new Set(near.subarray(i * 16, (i + 1) * 16));
      const keep = Array.from({ length: n }, (_, j) => j).filter((j) => !gone.has(j));
      const data = new Float32Array(views * 3 * keep.length);
      for (let v = 0; v < views; v++) for (let k = 0; k < 3; k++) keep.forEach((j, o) => (data[(v * 3 + k) * keep.length + o] = t.data[(v * 3 + k) * n + j]));
      const logits = (await run(data, [views, 3, keep.length]))[entry.input.outputName];
      const p = meanSoftmax(logits, views, entry.calibration!.temperature)[sal.classIndex];
      expect(Math.abs(sal.probability - p - sal.scores[i])).toBeLessThan(1e-4);
    }
    expect(sal.scores[order[0]]).toBeGreaterThan(sal.scores[order[n - 1]]);
  });
});

function packedFirstView(data: Float32Array, n: number): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = data[k * n + i];
  return out;
}

describe('robustness probes on a real object', () => {
  it('give the classification itself unchanged, the same class under turns about up, and the class probability collapsing when turned on its side', async () => {
    const name = 'chair_0962.txt';
    const chair = (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`samples/modelnet40/${name}`, root))) }])).data;
    const whole = await classifyObject(chair, entry, run, { upAxis: 'y' });
    const up = await probeObject(chair, entry, run, 'turn-y', [0, 90, 180], { upAxis: 'y' });
    expect(up.classIndex).toBe(whole.top[0].index);
    expect(up.results[0].probability).toBeCloseTo(whole.top[0].probability, 5);
    for (const r of up.results) expect(r.top.label).toBe('chair');
    const side = await probeObject(chair, entry, run, 'turn-x', [90], { upAxis: 'y' });
    // the network learnt chairs upright (turns about up only), so on its side it is unsure
    expect(side.results[0].probability).toBeLessThan(0.5);
    expect(side.results[0].probability).toBeLessThan(up.results[0].probability / 2);
  });
});
