import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateLevelling, levelledPositions, MAX_LEAN_DEGREES, turnOntoZ } from '../../../src/core/geometry/levelling';
import { loadScene } from '../../fixtures/seg/scene';

// written by training/pointlens_train/pipelines/seg_fixtures.py: the fixture scan as recorded and
// leaning, each with the levelling the Python training code finds
interface Case {
  degrees: number;
  turn: number[];
  up: number[];
  lean: number;
  cells: number;
  rotation: number[];
  levelled: boolean;
  levelled_sums: number[];
  levelled_first: number[];
}
const fx = JSON.parse(readFileSync(new URL('../../fixtures/seg/levelling_parity.json', import.meta.url), 'utf8')) as { cases: Case[] };
const { cloud, nyu40 } = loadScene();
const FLOOR_NYU40 = 2;

function turned(positions: Float32Array, m: number[]): Float32Array {
  const out = new Float32Array(positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    const [x, y, z] = [positions[i], positions[i + 1], positions[i + 2]];
    for (let r = 0; r < 3; r++) out[i + r] = m[3 * r] * x + m[3 * r + 1] * y + m[3 * r + 2] * z;
  }
  return out;
}

/** The spread of the floor's heights between its 5th and 95th percentiles. */
function floorSpread(positions: Float32Array): number {
  const z: number[] = [];
  nyu40.forEach((id, i) => id === FLOOR_NYU40 && z.push(positions[3 * i + 2]));
  z.sort((a, b) => a - b);
  return z[Math.floor(0.95 * z.length)] - z[Math.floor(0.05 * z.length)];
}

describe('levelling', () => {
  it.each(fx.cases.map((c) => [c.degrees, c] as const))('levels a real scan leaning %s° to the very points the Python training code gives', (_, c) => {
    const leaning = turned(cloud.positions, c.turn);
    const got = estimateLevelling(leaning);
    // gravity rounded to 6 decimals: the same doubles, so the same turn
    expect(got.up).toEqual(c.up);
    expect(got.rotation).toEqual(c.rotation);
    expect(got.cells).toBe(c.cells);
    expect(got.levelled).toBe(c.levelled);
    expect(got.lean).toBeCloseTo(c.lean, 9);
    const flat = levelledPositions(leaning, got);
    const sums = [0, 0, 0];
    flat.forEach((v, i) => (sums[i % 3] += v));
    expect(sums).toEqual(c.levelled_sums);
    expect(Array.from(flat.subarray(0, 9))).toEqual(c.levelled_first);
  });

  it('puts the floor of a scan leaning 8° back level, and changes no distance', () => {
    const lean = fx.cases.find((c) => c.degrees === 8)!;
    const leaning = turned(cloud.positions, lean.turn);
    const levelled = levelledPositions(leaning, estimateLevelling(leaning));
    expect(floorSpread(leaning)).toBeGreaterThan(0.6);
    expect(floorSpread(levelled)).toBeLessThan(0.3);
    expect(floorSpread(levelled)).toBeLessThan(floorSpread(cloud.positions) + 0.02);
    for (let i = 0; i < leaning.length; i += 3 * 997) {
      expect(Math.hypot(levelled[i], levelled[i + 1], levelled[i + 2])).toBeCloseTo(Math.hypot(leaning[i], leaning[i + 1], leaning[i + 2]), 3);
    }
  });

  it('leaves alone a scan leaning past the limit, and one without flat surfaces', () => {
    const s = Math.sin(((MAX_LEAN_DEGREES + 3) * Math.PI) / 180);
    const c = Math.cos(((MAX_LEAN_DEGREES + 3) * Math.PI) / 180);
    const steep = turned(cloud.positions, [1, 0, 0, 0, c, -s, 0, s, c]);
    const got = estimateLevelling(steep);
    expect(got.lean).toBeGreaterThan(MAX_LEAN_DEGREES);
    expect(got.levelled).toBe(false);
    expect(levelledPositions(steep, got)).toBe(steep);
    const line = Float32Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? i / 400 : 0));
    expect(estimateLevelling(line).levelled).toBe(false);
  });

  it('turns a direction onto +z with a rotation', () => {
    const up = [0.1, -0.2, 0.97];
    const norm = Math.hypot(...up);
    const u = up.map((v) => v / norm) as [number, number, number];
    const m = turnOntoZ(u);
    const onto = [0, 1, 2].map((r) => m[3 * r] * u[0] + m[3 * r + 1] * u[1] + m[3 * r + 2] * u[2]);
    onto.forEach((v, i) => expect(v).toBeCloseTo([0, 0, 1][i], 12));
    for (let r = 0; r < 3; r++) for (let q = 0; q < 3; q++) expect(m[3 * r] * m[3 * q] + m[3 * r + 1] * m[3 * q + 1] + m[3 * r + 2] * m[3 * q + 2]).toBeCloseTo(r === q ? 1 : 0, 12);
  });
});
