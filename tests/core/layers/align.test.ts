import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignLayer, alignmentProblem, checkAlignment, tidyTransform, transformAfter, MIN_OVERLAP, type MovingLayer } from '../../../src/core/layers/align';
import type { PlacedLayer } from '../../../src/core/layers/cloudDistance';
import { IDENTITY_TRANSFORM, applyMatrix, boundsCenter, placedPositions, sceneMatrix, transformMatrix, type LayerTransform } from '../../../src/core/layers/transform';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { applyTurn, turnMatrix, type SignedAxis } from '../../../src/core/geometry/signedAxis';
import { parseFiles } from '../../../src/core/io';
import { parseOff } from '../../../src/core/io/off';
import { InputError } from '../../../src/core/types';

const E2E = new URL('../../fixtures/e2e/', import.meta.url);

/** A fixture's points: ScanNet scene0000's even points (25,000, +z up), its odd ones, or the ModelNet bathtub. */
async function points(name: string): Promise<Float32Array> {
  const url = new URL(name, name.endsWith('.off') ? new URL('../../fixtures/io/', import.meta.url) : E2E);
  return (await parseFiles([{ name, bytes: new Uint8Array(readFileSync(url)) }])).data.positions;
}

const moving = (positions: Float32Array, transform: LayerTransform, up: SignedAxis = '+z', offset: [number, number, number] = [0, 0, 0]): MovingLayer => ({
  positions,
  transform,
  bounds: computeBounds(positions),
  up,
  offset,
});

const reference = (positions: Float32Array, transform: LayerTransform = IDENTITY_TRANSFORM, up: SignedAxis = '+z'): PlacedLayer => ({
  positions,
  matrix: sceneMatrix(transform, computeBounds(positions), up, [0, 0, 0]),
});

/** The farthest point i of `a` lies from point i of `b`, each placed by its matrix. */
function largestGap(a: Float32Array, am: number[], b: Float32Array, bm: number[]): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 3) {
    const p = applyMatrix(am, [a[i], a[i + 1], a[i + 2]]);
    const q = applyMatrix(bm, [b[i], b[i + 1], b[i + 2]]);
    worst = Math.max(worst, Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]));
  }
  return worst;
}

const T0: LayerTransform = { translate: [0.3, 0.1, -0.2], rotateDeg: 7, scale: 1 };

/** The scan kept in a +y up file about an origin 100 m away: drawn with that offset, it lies where the +z up scan does. */
function inYUpFrame(p: Float32Array, origin: [number, number, number]): Float32Array {
  const q = p.slice();
  applyTurn(q, turnMatrix('+z', '+y'));
  return q.map((v, i) => v - origin[i % 3]);
}

describe('aligning a layer to another (ICP about the up axis)', () => {
  it("turns a move and a turn into the layer's own transform, whatever its up axis, origin, scale and transform", () => {
    const p = new Float32Array([0, 0, 0, 2, 1, 0.5, -1, 3, 2, 4, -2, 1]);
    const motion = { turnDeg: 23, move: [0.4, -1.2, 2.5] as [number, number, number] };
    for (const up of ['+z', '-z', '+x', '-y'] as const) {
      const layer = moving(p, { translate: [1, -2, 0.5], rotateDeg: -40, scale: 1.5 }, up, [10, -20, 30]);
      const before = sceneMatrix(layer.transform, layer.bounds, up, layer.offset);
      const after = sceneMatrix(transformAfter(layer, motion), layer.bounds, up, layer.offset);
      const a = (motion.turnDeg * Math.PI) / 180;
      for (let i = 0; i < p.length; i += 3) {
        const [x, y, z] = applyMatrix(before, [p[i], p[i + 1], p[i + 2]]);
        // the scene turned counter-clockwise seen from above (+y), then moved
        const want = [Math.cos(a) * x + Math.sin(a) * z + motion.move[0], y + motion.move[1], -Math.sin(a) * x + Math.cos(a) * z + motion.move[2]];
        applyMatrix(after, [p[i], p[i + 1], p[i + 2]]).forEach((v, k) => expect(v).toBeCloseTo(want[k], 9));
      }
    }
  });

  it("turns a move, a turn and a scale into the layer's own transform, about its centre as it is drawn, whatever its up axis and origin", () => {
    const p = new Float32Array([0, 0, 0, 2, 1, 0.5, -1, 3, 2, 4, -2, 1]);
    const motion = { turnDeg: -12, scale: 0.8, move: [0.4, -1.2, 2.5] as [number, number, number] };
    for (const up of ['+z', '-y', '+x'] as const) {
      const layer = moving(p, { translate: [1, -2, 0.5], rotateDeg: 30, scale: 1.5 }, up, [10, -20, 30]);
      const t = transformAfter(layer, motion);
      expect(t.scale).toBeCloseTo(1.2, 12);
      const before = sceneMatrix(layer.transform, layer.bounds, up, layer.offset);
      const after = sceneMatrix(t, layer.bounds, up, layer.offset);
      const a = (motion.turnDeg * Math.PI) / 180;
      for (let i = 0; i < p.length; i += 3) {
        const [x, y, z] = applyMatrix(before, [p[i], p[i + 1], p[i + 2]]);
        // the scene turned and scaled about its origin, then moved
        const k = motion.scale;
        const want = [k * (Math.cos(a) * x + Math.sin(a) * z) + motion.move[0], k * y + motion.move[1], k * (-Math.sin(a) * x + Math.cos(a) * z) + motion.move[2]];
        applyMatrix(after, [p[i], p[i + 1], p[i + 2]]).forEach((v, k) => expect(v).toBeCloseTo(want[k], 9));
      }
    }
  });

  it('brings a copy of a scan moved 0.3, 0.1, -0.2 and turned 7° back, from another up axis and origin, to its transform before', async () => {
    const scan = await points('scene0000_00.ply');
    const origin: [number, number, number] = [100, 0, -50];
    const copy = inYUpFrame(scan, origin);
    // as drawn untransformed, the copy lies on the scan
    const layer = moving(copy, IDENTITY_TRANSFORM, '+y', origin);
    expect(largestGap(copy, sceneMatrix(IDENTITY_TRANSFORM, layer.bounds, '+y', origin), scan, reference(scan).matrix)).toBeLessThan(1e-4);
    const steps: number[] = [];
    const a = alignLayer({ ...layer, transform: T0 }, reference(scan), { onIteration: (s) => steps.push(s.rms) });
    expect(a.converged).toBe(true);
    expect(Math.abs(a.transform.rotateDeg)).toBeLessThan(1e-3);
    a.transform.translate.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    expect(a.transform.scale).toBe(1);
    expect(a.overlap).toBe(1);
    expect(a.rmsAfter).toBeLessThan(1e-4);
    expect(a.rmsBefore).toBeGreaterThan(0.1);
    expect(a.sampled).toBe(25_000);
    expect(steps).toHaveLength(a.iterations);
    expect(steps[steps.length - 1]).toBeLessThan(steps[0]);
  });

  it('puts the copy where a moved, turned and scaled reference is drawn, point on point', async () => {
    const scan = await points('scene0000_00.ply');
    const origin: [number, number, number] = [100, 0, -50];
    const copy = inYUpFrame(scan, origin);
    const drawnAt: LayerTransform = { translate: [1, -2, 0.5], rotateDeg: -20, scale: 2 };
    const ref = reference(scan, drawnAt);
    // the copy starts at the reference's scale, 0.3 m and 7° from it
    const start = { ...T0, scale: 2, rotateDeg: -13 };
    const a = alignLayer(moving(copy, start, '+y', origin), ref);
    expect(a.transform.rotateDeg).toBeCloseTo(-20, 3);
    expect(a.transform.scale).toBe(2);
    expect(largestGap(copy, sceneMatrix(a.transform, computeBounds(copy), '+y', origin), scan, ref.matrix)).toBeLessThan(2e-4);
  });

  it('with the scale adjusted, lays a copy of the scan scaled by 1.1, moved 0.2 m and turned 5° back on it, point on point as drawn', async () => {
    const scan = await points('scene0000_00.ply');
    // a file of its own: the scan's points scaled and turned about its centre, and moved
    const copy = placedPositions(scan, transformMatrix({ translate: [0.2, 0, 0], rotateDeg: 5, scale: 1.1 }, boundsCenter(computeBounds(scan)), '+z'));
    const a = alignLayer(moving(copy, IDENTITY_TRANSFORM), reference(scan), { adjustScale: true });
    expect(alignmentProblem(a)).toBeNull();
    expect(a.converged).toBe(true);
    expect(Math.abs(a.scaleFound * 1.1 - 1)).toBeLessThan(0.002);
    expect(a.transform.scale).toBe(a.scaleFound);
    expect(Math.abs(a.transform.rotateDeg + 5)).toBeLessThan(0.1);
    expect(a.rmsAfter).toBeLessThan(a.rmsBefore / 100);
    // the copy's points, drawn with the transform found, lie on the scan's
    expect(largestGap(copy, sceneMatrix(a.transform, computeBounds(copy), '+z', [0, 0, 0]), scan, reference(scan).matrix)).toBeLessThan(0.003);
  });

  it('with the scale adjusted, brings a copy drawn scaled by 1.1, moved and turned, from another up axis and origin, back to where its file puts it', async () => {
    const scan = await points('scene0000_00.ply');
    const origin: [number, number, number] = [100, 0, -50];
    const copy = inYUpFrame(scan, origin);
    const a = alignLayer(moving(copy, { translate: [0.2, 0.05, -0.1], rotateDeg: 5, scale: 1.1 }, '+y', origin), reference(scan), { adjustScale: true });
    expect(alignmentProblem(a)).toBeNull();
    expect(Math.abs(a.transform.scale - 1)).toBeLessThan(0.002);
    expect(Math.abs(a.transform.rotateDeg)).toBeLessThan(0.1);
    expect(largestGap(copy, sceneMatrix(a.transform, computeBounds(copy), '+y', origin), scan, reference(scan).matrix)).toBeLessThan(0.003);
  });

  it('without the scale adjusted keeps the scale typed, to the last digit, as it always has', async () => {
    const scan = await points('scene0000_00.ply');
    const typed = { ...IDENTITY_TRANSFORM, scale: 1.23456789 };
    const a = alignLayer(moving(scan, { ...T0, scale: typed.scale }), reference(scan, typed));
    expect(a.transform.scale).toBe(1.23456789);
    expect(a.scaleFound).toBe(1);
    expect(Math.abs(a.transform.rotateDeg)).toBeLessThan(1e-3);
  });

  it('refuses, in words, a scale found past a factor of 2: a layer drawn 3 times the size of the reference', async () => {
    const scan = await points('scene0000_00.ply');
    const a = alignLayer(moving(scan, { ...IDENTITY_TRANSFORM, scale: 3 }), reference(scan), { adjustScale: true });
    expect(a.scaleFound).toBeLessThan(0.5);
    expect(alignmentProblem(a)).toMatch(/^the layers differ in scale by more than a factor of 2: scale one by hand first \(the scale found was 0\.\d+\)$/);
  });

  it("aligns the scan's odd points, moved, to its even ones: another sampling of the same room", async () => {
    const [even, odd] = await Promise.all([points('scene0000_00.ply'), points('scene0000_00_odd.ply')]);
    const a = alignLayer(moving(odd, T0), reference(even));
    expect(alignmentProblem(a)).toBeNull();
    expect(Math.abs(a.transform.rotateDeg)).toBeLessThan(0.1);
    a.transform.translate.forEach((v) => expect(Math.abs(v)).toBeLessThan(0.005));
    expect(a.overlap).toBeGreaterThan(0.95);
    expect(a.rmsAfter).toBeLessThan(a.rmsBefore / 4);
  });

  it('aligns a scan to a part of it: the points the part lacks are left out of the fit, and the overlap says how much is shared', async () => {
    const scan = await points('scene0000_00.ply');
    const { min, max } = computeBounds(scan);
    // the reference is the room's western 60%, about half its points
    const cut = min[0] + 0.6 * (max[0] - min[0]);
    const part = Float32Array.from(scan.filter((_, i) => scan[i - (i % 3)] < cut));
    const shared = part.length / scan.length;
    const a = alignLayer(moving(scan, T0), reference(part));
    expect(alignmentProblem(a)).toBeNull();
    // the copy's points near the cut pair with the part's edge: a few millimetres on a 7 m room
    expect(Math.abs(a.transform.rotateDeg)).toBeLessThan(0.02);
    a.transform.translate.forEach((v) => expect(Math.abs(v)).toBeLessThan(0.005));
    expect(a.overlap).toBeGreaterThan(shared - 0.05);
    expect(a.overlap).toBeLessThan(shared + 0.05);
  });

  it("aligns a mesh's vertices to its surface, sampled, though most of them slide along its flat sides", async () => {
    const mesh = parseOff(new Uint8Array(readFileSync(new URL('../../fixtures/io/bathtub_0002.off', import.meta.url)))).data;
    if (mesh.kind !== 'mesh') throw new Error('the bathtub fixture is a mesh');
    const a = alignLayer(moving(mesh.positions, { translate: [0.6, -0.4, 0.3], rotateDeg: 4, scale: 1 }), { ...reference(mesh.positions), indices: mesh.indices });
    expect(a.transform).toEqual(IDENTITY_TRANSFORM);
    expect(a.overlap).toBe(1);
  });

  it('says so where the layers have nothing in common, rather than claiming a fit', async () => {
    const [room, tub] = await Promise.all([points('scene0000_00.ply'), points('bathtub_0002.off')]);
    const a = alignLayer(moving(tub, IDENTITY_TRANSFORM), reference(room));
    expect(a.overlap).toBeLessThan(MIN_OVERLAP);
    expect(alignmentProblem(a)).toMatch(/^the layers overlap too little to align: move them closer first \(after \d+ iterations, \d+% of the layer's points lie near the reference\)$/);
  });

  it('asks, of a layer a thousand times the size of the reference that finds nothing in common with it, whether it is in other units, scale adjusted or not', async () => {
    const scan = await points('scene0000_00.ply');
    const large = alignLayer(moving(scan, { ...IDENTITY_TRANSFORM, scale: 1000 }), reference(scan));
    expect(large.sizeRatio).toBeCloseTo(1000, 6);
    expect(alignmentProblem(large)).toMatch(
      /^the layers overlap too little to align: the layer is 1,000 times the size of the reference, and aligning keeps the scale: if they are in different units, scale it first \(the Layers panel's scale\) \(after \d+ iterations, 0% of the layer's points lie near the reference\)$/,
    );
    // asked the same with the scale adjusted, which goes a factor of 2 at most
    const adjusted = alignLayer(moving(scan, { ...IDENTITY_TRANSFORM, scale: 1000 }), reference(scan), { adjustScale: true });
    expect(alignmentProblem(adjusted)).toMatch(/^the layers overlap too little to align: the layer is 1,000 times the size of the reference, and aligning adjusts the scale by a factor of 2 at most: if they are in different units, scale it first/);
  });

  it('stops between iterations when cancelled', async () => {
    const scan = await points('scene0000_00.ply');
    const abort = new AbortController();
    const run = () => alignLayer(moving(scan, T0), reference(scan), { signal: abort.signal, onIteration: (s) => s.iteration === 2 && abort.abort() });
    expect(run).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });

  it("refuses layers with nothing to align and an alignment past the read budget, in the person's terms", () => {
    const few = new Float32Array([0, 0, 0, 1, 1, 1]);
    expect(() => alignLayer(moving(few, IDENTITY_TRANSFORM), reference(new Float32Array(30)))).toThrow(/fewer than 3 points with a finite position: there is nothing to align/);
    expect(() => alignLayer(moving(new Float32Array(30), IDENTITY_TRANSFORM), reference(new Float32Array([NaN, 0, 0])))).toThrow('the reference has fewer than 3 points with a finite position to align to');
    const huge = { positions: { length: 3 * 40_000_000 } as unknown as Float32Array, matrix: reference(new Float32Array(3)).matrix };
    expect(() => checkAlignment(huge, huge)).toThrow(InputError);
    expect(() => checkAlignment(huge, huge)).toThrow(/aligning to 40,000,000 points would take/);
  });

  it('gives the transform as a person reads it: the turn within ±180° to 1e-4°, the move to a millionth of the layer', () => {
    const box = { min: [0, 0, 0] as [number, number, number], max: [3, 4, 0] as [number, number, number] };
    expect(tidyTransform({ translate: [0.30000012345, -1e-9, 2.0000004], rotateDeg: 367.00004, scale: 1 }, box)).toEqual({ translate: [0.3, 0, 2], rotateDeg: 7, scale: 1 });
    expect(tidyTransform({ translate: [0, 0, 0], rotateDeg: -190, scale: 1 }, box).rotateDeg).toBe(170);
    expect(tidyTransform({ translate: [0, 0, 0], rotateDeg: 180, scale: 1 }, box).rotateDeg).toBe(180);
  });
});
