import { describe, expect, it } from 'vitest';
import { checkCell, defaultCell, gridShape, heightGrid, MAX_GRID_CELLS, smallestCell } from '../../../src/core/geometry/heightGrid';
import { baseHeight, gridVolume, scaledVolume } from '../../../src/core/geometry/gridVolume';
import { heapCloud } from './heapCloud';

/** A 4 × 2 block 1.5 high, its top's corner at (3, 4), on ground 10 × 10 at height 0, sampled every 0.05 (`heapCloud`). */
const block = (x: number, y: number) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 1.5 : 0);
const BLOCK_VOLUME = 4 * 2 * 1.5;

describe('height grid', () => {
  it('bins the points into cells over their footprint, a point on the far edge in the last cell', () => {
    const g = heightGrid(heapCloud(10, 10, block), { up: '+z', cell: 0.5, height: 'mean' });
    expect([g.columns, g.rows]).toEqual([20, 20]);
    expect(g.corner).toEqual([0, 0]);
    expect(g.empty).toBe(0);
    expect(g.points).toBe(201 * 201);
  });

  it('keeps per cell the highest, lowest or mean height of its points', () => {
    const positions = new Float32Array([0.1, 0.1, 1, 0.2, 0.2, 3, 0.3, 0.3, 2, 1.9, 1.9, 5]);
    const at = (height: 'max' | 'min' | 'mean') => heightGrid(positions, { up: '+z', cell: 1, height }).heights[0];
    expect(at('max')).toBe(3);
    expect(at('min')).toBe(1);
    expect(at('mean')).toBe(2);
  });

  it('leaves a cell no point falls in empty, and counts it', () => {
    const positions = new Float32Array([0.5, 0.5, 1, 2.5, 0.5, 1, 2.5, 2.5, 1, 0.5, 2.5, 1]);
    const g = heightGrid(positions, { up: '+z', cell: 0.8, height: 'mean' });
    expect(g.empty).toBe(5);
    expect(Number.isNaN(g.heights[4])).toBe(true);
  });

  it('grids only the points kept', () => {
    const positions = new Float32Array([0, 0, 1, 1, 1, 9, 2, 2, 1]);
    const g = heightGrid(positions, { up: '+z', cell: 1, height: 'max', kept: new Uint8Array([1, 0, 1]) });
    expect(g.points).toBe(2);
    expect(Math.max(...g.heights.filter((h) => !Number.isNaN(h)))).toBe(1);
  });

  it('grids about a y-up layer\'s up: across x and z, heights along y, the same volume', () => {
    const zUp = heapCloud(10, 10, block);
    const yUp = new Float32Array(zUp.length);
    for (let i = 0; i < zUp.length; i += 3) yUp.set([zUp[i], zUp[i + 2], zUp[i + 1]], i);
    const g = heightGrid(yUp, { up: '+y', cell: 0.5, height: 'mean' });
    expect(g.across).toEqual([0, 2]);
    expect(gridVolume(g, 0).fill).toBeCloseTo(BLOCK_VOLUME, 6);
  });

  it('refuses a grid of more than MAX_GRID_CELLS before making it, naming a cell that fits', () => {
    expect(() => checkCell(0.01, [1000, 1000], 'm')).toThrow(/more than the 10,000,000 a grid may hold: take a cell of 0\.32 m or more/);
    const fits = smallestCell([1000, 1000]);
    const { columns, rows } = gridShape([1000, 1000], fits);
    expect(columns * rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
    expect(() => checkCell(fits, [1000, 1000])).not.toThrow();
    // a long, narrow strip: the cell is bounded by its length alone
    for (const strip of [[1000, 0], [5000, 0.001]] as [number, number][]) {
      const cell = smallestCell(strip);
      expect(gridShape(strip, cell).columns * gridShape(strip, cell).rows).toBeLessThanOrEqual(MAX_GRID_CELLS);
      expect(gridShape(strip, cell * 0.9).columns * gridShape(strip, cell * 0.9).rows).toBeGreaterThan(MAX_GRID_CELLS);
    }
    expect(() => heightGrid(new Float32Array([0, 0, 0, 1000, 1000, 0]), { up: '+z', cell: 0.01, height: 'mean' })).toThrow(/take a cell of/);
    expect(() => checkCell(0, [1, 1])).toThrow(/above 0/);
  });

  it('takes by default a round cell a few point spacings wide', () => {
    // points every 0.05: CELL_SPACINGS (4) times that is 0.2
    expect(defaultCell(heapCloud(10, 10, block), '+z')).toBeCloseTo(0.2, 9);
  });

  it('refuses a cell wider than the ground the points cover, whose one cell would give its own area as theirs', () => {
    // 19 × 19 of ground: a cell of 1e200 gave an area past what a number holds, and fill, cut and net none
    expect(() => checkCell(1e200, [19, 19], 'm')).toThrow(
      'A cell of 1e+200 m is wider than the 19 × 19 m the points cover: their grid would be one cell reaching past them, its area that cell\'s. Take a cell of 19 m or less.',
    );
    expect(() => checkCell(25, [19, 3])).toThrow(/Take a cell of 19 or less\.$/);
    expect(() => checkCell(19, [19, 3])).not.toThrow();
    // points at one spot cover no ground to compare a cell with
    expect(() => checkCell(1, [0, 0])).not.toThrow();
  });

  it('cuts a cloud too small for its spacing\'s cell into a few cells by default, not one wider than it', () => {
    // 10 × 10 points a unit apart on a slope rising 1 a unit: spaced 1.41, whose four times rounds up to 10, over 9 × 9
    const slope: number[] = [];
    for (let x = 0; x < 10; x++) for (let y = 0; y < 10; y++) slope.push(x, y, x + y);
    const cell = defaultCell(new Float32Array(slope), '+z');
    expect(cell).toBe(2);
    const g = heightGrid(new Float32Array(slope), { up: '+z', cell, height: 'mean' });
    expect([g.columns, g.rows]).toEqual([5, 5]);
    // two points a unit apart
    expect(defaultCell(new Float32Array([0, 0, 0, 1, 1, 1]), '+z')).toBe(0.2);
  });
});

describe('volume against a base', () => {
  it('gives a flat-top block its w × d × h exactly on cells its edges fall on', () => {
    const cloud = heapCloud(10, 10, block);
    const v = gridVolume(heightGrid(cloud, { up: '+z', cell: 0.5, height: 'mean' }), baseHeight(cloud, '+z', { kind: 'lowest' }));
    expect(v.fill).toBeCloseTo(BLOCK_VOLUME, 6);
    expect(v.cut).toBe(0);
    expect(v.net).toBeCloseTo(BLOCK_VOLUME, 6);
    expect(v.area).toBeCloseTo(100, 9);
    expect([v.cells, v.empty]).toEqual([400, 0]);
  });

  it('gives the block within a ring of one cell on cells its edges cut through', () => {
    const cloud = heapCloud(10, 10, block);
    const cell = 0.3;
    const v = gridVolume(heightGrid(cloud, { up: '+z', cell, height: 'mean' }), 0);
    expect(Math.abs(v.fill - BLOCK_VOLUME)).toBeLessThan(((4 + cell) * (2 + cell) - 4 * 2) * 1.5);
  });

  it('gives a cone πr²h/3 within 2%', () => {
    const cone = (x: number, y: number) => Math.max(0, 3 * (1 - Math.hypot(x - 10, y - 10) / 5));
    const cloud = heapCloud(20, 20, cone);
    const v = gridVolume(heightGrid(cloud, { up: '+z', cell: 0.25, height: 'mean' }), baseHeight(cloud, '+z', { kind: 'floor' }));
    const exact = (Math.PI * 25 * 3) / 3;
    expect(Math.abs(v.fill - exact) / exact).toBeLessThan(0.02);
  });

  it('splits into fill above and cut below a base at mid-height', () => {
    const v = gridVolume(heightGrid(heapCloud(10, 10, block), { up: '+z', cell: 0.5, height: 'mean' }), 0.75);
    expect(v.fill).toBeCloseTo(4 * 2 * 0.75, 6);
    expect(v.cut).toBeCloseTo((100 - 8) * 0.75, 6);
    expect(v.net).toBeCloseTo(6 - 69, 6);
  });

  it('reads heights along a -z up turned: the base and the cells measured downwards', () => {
    const cloud = heapCloud(10, 10, (x, y) => -block(x, y));
    const v = gridVolume(heightGrid(cloud, { up: '-z', cell: 0.5, height: 'mean' }), baseHeight(cloud, '-z', { kind: 'lowest' }));
    expect(v.fill).toBeCloseTo(BLOCK_VOLUME, 6);
  });

  it('finds the floor under a few stray points below it, where the lowest point is one of them', () => {
    const ground = heapCloud(10, 10, block);
    const cloud = new Float32Array(ground.length + 3);
    cloud.set(ground);
    cloud.set([5, 5, -4], ground.length);
    expect(baseHeight(cloud, '+z', { kind: 'lowest' })).toBe(-4);
    expect(baseHeight(cloud, '+z', { kind: 'floor' })).toBe(0);
  });

  it('counts empty cells out of the covered area, or in where they are filled with the base', () => {
    const positions = new Float32Array([0.5, 0.5, 2, 2.9, 2.9, 1]);
    const g = heightGrid(positions, { up: '+z', cell: 1, height: 'mean' });
    expect(gridVolume(g, 0)).toMatchObject({ fill: 3, area: 2, cells: 9, empty: 7 });
    expect(gridVolume(g, 0, 'base')).toMatchObject({ fill: 3, area: 9, cells: 9, empty: 7 });
  });

  it('reads a layer drawn twice its size as eight times the volume and four times the area', () => {
    const v = scaledVolume({ fill: 3, cut: 1, net: 2, area: 5, cells: 9, empty: 1, interpolated: 0 }, 2);
    expect(v).toEqual({ fill: 24, cut: 8, net: 16, area: 20, cells: 9, empty: 1, interpolated: 0 });
  });
});
