import { describe, expect, it } from 'vitest';
import { drawnBox, estimateWallTurn, squared, squaringOf, SQUARE_DEGREES, turnedAboutZ, unsquaredBox } from '../../../src/core/geometry/wallTurn';
import type { LabelledBox } from '../../../src/core/types';
import { createRng } from '../../../src/core/random';
import { loadScene } from '../../fixtures/seg/scene';

const { cloud } = loadScene();
const DEG = Math.PI / 180;
const pivotOf = (p: Float32Array): [number, number] => {
  let [x, y] = [0, 0];
  for (let i = 0; i < p.length; i += 3) [x, y] = [x + p[i], y + p[i + 1]];
  return [(3 * x) / p.length, (3 * y) / p.length];
};
const centre = pivotOf(cloud.positions);

describe('walls of a room turned about its up axis', () => {
  it('leaves the ScanNet scan as recorded alone: it is square to its axes', () => {
    const walls = estimateWallTurn(cloud.positions);
    expect(Math.abs(walls.angle)).toBeLessThan(SQUARE_DEGREES * DEG);
    expect(walls.agreement).toBeGreaterThan(0.5);
    expect(walls.turned).toBe(false);
    expect(squaringOf(cloud.positions, walls)).toBeUndefined();
  });

  it.each([10, 30, -25, 44])('finds the walls of the scan turned %d degrees, whichever quarter it lands in', (degrees) => {
    const walls = estimateWallTurn(turnedAboutZ(cloud.positions, degrees * DEG, centre));
    expect(walls.turned).toBe(true);
    expect(Math.abs(walls.angle / DEG - degrees)).toBeLessThan(1.5);
    // a quarter turn more is the same walls
    const more = estimateWallTurn(turnedAboutZ(cloud.positions, (degrees + 90) * DEG, centre));
    expect(Math.abs(more.angle - walls.angle)).toBeLessThan(0.5 * DEG);
  });

  it('finds no walls in a cloud that has none', () => {
    const random = createRng(3);
    const blob = Float32Array.from({ length: 3 * 20_000 }, () => 3 * random());
    expect(estimateWallTurn(blob).turned).toBe(false);
    expect(estimateWallTurn(new Float32Array(0)).turned).toBe(false);
  });

  it('squares the turned scan back onto the recorded one, about its own middle however far it lies from the origin', () => {
    const far = Float32Array.from(cloud.positions, (v, i) => v + [10_000, -20_000, 0][i % 3]);
    const turnedScan = turnedAboutZ(far, 30 * DEG, [10_003, -19_997]);
    const s = squaringOf(turnedScan, estimateWallTurn(turnedScan))!;
    const back = squared(turnedScan, s);
    // as recorded up to the small error of the estimate and a shift: the heights untouched, the footprint the same size
    const span = (p: Float32Array, k: number) => {
      let [lo, hi] = [Infinity, -Infinity];
      for (let i = k; i < p.length; i += 3) [lo, hi] = [Math.min(lo, p[i]), Math.max(hi, p[i])];
      return hi - lo;
    };
    for (let i = 2; i < back.length; i += 3) expect(back[i]).toBe(turnedScan[i]);
    for (const k of [0, 1]) expect(Math.abs(span(back, k) - span(cloud.positions, k))).toBeLessThan(0.1);
    // the middle of its bounds: turned about the origin, float32 would keep only millimetres of it
    for (const k of [0, 1]) {
      let [lo, hi] = [Infinity, -Infinity];
      for (let i = k; i < turnedScan.length; i += 3) [lo, hi] = [Math.min(lo, turnedScan[i]), Math.max(hi, turnedScan[i])];
      expect(s.pivot[k]).toBeCloseTo((lo + hi) / 2, 6);
    }
  });

  it('turns a box found square to the walls back onto the scan, turned with it', () => {
    const s = { angle: 30 * DEG, pivot: [1, 2] as [number, number] };
    const box: LabelledBox = { center: [3, 2, 0.5], size: [2, 1, 1], label: 'bed', classIndex: 3, score: 0.9, points: 100 };
    const back = unsquaredBox(box, s);
    expect(back.center[0]).toBeCloseTo(1 + 2 * Math.cos(30 * DEG), 5);
    expect(back.center[1]).toBeCloseTo(2 + 2 * Math.sin(30 * DEG), 5);
    expect(back.center[2]).toBe(0.5);
    expect(back.size).toEqual([2, 1, 1]);
    expect(back.turn).toEqual({ axis: 2, radians: 30 * DEG });
    expect(unsquaredBox(box, undefined)).toBe(box);
  });

  it('draws a found box square to the axes unless asked for the walls, and then only where it carries that box', () => {
    const square = { center: [1, 1, 1] as [number, number, number], size: [1, 2, 1] as [number, number, number], turn: { axis: 2 as const, radians: 0.3 } };
    const box: LabelledBox = { center: [1, 1, 1], size: [2, 2, 1], label: 'table', classIndex: 6, score: 0.5, points: 10, square };
    expect(drawnBox(box, 'axes')).toBe(box);
    expect(drawnBox(box, 'walls')).toMatchObject({ label: 'table', size: [1, 2, 1], turn: square.turn });
    const plain = { ...box, square: undefined };
    expect(drawnBox(plain, 'walls')).toBe(plain);
  });

  it('reads the squared copy of a turned scan as square', () => {
    const turnedScan = turnedAboutZ(cloud.positions, 30 * DEG, centre);
    const again = estimateWallTurn(squared(turnedScan, squaringOf(turnedScan, estimateWallTurn(turnedScan))));
    expect(again.turned).toBe(false);
    expect(Math.abs(again.angle)).toBeLessThan(1 * DEG);
  });
});
