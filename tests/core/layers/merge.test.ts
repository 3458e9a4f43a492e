import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { parseFiles } from '../../../src/core/io';
import { checkMerge, intoFrameOf, mergedName, mergeNotes, mergeParts, NO_COLOUR_GREY, planMerge, SOURCE_FIELD, type MergePart } from '../../../src/core/layers/merge';
import { sceneOrigin } from '../../../src/core/io/shift';
import { placedInScene, type Placement } from '../../../src/core/layers/placement';
import { invertAffine, multiplyMatrices } from '../../../src/core/layers/transform';
import type { PointCloud } from '../../../src/core/types';

const SCAN = fileURLToPath(new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url));
const BIG = 1 << 30;

let scan: PointCloud;
let first: Placement;
// the same room moved, turned about its own up, halved again and standing on another axis (y up, z south), about an origin of its own near the first's
let moved: Placement;

beforeAll(async () => {
  scan = (await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(SCAN)) }])).data as PointCloud;
  const bounds = computeBounds(scan.positions);
  first = { transform: { translate: [0.5, -1, 0.25], rotateDeg: 20, scale: 1 }, bounds, up: '+z', origin: [1000, 2000, 0] };
  moved = { transform: { translate: [4, 1, -2], rotateDeg: 33, scale: 1.5 }, bounds, up: '+y', origin: [1003, 5, -1990] };
});

/** A copy of the scan with no colours, and fields of its own: a measure and a label the scan lacks. */
function bareCopy(): PointCloud {
  const n = scan.positions.length / 3;
  const { label } = scan.fields;
  return { kind: 'points', positions: scan.positions, fields: { label, intensity: Float32Array.from({ length: n }, (_, i) => i / 10), part: Uint8Array.from({ length: n }, (_, i) => i % 3) } };
}

const parts = (second: PointCloud = scan): MergePart[] => [
  { name: 'room.ply', geometry: scan, kept: null, matrix: null },
  { name: 'room moved.ply', geometry: second, kept: null, matrix: intoFrameOf(first, moved) },
];

describe('merging layers', () => {
  it('keeps the first layer\'s points as they are and puts the other\'s where it is drawn', () => {
    const { cloud, summary } = mergeParts(parts(), BIG);
    const n = scan.positions.length / 3;
    expect(summary.points).toBe(2 * n);
    expect(cloud.positions.subarray(0, 3 * n)).toEqual(scan.positions);
    // the merged cloud is drawn with the first layer's placement: each point of the second lies where that layer drew it
    const worst = [0, 1, 2].map(() => 0);
    for (let i = 0; i < n; i += 7) {
      const p = [0, 1, 2].map((a) => scan.positions[3 * i + a]) as [number, number, number];
      const drawn = placedInScene(p, moved, sceneOrigin(first.origin, first.up));
      const merged = placedInScene([0, 1, 2].map((a) => cloud.positions[3 * (n + i) + a]) as [number, number, number], first, sceneOrigin(first.origin, first.up));
      drawn.forEach((v, a) => (worst[a] = Math.max(worst[a], Math.abs(v - merged[a]))));
    }
    // float32 positions some metres from zero
    expect(Math.max(...worst)).toBeLessThan(1e-5);
  });

  it('inverts a layer\'s placement', () => {
    const m = intoFrameOf(moved, moved);
    m.forEach((v, k) => expect(v).toBeCloseTo(k % 5 === 0 ? 1 : 0, 12));
    const a = invertAffine([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 1, 2, 3, 1]);
    expect(multiplyMatrices(a, [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 1, 2, 3, 1])).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('keeps a field every layer has, fills one only some have, greys a layer without colours and names each point\'s layer', () => {
    const { cloud, summary } = mergeParts(parts(bareCopy()), BIG);
    const n = scan.positions.length / 3;
    expect(summary.kept).toEqual(['label']);
    expect(summary.filled.sort()).toEqual(Object.keys(scan.fields).filter((f) => f !== 'label').concat('intensity', 'part').sort());
    expect(summary.greyed).toEqual(['room moved.ply']);
    expect(cloud.fields.label).toEqual(new (scan.fields.label.constructor as Int32ArrayConstructor)([...scan.fields.label, ...scan.fields.label]));
    expect(Array.from(cloud.colors!.subarray(0, 3 * n))).toEqual(Array.from(scan.colors!));
    expect(Array.from(cloud.colors!.subarray(3 * n, 3 * n + 3))).toEqual(NO_COLOUR_GREY);
    // a measure the first lacks is NaN there; a label the first lacks is -1, in a type that holds it
    expect(cloud.fields.intensity).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(cloud.fields.intensity[0])).toBe(true);
    expect(cloud.fields.intensity[n + 10]).toBeCloseTo(1);
    expect(cloud.fields.part).toBeInstanceOf(Int16Array);
    expect([cloud.fields.part[0], cloud.fields.part[n + 2]]).toEqual([-1, 2]);
    // ScanNet's uint32 instance ids, missing from the copy, stay labels: -1 in an Int32Array
    expect(scan.fields.instance).toBeInstanceOf(Uint32Array);
    expect(cloud.fields.instance).toBeInstanceOf(Int32Array);
    expect([cloud.fields.instance[5], cloud.fields.instance[n + 5]]).toEqual([scan.fields.instance[5], -1]);
    const source = cloud.fields[SOURCE_FIELD];
    expect([0, 1].map((id) => source.filter((s) => s === id).length)).toEqual([n, n]);
    expect(cloud.fieldClasses![SOURCE_FIELD].map((c) => [c.id, c.name])).toEqual([[0, 'room.ply'], [1, 'room moved.ply']]);
    expect(mergeNotes(summary).join(' ')).toMatch(/room moved\.ply had no colours: its points are grey/);
  });

  it('takes only the points a layer\'s mask keeps', () => {
    const n = scan.positions.length / 3;
    const kept = Uint8Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0));
    const [a, b] = parts();
    const { cloud, summary } = mergeParts([{ ...a, kept }, b], BIG);
    expect(summary.parts.map((p) => p.points)).toEqual([100, n]);
    expect(cloud.positions.subarray(0, 300)).toEqual(scan.positions.subarray(0, 300));
  });

  it('refuses layers in different units, and a merge past the budget before making it', () => {
    const [a, b] = parts();
    expect(() => checkMerge([{ ...a, unit: 'ft' }, { ...b, unit: 'm' }])).toThrow(/room\.ply is in ft and room moved\.ply in m: one cloud holds one unit, so convert one of them first/);
    expect(() => checkMerge([a])).toThrow(/two layers or more/);
    const plan = planMerge([a, b]);
    expect(() => mergeParts([a, b], plan.bytes - 1)).toThrow(/would take .* more than the .* read budget/);
    expect(mergeParts([a, b], plan.bytes).summary.points).toBe(plan.points);
  });

  it('is named after the layers it joins', () => {
    expect(mergedName(3)).toBe('merged (3 layers)');
  });
});
