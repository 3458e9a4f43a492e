import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { angleAt, atHeight, distance, floorHeight, formatMeasure, measureValue, polygonArea, type Vec3 } from '../../../src/core/geometry/measure';
import { turnedGeometry } from '../../../src/core/geometry/signedAxis';

const FLOOR = 2; // NYU40 id of "floor" in ScanNet's label field

async function scannetScene() {
  const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url)));
  const r = await parseFiles([{ name: 'scene0000_00.ply', bytes }]);
  if (r.data.kind !== 'points') throw new Error('the ScanNet fixture is a cloud');
  return r.data;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('measurements', () => {
  it('distance and angle between known points', () => {
    expect(distance([1, 2, 3], [4, 6, 3])).toBe(5);
    expect(angleAt([1, 0, 0], [0, 0, 0], [0, 2, 0])).toBeCloseTo(90, 10);
    expect(angleAt([1, 0, 0], [0, 0, 0], [1, 1, 0])).toBeCloseTo(45, 10);
    expect(angleAt([1, 0, 0], [0, 0, 0], [-3, 0, 0])).toBeCloseTo(180, 10);
    expect(angleAt([0, 0, 0], [0, 0, 0], [1, 0, 0])).toBe(0);
  });

  it('polygon area in any plane, and in the best plane for points off it', () => {
    const square: Vec3[] = [[0, 0, 0], [2, 0, 0], [2, 3, 0], [0, 3, 0]];
    expect(polygonArea(square)).toBeCloseTo(6, 10);
    // the same square stood up and moved: a tilted plane
    const c = Math.SQRT1_2;
    const tilted = square.map(([x, y]) => [x + 5, y * c, y * c - 1] as Vec3);
    expect(polygonArea(tilted)).toBeCloseTo(6, 10);
    // an L shape (not convex), clockwise
    const ell: Vec3[] = [[0, 0, 1], [0, 2, 1], [1, 2, 1], [1, 1, 1], [2, 1, 1], [2, 0, 1]];
    expect(polygonArea(ell)).toBeCloseTo(3, 10);
    expect(polygonArea(square.slice(0, 2))).toBe(0);
  });

  it('finds the floor of a real ScanNet room where its floor-labelled points are', async () => {
    const scene = await scannetScene();
    const labels = scene.fields.label;
    const z: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === FLOOR) z.push(scene.positions[i * 3 + 2]);
    expect(z.length).toBeGreaterThan(1000);
    const truth = median(z);
    expect(Math.abs(floorHeight(scene.positions, '+z') - truth)).toBeLessThan(0.03);
    // the same room stored +y up: the floor is found along y
    const turned = turnedGeometry(scene, '+z', '+y');
    expect(Math.abs(floorHeight(turned.positions, '+y') - truth)).toBeLessThan(0.03);
    // upside down, heights count downwards
    const flipped = turnedGeometry(scene, '+z', '-z');
    expect(Math.abs(floorHeight(flipped.positions, '-z') - truth)).toBeLessThan(0.03);
  });

  it('takes the lowest point where no band is dense: a cloud spread evenly over its height', () => {
    const n = 1000;
    const p = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) p[i * 3 + 2] = 1 + i / n;
    expect(floorHeight(p, '+z')).toBe(1);
  });

  it('height above the floor, and where it meets the floor', () => {
    expect(measureValue('height', [[1, 2, 3.5]], { up: '+z', floor: 0.5 })).toBe(3);
    expect(measureValue('height', [[1, -2, 3.5]], { up: '-y', floor: 0.5 })).toBe(1.5);
    expect(atHeight([1, -2, 3.5], '-y', 0.5)).toEqual([1, -0.5, 3.5]);
  });

  it('has no value until it has its points, and formats each kind in the file\'s units', () => {
    const ctx = { up: '+z' as const, floor: 0 };
    expect(measureValue('distance', [[0, 0, 0]], ctx)).toBeNaN();
    expect(measureValue('angle', [[0, 0, 0], [1, 0, 0]], ctx)).toBeNaN();
    expect(measureValue('area', [[0, 0, 0], [1, 0, 0]], ctx)).toBeNaN();
    expect(formatMeasure('distance', 1.23456, 'm')).toBe('1.235 m');
    expect(formatMeasure('area', 2.5, 'm')).toBe('2.500 m²');
    expect(formatMeasure('distance', 0.5, '')).toBe('0.500 units');
    expect(formatMeasure('angle', 90, 'm')).toBe('90.0°');
    expect(formatMeasure('height', NaN, 'm')).toBe('–');
  });
});
