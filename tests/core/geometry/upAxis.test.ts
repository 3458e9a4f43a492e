// The up axis estimated from real shapes and scans, each turned so that its up points along every
// one of the six directions: the estimate must follow the turn, whatever the file's own frame.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { applyTurn, turnMatrix, type SignedAxis } from '../../../src/core/geometry/signedAxis';
import { estimateUpAxis, FORMAT_DOUBT, OBJECT_AXIS_SURE, parseUpChoice, resolveUp, UP_SURE, upFromEstimate, upIsSure, upUsedIsSure, type UpEstimate } from '../../../src/core/geometry/upAxis';
import { createRng } from '../../../src/core/random';
import type { Geometry } from '../../../src/core/types';
import { stackedRooms } from '../../fixtures/seg/stackedRooms';
import { terrainXyz } from '../../fixtures/e2e/terrain';

const DIRECTIONS: SignedAxis[] = ['+x', '-x', '+y', '-y', '+z', '-z'];

async function load(path: string, base = '../../../samples/'): Promise<Geometry> {
  const url = new URL(base + path, import.meta.url);
  const name = path.split('/').pop()!;
  const inputs = [{ name, bytes: new Uint8Array(readFileSync(url)) }];
  return (await parseFiles(inputs)).data;
}

function turned(g: Geometry, from: SignedAxis, to: SignedAxis): Geometry {
  const m = turnMatrix(from, to);
  const positions = g.positions.slice();
  applyTurn(positions, m);
  const normals = g.normals?.slice();
  if (normals) applyTurn(normals, m);
  return { ...g, positions, ...(normals && { normals }) } as Geometry;
}

function expectUpEverywhere(g: Geometry, up: SignedAxis, subject: UpEstimate['subject']): void {
  for (const to of DIRECTIONS) {
    const est = estimateUpAxis(turned(g, up, to));
    expect(`${est.up} (${est.reason})`).toBe(`${to} (${est.reason})`);
    expect(est.subject).toBe(subject);
  }
}

describe('estimateUpAxis', () => {
  it('finds the floor of a ScanNet scan that carries no label columns, in any frame', async () => {
    const g = await load('scannet/scene0007_00.ply');
    const stripped: Geometry = { ...g, fields: {} };
    expectUpEverywhere(stripped, '+z', 'scene');
  });

  it('finds the floor of another ScanNet scan, read from LAS', async () => {
    expectUpEverywhere(await load('scannet/scene0009_02.las'), '+z', 'scene');
  });

  it('finds the floors of ScanNet rooms stacked as storeys, in any frame, judging each storey as a room', async () => {
    for (const names of [['scene0007_00.ply', 'scene0008_00.ply'], ['scene0009_00.ply', 'scene0007_00.ply'], ['scene0008_00.ply', 'scene0009_00.ply']]) {
      const stack = await stackedRooms(names);
      expectUpEverywhere(stack, '+z', 'scene');
      expect(estimateUpAxis(stack).reason).toMatch(/^2 storeys, cut across z and judged each as a room/);
    }
  });

  /** The scan written in centimetres and in millimetres stands up in every frame, read as a room in that unit. */
  function expectRoomInSmallerUnits(g: Geometry): void {
    for (const [scale, unit] of [[100, 'centimetres'], [1000, 'millimetres']] as const) {
      const written: Geometry = { kind: 'points', positions: g.positions.map((v) => v * scale), fields: {} };
      expectUpEverywhere(written, '+z', 'scene');
      expect(estimateUpAxis(written).reason).toMatch(new RegExp(`^read in ${unit}: a room scan`));
    }
  }

  it('finds the floor of a ScanNet scan written in centimetres or millimetres, judged as a room in that unit', async () => {
    expectRoomInSmallerUnits(await load('scannet/scene0008_00.ply'));
  });

  it('judges a scan in centimetres or millimetres again as a room even where the object estimate was sure of it', async () => {
    // scene0009_01 in mm was judged an object, -x at 0.605 in five of the six turns: sure, so never judged again
    expectRoomInSmallerUnits(await load('scannet/scene0009_01_vert.npy'));
  });

  it("stands a sheet on its thin axis with the + end up, and says it cannot tell the faces apart", async () => {
    // 200 units of rolling ground near zero, in no known unit: it came out -z, 79% sure
    const ground = (await parseFiles([{ name: 'terrain.xyz', bytes: new TextEncoder().encode(terrainXyz([0, 0, 0])) }])).data;
    for (const to of ['+z', '-z', '+x'] as SignedAxis[]) {
      const est = estimateUpAxis(turned(ground, '+z', to));
      expect(est.up).toBe(`+${to[1]}`);
      expect(est.confidence).toBeLessThan(UP_SURE);
      expect(est.reason).toMatch(/is up: a sheet, whose faces its shape cannot tell apart/);
    }
  });

  it('takes a sure room reading of a cloud in centimetres or millimetres even where the object estimate was surer', async () => {
    // scene0007_00 in mm was judged an object, -x at 0.745, surer than its room reading (+z at 0.716)
    expectRoomInSmallerUnits(await load('scannet/scene0007_00.ply'));
  });

  it('finds the floor of a sparse scan (a ScanNet room kept at 2,500 points), in any frame, and leaves a door as tall as a room an object', async () => {
    const g = await load('scannet/scene0007_00.ply');
    const every = Math.ceil(g.positions.length / 3 / 2500);
    const sparse: Geometry = { kind: 'points', positions: g.positions.filter((_, i) => Math.floor(i / 3) % every === 0), fields: {} };
    expect(sparse.positions.length / 3).toBeLessThanOrEqual(2500);
    expectUpEverywhere(sparse, '+z', 'scene');
    // 5,000 points on a 1 m by 2.6 m panel 5 cm thick: a room's size one way, a metre in none other than two
    const rng = createRng(3);
    const door: Geometry = { kind: 'points', positions: Float32Array.from({ length: 15_000 }, (_, i) => rng() * [1, 2.6, 0.05][i % 3]), fields: {} };
    expect(estimateUpAxis(door).subject).toBe('object');
  });

  it('finds the floor of an S3DIS office, ceiling and all', async () => {
    expectUpEverywhere(await load('Area_6_office_10_every4th.npy', '../../fixtures/geometry/'), '+z', 'scene');
  });

  it('finds the floor of a single RGB-D frame, stored in its camera frame, however the camera was turned', async () => {
    // the frame's far wall faces the camera and used to outweigh its floor; turning about the
    // origin keeps the camera there, as any camera frame does
    expectUpEverywhere(await load('sunrgbd_000002_every4th.npy', '../../fixtures/geometry/'), '+z', 'view');
  });

  it('judges a frame moved away from its camera as a room scan', async () => {
    const g = await load('sunrgbd_000002_every4th.npy', '../../fixtures/geometry/');
    const positions = g.positions.slice();
    for (let i = 0; i < positions.length; i += 3) positions[i] += 100;
    const est = estimateUpAxis({ ...g, positions });
    expect(est.subject).toBe('scene');
    expect(est.reason).not.toMatch(/camera/);
  });

  it('stands a ShapeNet chair (OBJ mesh, face normals) upright', async () => {
    expectUpEverywhere(await load('shapenet/chair-356fc758/model_normalized.obj'), '+y', 'object');
  });

  it('stands ModelNet40 clouds (the file gives normals) upright', async () => {
    for (const f of ['airplane_0627', 'table_0053', 'bed_0601', 'piano_0262']) expectUpEverywhere(await load(`modelnet40/${f}.txt`), '+y', 'object');
  });

  it('stands an openly licensed game model upright', async () => {
    expectUpEverywhere(await load('cc-object-models/house_interior_pack__Couch_Medium1.obj'), '+y', 'object');
  });

  it('says how sure it is: a clear room is surer than a guess', async () => {
    const est = estimateUpAxis(await load('scannet/scene0008_00.ply'));
    expect(est.confidence).toBeGreaterThan(0.5);
    expect(est.confidence).toBeLessThanOrEqual(est.axisConfidence);
    expect(est.reason).toMatch(/^a room scan; z is vertical: .+; \+z is up: .+/);
    expect(Object.keys(est.probabilities).sort()).toEqual([...DIRECTIONS].sort());
    expect(Object.values(est.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(est.confidence).toBe(est.probabilities['+z']);
  });

  it('is not sure of a cloud with nothing to stand on, and is of a clear room', async () => {
    const rng = createRng(3);
    const positions = Float32Array.from({ length: 3 * 12_000 }, () => 3 * rng());
    const est = estimateUpAxis({ kind: 'points', positions, fields: {} });
    expect(est.subject).toBe('scene');
    expect(upIsSure(est.confidence)).toBe(false);
    expect(upIsSure(estimateUpAxis(await load('scannet/scene0008_00.ply')).confidence)).toBe(true);
    expect([upIsSure(UP_SURE - 1e-9), upIsSure(UP_SURE), upIsSure(undefined)]).toEqual([false, true, true]);
  });

  it('reads a tiny or flat input without failing', () => {
    const one: Geometry = { kind: 'points', positions: new Float32Array([1, 2, 3]), fields: {} };
    expect(DIRECTIONS).toContain(estimateUpAxis(one).up);
    const flat = new Float32Array(3 * 400);
    for (let i = 0; i < 400; i++) flat.set([i % 20, Math.floor(i / 20), 0], 3 * i);
    expect(estimateUpAxis({ kind: 'points', positions: flat, fields: {} }).up[1]).toBe('z');
  });
});

describe('resolveUp', () => {
  it('keeps a chosen axis as chosen, and detects on auto', async () => {
    const g = await load('scannet/scene0008_00.ply');
    expect(resolveUp(g, 'y')).toEqual({ up: '+y', source: 'chosen' });
    expect(resolveUp(g, '-x')).toEqual({ up: '-x', source: 'chosen' });
    const auto = resolveUp(g, 'auto');
    expect(auto).toMatchObject({ up: '+z', source: 'detected' });
    expect(auto.estimate?.up).toBe('+z');
  });

  it('takes x, y, z, their signed forms and auto, nothing else', () => {
    for (const ok of ['auto', 'x', 'y', 'z', '+x', '-z']) expect(parseUpChoice(ok)).toBe(ok);
    for (const bad of ['', 'up', 'Y', 'xy', '+w']) expect(parseUpChoice(bad)).toBeUndefined();
  });
});

describe('upFromEstimate', () => {
  const estimate = (up: UpEstimate['up'], subject: UpEstimate['subject'], axisConfidence: number): UpEstimate => ({
    up,
    subject,
    axisConfidence,
    confidence: axisConfidence / 2,
    reason: 'test',
    probabilities: { '+x': 0, '-x': 0, '+y': 0, '-y': 0, '+z': 0, '-z': 0 },
  });

  it('takes the detected direction for a room, whatever its format says', () => {
    expect(upFromEstimate(estimate('+z', 'scene', 0.5), 'y')).toMatchObject({ up: '+z', source: 'detected' });
  });

  it("keeps an object's format up on the same axis, so a guessed top never turns it upside down", () => {
    expect(upFromEstimate(estimate('-y', 'object', 0.98), 'y')).toMatchObject({ up: '+y', source: 'format' });
  });

  it('lets a sure estimate of another axis overrule the format, and an unsure one not', () => {
    expect(upFromEstimate(estimate('+z', 'object', 0.92), 'y')).toMatchObject({ up: '+z', source: 'detected' });
    expect(upFromEstimate(estimate('+z', 'object', OBJECT_AXIS_SURE - 0.01), 'y')).toMatchObject({ up: '+y', source: 'format' });
  });

  it("keeps the up a format's specification defines (LAS: z), for a room too and whatever the estimate says", () => {
    expect(upFromEstimate(estimate('-x', 'scene', 0.99), 'z', true)).toMatchObject({ up: '+z', source: 'format' });
    expect(upFromEstimate(estimate('+y', 'object', 0.99), 'z', true)).toMatchObject({ up: '+z', source: 'format' });
    expect(upFromEstimate(estimate('-x', 'scene', 0.99), 'z')).toMatchObject({ up: '-x', source: 'detected' });
  });

  it('takes the estimate where the format has no usual up', () => {
    expect(upFromEstimate(estimate('-x', 'object', 0.4), undefined)).toMatchObject({ up: '-x', source: 'detected' });
  });
});

describe('upUsedIsSure', () => {
  /** An object estimate that gives the y axis probability `y` (split between its ends) and z the rest. */
  const objectEstimate = (y: number): UpEstimate => ({
    up: y >= 0.5 ? '+y' : '+z',
    subject: 'object',
    axisConfidence: Math.max(y, 1 - y),
    confidence: Math.max(y, 1 - y) * 0.8,
    reason: 'test',
    probabilities: { '+x': 0, '-x': 0, '+y': 0.8 * y, '-y': 0.2 * y, '+z': 0.8 * (1 - y), '-z': 0.2 * (1 - y) },
  });

  it("doubts a format's usual up only where the surface makes its axis less likely than FORMAT_DOUBT", () => {
    expect(upUsedIsSure({ up: '+y', source: 'format', estimate: objectEstimate(FORMAT_DOUBT + 0.01) })).toBe(true);
    expect(upUsedIsSure({ up: '+y', source: 'format', estimate: objectEstimate(FORMAT_DOUBT - 0.01) })).toBe(false);
  });

  it('never doubts a chosen up, and judges a detected one by its confidence', () => {
    expect(upUsedIsSure({ up: '+x', source: 'chosen' })).toBe(true);
    expect(upUsedIsSure({ up: '+z', source: 'detected', estimate: { ...objectEstimate(0), confidence: UP_SURE - 0.01 } })).toBe(false);
    expect(upUsedIsSure({ up: '+z', source: 'detected', estimate: { ...objectEstimate(0), confidence: UP_SURE } })).toBe(true);
  });

  it('marks a ModelNet40 sofa saved z-up where its format says y, and not the sofa as stored', async () => {
    const sofa = await load('modelnet40/sofa_0034.txt');
    const stored = upFromEstimate(estimateUpAxis(sofa), 'y');
    expect(stored).toMatchObject({ up: '+y', source: 'format' });
    expect(upUsedIsSure(stored)).toBe(true);
    const zUp = upFromEstimate(estimateUpAxis(turned(sofa, '+y', '+z')), 'y');
    // the format's y is kept (the estimate is not sure enough to overrule it) but now marked
    expect(zUp).toMatchObject({ up: '+y', source: 'format' });
    expect(upUsedIsSure(zUp)).toBe(false);
  });
});
