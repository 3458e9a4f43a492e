import { describe, expect, it } from 'vitest';
import { checkSameUnit, differenceGrid, differenceVolume, gridsBetween, heightAboveFieldName, heightAboveGrid, sharedFrame } from '../../../src/core/geometry/gridDifference';
import { heapCloud } from './heapCloud';

/** A flat ground 10 × 10 at height 2, and the same ground with a 4 × 2 block 1.5 high (12 cubed) on it, or a pit 3 × 2 and 0.5 deep (3 cubed) in it. */
const ground = () => heapCloud(10, 10, () => 2);
const withBlock = () => heapCloud(10, 10, (x, y) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 3.5 : 2));
const withPit = () => heapCloud(10, 10, (x, y) => (x >= 1 && x < 4 && y >= 1 && y < 3 ? 1.5 : 2));
const options = { up: '+z' as const, cell: 0.5, height: 'mean' as const };
const between = (active: Float32Array, base: Float32Array, more = {}) => {
  const { grid, baseGrid } = gridsBetween(active, base, { ...options, ...more });
  return differenceVolume(grid, baseGrid);
};

describe('volume between two layers', () => {
  it('gives the block added to the ground as fill, and nothing cut', () => {
    const { grid, baseGrid } = gridsBetween(withBlock(), ground(), options);
    const v = differenceVolume(grid, baseGrid);
    expect(v.fill).toBeCloseTo(12, 6);
    expect(v.cut).toBeCloseTo(0, 9);
    expect(v.net).toBeCloseTo(12, 6);
    expect(v.area).toBeCloseTo(100, 9);
    expect([v.cells, v.matched, v.onlyActive, v.onlyBase, v.empty]).toEqual([400, 400, 0, 0, 0]);
  });

  it('gives a pit dug in the ground as cut, and the ground over the pit as fill the other way round', () => {
    const dug = between(withPit(), ground());
    expect(dug.cut).toBeCloseTo(3, 6);
    expect(dug.fill).toBeCloseTo(0, 9);
    expect(dug.net).toBeCloseTo(-3, 6);
    expect(between(ground(), withPit()).fill).toBeCloseTo(3, 6);
  });

  it('grids both on the ground either covers, and counts the cells only one of them covers apart', () => {
    // the base reaches 5 further along x: the active layer's last samples (x = 10) start the 21st column, 9 more only the base covers
    const base = heapCloud(15, 10, () => 2);
    expect(sharedFrame(withBlock(), null, base, '+z')).toEqual({ corner: [0, 0], spans: [15, 10] });
    const { grid, baseGrid } = gridsBetween(withBlock(), base, options);
    expect([grid.columns, grid.rows, baseGrid.corner[0], grid.corner[0]]).toEqual([30, 20, 0, 0]);
    const v = differenceVolume(grid, baseGrid);
    expect([v.matched, v.onlyActive, v.onlyBase]).toEqual([420, 0, 180]);
    expect(v.fill).toBeCloseTo(12, 6);
    expect(v.area).toBeCloseTo(105, 9);
  });

  it('fills each grid\'s holes from its own cells where asked', () => {
    // a hole in the base where the block stands: interpolated from the ground around it, the block is still 12
    const all = ground();
    const inHole = (i: number) => all[3 * i] > 4.2 && all[3 * i] < 5.8 && all[3 * i + 1] > 4.2 && all[3 * i + 1] < 5.8;
    const base = new Float32Array(Array.from({ length: all.length / 3 }, (_, i) => i).filter((i) => !inHole(i)).flatMap((i) => [all[3 * i], all[3 * i + 1], all[3 * i + 2]]));
    const left = between(withBlock(), base);
    expect(left.onlyActive).toBeGreaterThan(0);
    const filled = between(withBlock(), base, { fillHoles: true });
    expect(filled.onlyActive).toBe(0);
    expect(filled.baseInterpolated).toBe(left.onlyActive);
    expect(filled.fill).toBeCloseTo(12, 6);
  });

  it('grids only the active layer\'s points kept', () => {
    const active = withBlock();
    const kept = new Uint8Array(active.length / 3);
    for (let i = 0; i < kept.length; i++) kept[i] = active[3 * i] < 5 ? 1 : 0;
    const v = between(active, ground(), { kept });
    expect(v.fill).toBeCloseTo(6, 6);
    expect(v.onlyBase).toBe(200);
  });

  it("grids only the base layer's points kept, on the ground those and the active layer's cover", () => {
    // the base's block is cut where its half kept (x below 5) stands: 2 × 2 × 1.5; beyond, only the flat active layer covers
    const base = withBlock();
    const baseKept = new Uint8Array(base.length / 3).map((_, i) => (base[3 * i] < 5 ? 1 : 0));
    const { grid, baseGrid } = gridsBetween(ground(), base, options, baseKept);
    expect(baseGrid.points).toBe(100 * 201);
    const v = differenceVolume(grid, baseGrid);
    expect(v.cut).toBeCloseTo(6, 6);
    expect(v.fill).toBeCloseTo(0, 9);
    expect([v.matched, v.onlyActive, v.onlyBase]).toEqual([200, 200, 0]);
    // a base kept beyond the active layer's ground widens the frame by its kept points alone
    const wide = heapCloud(15, 10, () => 2);
    const near = new Uint8Array(wide.length / 3).map((_, i) => (wide[3 * i] <= 12 ? 1 : 0));
    expect(sharedFrame(ground(), null, wide, '+z', near)).toEqual({ corner: [0, 0], spans: [12, 10] });
  });

  it('gives the difference grid cell by cell, empty where either layer is', () => {
    const base = withBlock();
    const baseKept = new Uint8Array(base.length / 3).map((_, i) => (base[3 * i] < 5 ? 1 : 0));
    const { grid, baseGrid } = gridsBetween(withPit(), base, options, baseKept);
    const d = differenceGrid(grid, baseGrid);
    const at = (x: number, y: number) => d.heights[Math.floor(y / 0.5) * d.columns + Math.floor(x / 0.5)];
    expect([at(2, 2), at(4, 5), at(1, 8), at(6, 5)]).toEqual([-0.5, -1.5, 0, NaN]);
    expect([d.columns, d.rows, d.empty, d.interpolated, d.points]).toEqual([20, 20, 200, 0, grid.points]);
    expect(() => differenceGrid(grid, gridsBetween(withPit(), base, { ...options, cell: 1 }).baseGrid)).toThrow(/not on one frame/);
  });

  it('gives each point its height above the base cell under it, NaN off the base', () => {
    const { baseGrid } = gridsBetween(withBlock(), ground(), options);
    const points = new Float32Array([5, 5, 3.5, 0, 0, 2, 10, 10, 1.5, 11, 5, 3]);
    expect(Array.from(heightAboveGrid(points, baseGrid))).toEqual([1.5, 0, -0.5, NaN]);
  });

  it('names the field after the base layer\'s file', () => {
    expect(heightAboveFieldName('before pile.las')).toBe('height_above_before_pile');
  });

  it('refuses two layers that cover no ground in common, saying how far apart they lie, and takes two a cell apart', () => {
    const far = heapCloud(10, 10, () => 2).map((v, i) => (i % 3 === 0 ? v + 4_000_010 : v));
    expect(() => gridsBetween(ground(), far, { ...options, unit: 'ft' })).toThrow(
      "Seen from above, the points and the base's points cover no ground in common: they lie 4000000 ft apart, so no cell holds both. Check that the two are in the same coordinates and units.",
    );
    // the gap as wide as a cell: a cell may still hold both edges
    const beside = heapCloud(10, 10, () => 2).map((v, i) => (i % 3 === 0 ? v + 10.5 : v));
    expect(() => gridsBetween(ground(), beside, options)).not.toThrow();
  });

  it('refuses two layers in different declared units in words, and takes one that declares none', () => {
    expect(() => checkSameUnit({ name: 'after.las', unit: 'ft' }, { name: 'before.las', unit: 'm' })).toThrow(/after\.las is in ft and before\.las in m: .*convert one of them/);
    expect(() => checkSameUnit({ name: 'after.las', unit: 'm' }, { name: 'design.ply' })).not.toThrow();
  });
});
