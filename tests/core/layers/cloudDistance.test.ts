import { describe, expect, it } from 'vitest';
import { checkComparison, cloudToCloud, comparisonBytes, summariseDistances, type PlacedLayer } from '../../../src/core/layers/cloudDistance';
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

  it('stops at a maximum distance: the points beyond are counted and kept as it, the others measured as without it', async () => {
    const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
    const p = (await parseFiles(names.map((name) => ({ name, bytes: fixture(name) })))).data.positions;
    // the room measured to its own half of lower x: the other half's points lie from 0 to metres away
    const xs = Array.from({ length: p.length / 3 }, (_, i) => p[3 * i]).sort((a, b) => a - b);
    const cut = xs[xs.length >> 1];
    const half = Float32Array.from(Array.from({ length: p.length / 3 }, (_, i) => i).filter((i) => p[3 * i] <= cut).flatMap((i) => [p[3 * i], p[3 * i + 1], p[3 * i + 2]]));
    const compared = placed(p);
    // placed as the room is, where it was cut from
    const reference = { positions: half, matrix: compared.matrix };
    const all = cloudToCloud(compared, reference);
    const limited = cloudToCloud(compared, reference, { maxDistance: 0.5 });
    const beyond = Array.from(all.distances).filter((d) => d >= Math.fround(0.5)).length;
    expect(beyond).toBeGreaterThan(500);
    expect(limited.summary.beyond).toBe(beyond);
    expect(limited.summary.count).toBe(all.distances.length - beyond);
    expect(all.summary.beyond).toBe(0);
    for (let i = 0; i < all.distances.length; i++) {
      if (all.distances[i] < Math.fround(0.5)) expect(limited.distances[i]).toBe(all.distances[i]);
      else expect(limited.distances[i]).toBe(Math.fround(0.5));
    }
    // the figures are those of the points within it
    const within = summariseDistances(all.distances.filter((d) => d < Math.fround(0.5)));
    expect(limited.summary).toEqual({ ...within, beyond });
    expect(limited.summary.max).toBeLessThan(0.5);
    // the field read back alone gives the same summary
    expect(summariseDistances(limited.distances, 0.5)).toEqual(limited.summary);
  });

  it("splits each point's offset to its nearest reference point along the file's own x, y and z, the point minus it", () => {
    // a grid a metre apart, and its copy moved less than half that: each point's nearest is its own copy
    const grid = Float32Array.from({ length: 3 * 125 }, (_, k) => {
      const i = Math.floor(k / 3);
      return [i % 5, Math.floor(i / 5) % 5, Math.floor(i / 25)][k % 3];
    });
    const shift = [0.1, -0.05, 0.2];
    const moved = grid.map((v, k) => v + shift[k % 3]);
    // the copy placed by its own box's centre, as the app does, would be drawn over the grid: both use one matrix
    const reference = placed(grid);
    const compared = { positions: moved, matrix: reference.matrix };
    const { offsets, distances } = cloudToCloud(compared, reference, { splitAxes: true });
    expect(offsets).toHaveLength(3);
    for (let i = 0; i < 125; i++) {
      // along the file's z (its up), not the scene's y, which is up where it is drawn
      for (let a = 0; a < 3; a++) expect(offsets![a][i]).toBeCloseTo(shift[a], 5);
      expect(Math.hypot(offsets![0][i], offsets![1][i], offsets![2][i])).toBeCloseTo(distances[i], 6);
    }
    expect(cloudToCloud(compared, reference).offsets).toBeUndefined();
  });

  it('keeps the offsets as long as the distances for a layer turned and moved, and gives none beyond the maximum distance', () => {
    const p = bathtub().positions;
    const compared = placed(p, { translate: [3, -1, 2], rotateDeg: 30, up: '+y' });
    const { offsets, distances, summary } = cloudToCloud(compared, placed(p), { splitAxes: true, maxDistance: 4 });
    expect(summary.beyond).toBeGreaterThan(0);
    expect(summary.count).toBeGreaterThan(0);
    for (let i = 0; i < distances.length; i++) {
      const length = Math.hypot(offsets![0][i], offsets![1][i], offsets![2][i]);
      if (distances[i] < Math.fround(4)) expect(length).toBeCloseTo(distances[i], 4);
      else expect(Number.isNaN(length)).toBe(true);
    }
  });

  it('refuses a maximum distance that is no length, and counts the split offsets in the memory it checks', () => {
    const one = placed(new Float32Array([0, 0, 0]));
    for (const maxDistance of [0, -1, NaN, Infinity]) expect(() => checkComparison(one, one, { maxDistance })).toThrow(/maximum distance must be a number above 0/);
    const cloud = placed(new Float32Array(3 * 1_000));
    expect(comparisonBytes(cloud, cloud, { splitAxes: true }) - comparisonBytes(cloud, cloud)).toBe(12 * 1_000);
    const huge = { positions: { length: 3 * 120_000_000 } as unknown as Float32Array, matrix: one.matrix };
    expect(() => checkComparison(huge, one)).not.toThrow();
    expect(() => checkComparison(huge, one, { splitAxes: true })).toThrow(/comparing 120,000,000 points with 1 would take/);
  });

  it('summarises only the distances within a maximum distance, and counts those kept as it', () => {
    const d = Float32Array.from({ length: 100 }, (_, i) => (i < 90 ? i + 1 : 90.5));
    expect(summariseDistances(d, 90.5)).toMatchObject({ count: 90, beyond: 10, max: 90, mean: 45.5 });
    expect(summariseDistances(d)).toMatchObject({ count: 100, beyond: 0 });
  });
});
