import { describe, expect, it } from 'vitest';
import { checkComparison, cloudToCloud, summariseDistances, type PlacedLayer } from '../../../src/core/layers/cloudDistance';
import { IDENTITY_TRANSFORM, sceneMatrix } from '../../../src/core/layers/transform';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { estimateNormals } from '../../../src/core/geometry/normals';
import { InputError } from '../../../src/core/types';

function placed(positions: Float32Array, extra: Partial<PlacedLayer> = {}, rotateDeg = 0): PlacedLayer {
  return { positions, matrix: sceneMatrix({ ...IDENTITY_TRANSFORM, rotateDeg }, computeBounds(positions), '+z', [0, 0, 0]), ...extra };
}

/** A 2 m square of the plane z = 0 sampled every 5 cm, with normals +z. */
function plane(): PlacedLayer {
  const p: number[] = [];
  for (let x = -1; x <= 1.0001; x += 0.05) for (let y = -1; y <= 1.0001; y += 0.05) p.push(x, y, 0);
  const positions = Float32Array.from(p);
  const normals = new Float32Array(positions.length);
  for (let i = 2; i < normals.length; i += 3) normals[i] = 1;
  return placed(positions, { normals });
}

/** A unit sphere as a mesh: a UV sphere with its triangles wound to face out. */
function sphere(rings = 24, segments = 48): PlacedLayer {
  const p: number[] = [];
  for (let r = 0; r <= rings; r++) {
    const t = (Math.PI * r) / rings;
    for (let s = 0; s < segments; s++) {
      const f = (2 * Math.PI * s) / segments;
      p.push(Math.sin(t) * Math.cos(f), Math.sin(t) * Math.sin(f), Math.cos(t));
    }
  }
  const idx: number[] = [];
  const at = (r: number, s: number) => r * segments + (s % segments);
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) idx.push(at(r, s), at(r + 1, s), at(r + 1, s + 1), at(r, s), at(r + 1, s + 1), at(r, s + 1));
  }
  return placed(Float32Array.from(p), { indices: Uint32Array.from(idx) });
}

describe('signed distances to a layer', () => {
  it('gives +0.1 to points 10 cm in front of a plane with normals +z, and -0.1 to those 10 cm behind it', () => {
    const points = Float32Array.from([0.2, 0.3, 0.1, -0.4, 0.1, -0.1, 0.5, -0.5, 0.1, 0, 0, -0.1]);
    const { distances, summary } = cloudToCloud(placed(points), plane(), { signed: true });
    expect([...distances].map((d) => Number(d.toFixed(5)))).toEqual([0.1, -0.1, 0.1, -0.1]);
    expect(summary.front).toBe(2);
    expect(summary.behind).toBe(2);
    expect(summary.mean).toBeCloseTo(0, 6);
    expect(summary.rms).toBeCloseTo(0.1, 6);
  });

  it('turns the normals with the reference: a plane turned upside down by its up axis flips the signs', () => {
    const points = Float32Array.from([0, 0, 0.1]);
    const flipped = plane();
    flipped.matrix = sceneMatrix(IDENTITY_TRANSFORM, computeBounds(flipped.positions), '-z', [0, 0, 0]);
    // the compared point is placed on the same up, so it lies 0.1 below the flipped plane's normals
    const compared = { ...placed(points), matrix: flipped.matrix };
    expect(cloudToCloud(compared, flipped, { signed: true }).distances[0]).toBeCloseTo(0.1, 5);
    expect(cloudToCloud(placed(points), flipped, { signed: true }).distances[0]).toBeCloseTo(-0.1, 5);
  });

  it('gives points inside a sphere mesh negative distances and those outside positive ones, by its faces', () => {
    const points = Float32Array.from([0.5, 0, 0, 0, 0.7, 0.1, 1.5, 0, 0, 0, -1.3, 0.4]);
    const { distances, summary } = cloudToCloud(placed(points), sphere(), { signed: true });
    expect(distances[0]).toBeCloseTo(-0.5, 1);
    expect(distances[1]).toBeLessThan(-0.2);
    expect(distances[2]).toBeCloseTo(0.5, 1);
    expect(distances[3]).toBeGreaterThan(0.3);
    expect([summary.front, summary.behind]).toEqual([2, 2]);
  });

  it('signs by normals estimated on a cloud that had none: a sphere of points with its normals outward', () => {
    const p: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const z = 1 - (2 * (i + 0.5)) / 4000;
      const f = i * Math.PI * (3 - Math.sqrt(5));
      const r = Math.sqrt(1 - z * z);
      p.push(r * Math.cos(f), r * Math.sin(f), z);
    }
    const positions = Float32Array.from(p);
    const normals = estimateNormals(positions, { facing: 'outward' });
    const { distances } = cloudToCloud(placed(Float32Array.from([0.8, 0, 0, 0, 0, 1.2])), placed(positions, { normals }), { signed: true });
    expect(distances[0]).toBeCloseTo(-0.2, 1);
    expect(distances[1]).toBeCloseTo(0.2, 1);
  });

  it('refuses a reference cloud with no normals, and a maximum distance, in the person\'s terms', () => {
    const cloud = placed(Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]));
    const points = placed(Float32Array.from([0, 0, 1]));
    expect(() => checkComparison(points, cloud, { signed: true })).toThrow(InputError);
    expect(() => cloudToCloud(points, cloud, { signed: true })).toThrow(/no normals to sign the distances by/);
    expect(() => checkComparison(points, plane(), { signed: true, maxDistance: 1 })).toThrow(/leave the maximum distance empty/);
    expect(() => checkComparison(points, cloud)).not.toThrow();
  });

  it('summarises signed distances: the signed mean, the RMS, the lengths\' median and largest, and the points on each side', () => {
    const s = summariseDistances(Float32Array.from([-0.3, 0.1, 0.2, 0, NaN]), Infinity, true);
    expect(s.count).toBe(4);
    expect(s.mean).toBeCloseTo(0, 6);
    expect(s.rms).toBeCloseTo(Math.sqrt((0.09 + 0.01 + 0.04) / 4), 6);
    expect(s.max).toBeCloseTo(0.3, 6);
    expect(s.median).toBeCloseTo(0.1, 6);
    expect([s.front, s.behind]).toEqual([2, 1]);
    expect(summariseDistances(Float32Array.from([0.1]))).not.toHaveProperty('front');
  });
});
