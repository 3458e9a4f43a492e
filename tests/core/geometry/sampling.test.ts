import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random';
import {
  farthestPointSample,
  gatherPoints,
  meshArea,
  randomSample,
  sampleMeshSurface,
} from '../../../src/core/geometry/sampling';

// Two triangles in the z = 0 plane: a small one (area 0.5) and one three times as large (1.5),
// so area-weighted sampling must put about 3/4 of the points on the second.
const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 0, 0, 5, 0, 0, 2, 1, 0]);
const indices = new Uint32Array([0, 1, 2, 3, 4, 5]);

describe('sampleMeshSurface', () => {
  it('samples by area and stays on the surface', () => {
    expect(meshArea(positions, indices)).toBeCloseTo(2, 6);
    const n = 20000;
    const pts = sampleMeshSurface(positions, indices, n, createRng(1));
    let big = 0;
    for (let i = 0; i < n; i++) {
      const x = pts[3 * i], y = pts[3 * i + 1], z = pts[3 * i + 2];
      expect(z).toBe(0);
      if (x >= 2 - 1e-6) {
        big++;
        // inside the large triangle (2,0)-(5,0)-(2,1): y >= 0, x >= 2, x + 3y <= 5
        expect(y).toBeGreaterThanOrEqual(0);
        expect(x + 3 * y).toBeLessThanOrEqual(5 + 1e-5);
      } else {
        expect(x + y).toBeLessThanOrEqual(1 + 1e-6);
        expect(Math.min(x, y)).toBeGreaterThanOrEqual(0);
      }
    }
    expect(big / n).toBeGreaterThan(0.73);
    expect(big / n).toBeLessThan(0.77);
  });

  it('is repeatable for a seed and differs between seeds', () => {
    const a = sampleMeshSurface(positions, indices, 64, createRng(7));
    const b = sampleMeshSurface(positions, indices, 64, createRng(7));
    const c = sampleMeshSurface(positions, indices, 64, createRng(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('refuses a mesh without area', () => {
    const flat = new Float32Array([0, 0, 0, 1, 0, 0, 2, 0, 0]);
    expect(() => sampleMeshSurface(flat, new Uint32Array([0, 1, 2]), 4, createRng(0))).toThrow(/area/);
  });
});

describe('randomSample', () => {
  it('picks distinct indices when the cloud is large enough', () => {
    const idx = randomSample(5000, 1024, createRng(3));
    expect(new Set(idx).size).toBe(1024);
    expect(Math.max(...idx)).toBeLessThan(5000);
  });

  it('keeps every point and pads with repeats when the cloud is small', () => {
    const idx = randomSample(10, 16, createRng(3));
    expect(Array.from(idx.slice(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const i of idx.slice(10)) expect(i).toBeLessThan(10);
  });
});

describe('farthestPointSample', () => {
  // a real 2048-point ModelNet cloud, with the indices training/ (numpy) picked from point 0
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ml/preprocess_object.json', import.meta.url), 'utf8'));
  const fpsCase = fixture.cases.find((c: { sampling: string }) => c.sampling === 'fps');

  it('picks the same points as the Python pipeline', () => {
    const raw = new Float32Array(fpsCase.raw);
    expect(Array.from(farthestPointSample(raw, fixture.points))).toEqual(fpsCase.fpsIndices);
  });

  it('spreads points: the second pick is the farthest from the first', () => {
    const raw = new Float32Array(fpsCase.raw);
    const idx = farthestPointSample(raw, 2);
    const first = gatherPoints(raw, new Uint32Array([0]));
    let best = -1;
    for (let i = 0; i < raw.length / 3; i++) {
      const d = (raw[3 * i] - first[0]) ** 2 + (raw[3 * i + 1] - first[1]) ** 2 + (raw[3 * i + 2] - first[2]) ** 2;
      best = Math.max(best, d);
    }
    const p = gatherPoints(raw, idx.slice(1));
    expect((p[0] - first[0]) ** 2 + (p[1] - first[1]) ** 2 + (p[2] - first[2]) ** 2).toBe(best);
  });
});
