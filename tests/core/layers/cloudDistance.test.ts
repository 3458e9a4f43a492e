import { describe, expect, it } from 'vitest';
import { checkComparison, cloudToCloud, summariseDistances, type PlacedLayer } from '../../../src/core/layers/cloudDistance';
import { IDENTITY_TRANSFORM, sceneMatrix } from '../../../src/core/layers/transform';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { turnMatrix, applyTurn, type SignedAxis } from '../../../src/core/geometry/signedAxis';
import { parseOff } from '../../../src/core/io/off';
import { meshArea, sampleMeshSurface } from '../../../src/core/geometry/sampling';
import { createRng } from '../../../src/core/random';
import { parseFiles } from '../../../src/core/io';
import { InputError } from '../../../src/core/types';
import { fixture } from '../io/helpers';

function bathtub(): { positions: Float32Array; indices: Uint32Array } {
  const mesh = parseOff(fixture('bathtub_0002.off')).data;
  if (mesh.kind !== 'mesh') throw new Error('the bathtub fixture is a mesh');
  return mesh;
}

function placed(positions: Float32Array, options: { up?: SignedAxis; translate?: [number, number, number]; rotateDeg?: number; offset?: [number, number, number]; indices?: Uint32Array } = {}): PlacedLayer {
  const transform = { ...IDENTITY_TRANSFORM, translate: options.translate ?? [0, 0, 0], rotateDeg: options.rotateDeg ?? 0 };
  return { positions, indices: options.indices, matrix: sceneMatrix(transform, computeBounds(positions), options.up ?? '+z', options.offset ?? [0, 0, 0]) };
}

/** A layer's points where it is drawn, in doubles. */
function place(l: PlacedLayer): Float64Array {
  const out = new Float64Array(l.positions.length);
  const m = l.matrix;
  for (let i = 0; i < out.length; i += 3) for (let a = 0; a < 3; a++) out[i + a] = m[a] * l.positions[i] + m[4 + a] * l.positions[i + 1] + m[8 + a] * l.positions[i + 2] + m[12 + a];
  return out;
}

/** Each point's distance to the nearest of `reference`, both already in one frame, by looking at every pair. */
function bruteDistances(compared: Float64Array, reference: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < compared.length; i += 3) {
    let best = Infinity;
    for (let j = 0; j < reference.length; j += 3) best = Math.min(best, (compared[i] - reference[j]) ** 2 + (compared[i + 1] - reference[j + 1]) ** 2 + (compared[i + 2] - reference[j + 2]) ** 2);
    out.push(Math.sqrt(best));
  }
  return out;
}

describe('cloud-to-cloud distance between layers', () => {
  it('is 0 for a layer measured against itself', () => {
    const p = bathtub().positions;
    const { distances, summary } = cloudToCloud(placed(p), placed(p));
    expect(Math.max(...distances)).toBe(0);
    expect(summary).toMatchObject({ count: p.length / 3, mean: 0, max: 0 });
  });

  it('measures the ModelNet bathtub moved and turned as drawn, as a search of every pair does', () => {
    const p = bathtub().positions;
    const compared = placed(p, { translate: [3, -1, 2], rotateDeg: 30 });
    const reference = placed(p);
    const expected = bruteDistances(place(compared), place(reference));
    const { distances } = cloudToCloud(compared, reference);
    expected.forEach((d, i) => expect(distances[i]).toBeCloseTo(d, 4));
    expect(Math.min(...distances)).toBeGreaterThan(0);
  });

  it('measures points far from the reference as a search of every pair does, and a scan to itself as 0', async () => {
    const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
    const scan = (await parseFiles(names.map((name) => ({ name, bytes: fixture(name) })))).data.positions;
    expect(cloudToCloud(placed(scan), placed(scan)).summary.max).toBe(0);
    // the bathtub 60 units from the room: every point of the room is about as near, which a search must still sort out
    const tub = bathtub().positions;
    const far = placed(tub, { translate: [60, 0, 0] });
    const expected = bruteDistances(place(far), place(placed(scan)));
    const { distances } = cloudToCloud(far, placed(scan));
    expected.forEach((d, i) => expect(distances[i]).toBeCloseTo(d, 3));
  });

  it('puts layers of one site with different origins, and on different up axes, where they are drawn', () => {
    const p = bathtub().positions;
    // the same points kept about an origin 100 m away along x: as drawn, they lie where the first layer's do
    const shifted = p.map((v, i) => (i % 3 === 0 ? v - 100 : v));
    expect(cloudToCloud(placed(shifted, { offset: [100, 0, 0] }), placed(p)).summary.max).toBeLessThan(1e-4);
    // the same points turned to a +y up file: each layer stands on its own up, so they meet again
    const yUp = p.slice();
    applyTurn(yUp, turnMatrix('+z', '+y'));
    expect(cloudToCloud(placed(yUp, { up: '+y' }), placed(p)).summary.max).toBeLessThan(1e-5);
    expect(cloudToCloud(placed(yUp, { up: '+z' }), placed(p)).summary.max).toBeGreaterThan(0.1);
  });

  it('measures to a mesh surface, not only to its corners', () => {
    const { positions, indices } = bathtub();
    // points on the bathtub's surface, drawn apart from the samples the comparison makes
    const onSurface = sampleMeshSurface(positions, indices, 2_000, createRng(5));
    const toSurface = cloudToCloud(placed(onSurface), placed(positions, { indices }));
    expect(toSurface.referencePoints).toBe(positions.length / 3 + toSurface.surfaceSamples);
    // within the spacing of the samples the surface is measured by
    expect(toSurface.summary.mean).toBeLessThan(Math.sqrt(meshArea(positions, indices) / toSurface.surfaceSamples));
    const toCorners = cloudToCloud(placed(onSurface), placed(positions));
    expect(toCorners.surfaceSamples).toBe(0);
    expect(toCorners.summary.mean).toBeGreaterThan(10 * toSurface.summary.mean);
  });

  it('measures a ScanNet scan against itself moved 10 cm, every point within 10 cm', async () => {
    const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
    const scan = await parseFiles(names.map((name) => ({ name, bytes: fixture(name) })));
    const p = scan.data.positions;
    const { summary, distances } = cloudToCloud(placed(p, { translate: [0.1, 0, 0] }), placed(p));
    expect(distances.length).toBe(p.length / 3);
    expect(summary.max).toBeLessThanOrEqual(0.1 + 1e-6);
    expect(summary.median).toBeGreaterThan(0);
  });

  it('gives NaN to a point with no finite position, and leaves it out of the summary', () => {
    const p = new Float32Array([0, 0, 0, NaN, 0, 0, 3, 4, 0]);
    const { distances, summary } = cloudToCloud(placed(p), placed(new Float32Array([0, 0, 0])));
    expect(Number.isNaN(distances[1])).toBe(true);
    expect(summary).toMatchObject({ count: 2, mean: 2.5, max: 5 });
  });

  it('refuses a reference with no finite point, and a comparison past the read budget, in the person\'s terms', () => {
    expect(() => cloudToCloud(placed(new Float32Array([0, 0, 0])), placed(new Float32Array([NaN, NaN, NaN])))).toThrow(/reference layer has no points/);
    const huge = { positions: { length: 3 * 40_000_000 } as unknown as Float32Array, matrix: placed(new Float32Array(3)).matrix };
    expect(() => checkComparison(huge, huge)).toThrow(InputError);
    expect(() => checkComparison(huge, huge)).toThrow(/comparing 40,000,000 points with 40,000,000 would take/);
  });

  it('summarises distances: mean, RMS, median, the 95th percentile and the largest', () => {
    const d = Float32Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summariseDistances(d);
    expect(s).toMatchObject({ count: 100, mean: 50.5, median: 50, p95: 95, max: 100 });
    expect(s.rms).toBeCloseTo(Math.sqrt((100 * 101 * 201) / 6 / 100), 6);
    expect(summariseDistances(new Float32Array(0)).count).toBe(0);
    // selected as a sort would give them, whatever the order and with gaps of NaN
    const rng = createRng(11);
    const random = Float32Array.from({ length: 10_001 }, (_, i) => (i % 97 === 0 ? NaN : rng() * 3));
    const sorted = [...random].filter(Number.isFinite).sort((a, b) => a - b);
    expect(summariseDistances(random)).toMatchObject({ count: sorted.length, median: sorted[Math.ceil(0.5 * sorted.length) - 1], p95: sorted[Math.ceil(0.95 * sorted.length) - 1], max: sorted[sorted.length - 1] });
  });
});
