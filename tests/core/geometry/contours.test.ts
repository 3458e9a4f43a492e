import { describe, expect, it } from 'vitest';
import { checkInterval, contourLevels, contourLines, defaultInterval } from '../../../src/core/geometry/contours';
import { heightGrid, type HeightGrid } from '../../../src/core/geometry/heightGrid';
import { heapCloud } from './heapCloud';

/** A z-up grid of `columns` × `rows` cells of `cell`, its first cell's corner at `corner`, each cell's centre at the height `height` gives. */
function gridOf(columns: number, rows: number, cell: number, corner: [number, number], height: (x: number, y: number) => number): HeightGrid {
  const heights = new Float64Array(columns * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) heights[r * columns + c] = height(corner[0] + (c + 0.5) * cell, corner[1] + (r + 0.5) * cell);
  return { up: '+z', across: [0, 1], cell, corner, columns, rows, heights, points: columns * rows, empty: 0, interpolated: 0 };
}

const xyOf = (points: Float64Array) => Array.from({ length: points.length / 3 }, (_, i) => [points[3 * i], points[3 * i + 1], points[3 * i + 2]]);

describe('contour lines', () => {
  it('cuts a cone (height = distance from its axis) into a ring at each level within the grid, of the level as radius to within a cell', () => {
    const cell = 0.25;
    const cone = gridOf(41, 41, cell, [-5.125, -5.125], (x, y) => Math.hypot(x, y));
    const { levels, lines, interval } = contourLines(cone, { interval: 1 });
    expect(interval).toBe(1);
    expect(levels).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const level of [1, 2, 3, 4, 5]) {
      const at = lines.filter((l) => l.level === level);
      expect(at, `level ${level}`).toHaveLength(1);
      expect(at[0].closed).toBe(true);
      for (const [x, y, z] of xyOf(at[0].points)) {
        expect(Math.abs(Math.hypot(x, y) - level)).toBeLessThan(cell);
        expect(z).toBe(level);
      }
    }
    // the grid's edge cuts the rings past a radius of 5 (the ring at 5 touches it): arcs, open
    expect(lines.filter((l) => l.level > 5).every((l) => !l.closed)).toBe(true);
    // the apex is at 0: a level through one node alone makes no line
    expect(lines.some((l) => l.level === 0)).toBe(false);
  });

  it('cuts a plane sloping in x into straight lines across it at the x of each level', () => {
    const plane = gridOf(20, 10, 0.5, [0, 0], (x) => 0.5 * x);
    const { lines } = contourLines(plane, { interval: 1 });
    expect(lines.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    for (const line of lines) {
      expect(line.closed).toBe(false);
      const points = xyOf(line.points);
      for (const [x] of points) expect(x).toBeCloseTo(2 * line.level, 9);
      expect(Math.min(...points.map((p) => p[1]))).toBeCloseTo(0.25, 9);
      expect(Math.max(...points.map((p) => p[1]))).toBeCloseTo(4.75, 9);
    }
  });

  it('leaves a gap where cells are empty: no line crosses a square with an empty corner', () => {
    const plane = gridOf(20, 10, 0.5, [0, 0], (x) => 0.5 * x);
    // row 4 (y 2 to 2.5) empty across the grid
    for (let c = 0; c < 20; c++) plane.heights[4 * 20 + c] = NaN;
    const { lines } = contourLines(plane, { interval: 1 });
    expect(lines.filter((l) => l.level === 2)).toHaveLength(2);
    for (const line of lines) for (const [, y] of xyOf(line.points)) expect(y <= 1.75 + 1e-9 || y >= 2.75 - 1e-9, `y ${y}`).toBe(true);
  });

  it("takes its levels at multiples of the interval in the file's heights, the origin's height added, and lies at them less it", () => {
    const plane = gridOf(20, 10, 0.5, [0, 0], (x) => 0.5 * x);
    const { levels, lines } = contourLines(plane, { interval: 1, lift: 300.4 });
    expect(levels).toEqual([301, 302, 303, 304, 305]);
    const [first] = lines;
    for (const [x, , z] of xyOf(first.points)) {
      expect(z).toBeCloseTo(0.6, 9);
      expect(x).toBeCloseTo(1.2, 9);
    }
  });

  it('joins the lines of a grid made of points, each crossing once', () => {
    const grid = heightGrid(heapCloud(10, 10, (x, y) => Math.max(0, 3 - Math.hypot(x - 5, y - 5))), { up: '+z', cell: 0.5, height: 'mean' });
    const { lines } = contourLines(grid, { interval: 1 });
    for (const line of lines) {
      const keys = xyOf(line.points).map(([x, y]) => `${x},${y}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(lines.filter((l) => l.level === 2 && l.closed)).toHaveLength(1);
  });

  it('takes by default a round interval giving 8 to 20 levels', () => {
    expect(defaultInterval(0, 7.07)).toBe(0.5);
    expect(defaultInterval(300, 1300)).toBe(50);
    for (const [low, high] of [[0, 1], [0, 7.07], [12.3, 98.1], [0, 0.021]]) {
      const count = contourLevels(low, high, defaultInterval(low, high)).length;
      expect(count).toBeGreaterThanOrEqual(8);
      expect(count).toBeLessThanOrEqual(21);
    }
  });

  it('lists levels as round numbers', () => {
    expect(contourLevels(0.05, 0.65, 0.1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  });

  it('refuses an interval that is no length, or one giving too many levels, naming one that fits, before reading the grid', () => {
    expect(() => checkInterval(0, 0, 10, 100)).toThrow('The contour interval must be a length above 0, not 0.');
    expect(() => checkInterval(0.001, 0, 10, 100, 'm')).toThrow(/An interval of 0\.001 m cuts the heights from 0 to 10 m into 10,001 levels, more than the 1,000 contours may hold: take an interval of 0\.02 m or more\./);
    expect(() => checkInterval(0.01, 0, 10, 1_000_000)).toThrow(/into 1,001 levels, more than the 200 contours of a grid of 1,000,000 squares may hold: take an interval of 0\.1 or more/);
    expect(() => checkInterval(0.1, 0, 10, 1_000_000)).not.toThrow();
  });

  it('refuses an interval putting no level between the lowest and highest heights, naming the span and one that puts levels in it', () => {
    expect(() => checkInterval(1e9, 300.2, 301.7, 100, 'ft')).toThrow(
      'An interval of 1000000000 ft puts no contour level between the heights from 300.2 to 301.7 ft: take one no larger than the 1.5 ft they span, such as 0.1 ft.',
    );
    expect(() => checkInterval(0.8, 300.2, 300.6, 100)).toThrow(/between the heights from 300\.2 to 300\.6: take one no larger than the 0\.4 they span, such as 0\.05\./);
    // a level at the lowest height alone is a level within them
    expect(() => checkInterval(100, 300, 301.5, 100)).not.toThrow();
    expect(contourLevels(300.2, 300.6, 0.02).length).toBeGreaterThan(0);
  });

  it('refuses a flat grid, which no contour crosses, whatever the interval', () => {
    expect(() => checkInterval(0.5, 301, 301, 100, 'm')).toThrow("The grid's heights are all 301 m: a flat grid has no contour lines.");
    expect(() => checkInterval(0.7, 301, 301, 100, 'm')).toThrow(/a flat grid has no contour lines/);
  });
});

describe('contour lines of a rough grid', () => {
  it('stop, saying why, once they would hold more points than they may', () => {
    // columns at 0 and 1 in turn: every square between two crosses every level
    const rough = gridOf(1000, 1000, 1, [0, 0], (x) => Math.floor(x) % 2);
    expect(() => contourLines(rough, { interval: 0.01 })).toThrow('The contours would hold more than 5,000,000 points (a rough surface cut finely): take a wider interval or a larger cell.');
  });
});

describe('contour lines along a ridge', () => {
  it('takes a level through a row of nodes once, though the squares on both sides meet it', () => {
    // a ridge at 1 along the column x = 2.5, falling to 0 either side
    const ridge = gridOf(5, 4, 1, [0, 0], (x) => 1 - Math.abs(x - 2.5) / 2);
    const at1 = contourLines(ridge, { interval: 1 }).lines.filter((l) => l.level === 1);
    expect(at1).toHaveLength(1);
    expect(at1[0].closed).toBe(false);
    expect(xyOf(at1[0].points).map(([x, y]) => [x, y]).sort((a, b) => a[1] - b[1])).toEqual([0.5, 1.5, 2.5, 3.5].map((y) => [2.5, y]));
  });
});
