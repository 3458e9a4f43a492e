import { describe, expect, it } from 'vitest';
import { heightGrid } from '../../../src/core/geometry/heightGrid';
import { gridVolume } from '../../../src/core/geometry/gridVolume';
import { heapCloud } from './heapCloud';

/** `cloud` without the points `gone` holds of: a hole or a missing corner. */
function without(cloud: Float32Array, gone: (x: number, y: number) => boolean): Float32Array {
  const kept: number[] = [];
  for (let i = 0; i < cloud.length; i += 3) if (!gone(cloud[i], cloud[i + 1])) kept.push(cloud[i], cloud[i + 1], cloud[i + 2]);
  return Float32Array.from(kept);
}

const slope = (x: number, y: number) => 0.1 * x + 0.2 * y + 1;
// on cell edges (cells of 0.5), so that the cells around them keep all their points
const hole = (x: number, y: number) => x >= 4 && x < 6.5 && y >= 3.5 && y < 6;
const corner = (x: number, y: number) => x < 1.5 && y < 1;

describe('holes filled', () => {
  it("fills a hole in a sloping plane with the plane, as the cells would be with their points (to float32's digits)", () => {
    const whole = heightGrid(heapCloud(10, 10, slope), { up: '+z', cell: 0.5, height: 'mean' });
    const holed = heightGrid(without(heapCloud(10, 10, slope), hole), { up: '+z', cell: 0.5, height: 'mean', fillHoles: true });
    expect(holed.interpolated).toBe(25);
    expect(holed.empty).toBe(0);
    for (let k = 0; k < whole.heights.length; k++) expect(holed.heights[k]).toBeCloseTo(whole.heights[k], 6);
  });

  it('leaves empty the cells that reach the edge through empty cells: ground not scanned', () => {
    const cloud = without(heapCloud(10, 10, slope), (x, y) => hole(x, y) || corner(x, y));
    const left = heightGrid(cloud, { up: '+z', cell: 0.5, height: 'mean' });
    const filled = heightGrid(cloud, { up: '+z', cell: 0.5, height: 'mean', fillHoles: true });
    // the corner's empty cells, the lowest rows' first columns, stay empty; the hole's are filled
    expect(Number.isNaN(filled.heights[0])).toBe(true);
    expect(filled.interpolated).toBe(25);
    expect(filled.empty).toBe(6);
    expect(left.empty).toBe(31);
    const centre = 10 * filled.columns + 10;
    expect(Number.isNaN(left.heights[centre])).toBe(true);
    expect(filled.heights[centre]).toBeCloseTo(slope(5.225, 5.225), 6);
  });

  it('gives a block on ground with a hole the volume of the block on whole ground, the hole covered', () => {
    const block = (x: number, y: number) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 1.5 : 0);
    const cloud = without(heapCloud(10, 10, block), (x, y) => Math.hypot(x - 8.5, y - 8.5) < 1);
    const v = gridVolume(heightGrid(cloud, { up: '+z', cell: 0.5, height: 'mean', fillHoles: true }), 0, 'interpolate');
    expect(v.fill).toBeCloseTo(12, 6);
    expect(v.area).toBeCloseTo(100, 9);
    expect(v.empty).toBe(0);
  });
});
