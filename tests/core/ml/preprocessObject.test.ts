import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../src/core/ml/manifest';
import { changeUpAxis, objectTensor } from '../../../src/core/ml/preprocessObject';
import type { Mesh, PointCloud } from '../../../src/core/types';

// Written by training/ (preprocess_fixture.py) from real clouds: raw points in, its tensor out.
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ml/preprocess_object.json', import.meta.url), 'utf8'));

function entry(sampling: 'fps' | 'random', layout: 'BCN' | 'BNC' = 'BCN'): ModelEntry {
  return {
    id: 'classifier',
    name: 'test',
    task: 'classification',
    file: 'x.onnx',
    bytes: 1,
    input: { points: fixture.points, features: ['x', 'y', 'z'], layout, normalization: 'unit-sphere', upAxis: 'y', sampling, inputName: 'points', outputName: 'logits' },
    classes: [],
    metrics: {},
    data: { sources: [], split: '' },
  };
}

const cloud = (positions: Float32Array): PointCloud => ({ kind: 'points', positions, fields: {} });

describe('objectTensor matches the training pipeline', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const t = objectTensor(cloud(new Float32Array(c.raw)), entry(c.sampling === 'fps' ? 'fps' : 'random'), { upAxis: c.upAxis });
      expect(t.dims).toEqual([1, 3, fixture.points]);
      let maxErr = 0;
      for (let i = 0; i < t.data.length; i++) maxErr = Math.max(maxErr, Math.abs(t.data[i] - c.tensor[i]));
      expect(maxErr).toBeLessThan(1e-6);
      expect(t.radius).toBeCloseTo(c.radius, 5);
      t.center.forEach((v, k) => expect(v).toBeCloseTo(c.center[k], 5));
    });
  }
});

describe('objectTensor', () => {
  const raw = new Float32Array(fixture.cases[0].raw);

  it('puts the cloud in the unit sphere, centred', () => {
    const { data } = objectTensor(cloud(raw.slice(0, 300)), entry('random'), { upAxis: 'y', seed: 4 });
    const n = data.length / 3;
    let maxR = 0;
    const mean = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = [data[i], data[n + i], data[2 * n + i]];
      p.forEach((v, k) => (mean[k] += v / n));
      maxR = Math.max(maxR, Math.hypot(p[0], p[1], p[2]));
    }
    expect(maxR).toBeCloseTo(1, 5);
    mean.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5));
  });

  it('samples a mesh by area into the contract size, repeatably', () => {
    // a real triangle soup: consecutive points of the ModelNet cloud as triangles
    const indices = new Uint32Array(Array.from({ length: 600 }, (_, i) => i));
    const mesh: Mesh = { kind: 'mesh', positions: raw.slice(0, 1800), indices, faceCount: 200, groups: [], fields: {} };
    const a = objectTensor(mesh, entry('random', 'BNC'), { upAxis: 'y', seed: 2 });
    const b = objectTensor(mesh, entry('random', 'BNC'), { upAxis: 'y', seed: 2 });
    expect(a.dims).toEqual([1, fixture.points, 3]);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });

  it('makes one turned copy per view, about the contract\'s up axis', () => {
    for (const [upAxis, up] of [['y', 1], ['z', 2]] as const) {
      for (const layout of ['BCN', 'BNC'] as const) {
        const e = entry('random', layout);
        e.input.views = 4;
        e.input.upAxis = upAxis;
        const t = objectTensor(cloud(raw.slice(0, 3000)), e, { upAxis: 'y', seed: 1 });
        const n = fixture.points;
        expect(t.dims).toEqual(layout === 'BCN' ? [4, 3, n] : [4, n, 3]);
        const at = (v: number, i: number, k: number) => t.data[v * 3 * n + (layout === 'BCN' ? k * n + i : 3 * i + k)];
        // a quarter turn: about y, x' = z and z' = -x; about z, y' = x and x' = -y
        const [a, b] = upAxis === 'y' ? [0, 2] : [1, 0];
        for (let i = 0; i < n; i += 97) {
          expect(at(1, i, up)).toBe(at(0, i, up));
          expect(at(1, i, a)).toBeCloseTo(at(0, i, b), 6);
          expect(at(1, i, b)).toBeCloseTo(-at(0, i, a), 6);
          expect(Math.hypot(at(2, i, 0), at(2, i, 1), at(2, i, 2))).toBeCloseTo(Math.hypot(at(0, i, 0), at(0, i, 1), at(0, i, 2)), 5);
        }
      }
    }
  });

  it('turns z up into y up and back', () => {
    const p = new Float32Array([1, 2, 3]);
    changeUpAxis(p, 'z', 'y');
    expect(Array.from(p)).toEqual([1, 3, -2]);
    changeUpAxis(p, 'y', 'z');
    expect(Array.from(p)).toEqual([1, 2, 3]);
  });

  it('refuses an empty object and features it cannot make', () => {
    expect(() => objectTensor(cloud(new Float32Array(0)), entry('random'), { upAxis: 'y' })).toThrow(/no points/);
    const rgb = entry('random');
    rgb.input.features = ['x', 'y', 'z', 'r', 'g', 'b'];
    expect(() => objectTensor(cloud(raw), rgb, { upAxis: 'y' })).toThrow(/features/);
  });
});
