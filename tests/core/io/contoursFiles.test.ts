import { describe, expect, it } from 'vitest';
import { contourLines } from '../../../src/core/geometry/contours';
import type { HeightGrid } from '../../../src/core/geometry/heightGrid';
import { contoursDxf } from '../../../src/core/io/contoursDxf';
import { contoursGeoJson } from '../../../src/core/io/contoursGeoJson';

/** A mound 0 to 2 high over 10 × 10 cells of 1, its heights kept relative to a survey origin (2000000, 500000, 300). */
const origin: [number, number, number] = [2000000, 500000, 300];
function mound(up: HeightGrid['up'] = '+z', across: HeightGrid['across'] = [0, 1]): HeightGrid {
  const heights = new Float64Array(100);
  for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) heights[r * 10 + c] = Math.max(0, 2 - 0.5 * Math.hypot(c - 4.5, r - 4.5));
  return { up, across, cell: 1, corner: [-5, -5], columns: 10, rows: 10, heights, points: 100, empty: 0, interpolated: 0 };
}

describe('contour files', () => {
  it("writes GeoJSON LineStrings with their level, in the file's own coordinates, rings closed by their first point", () => {
    const grid = mound();
    const { lines } = contourLines(grid, { interval: 0.5, lift: 300 });
    const json = JSON.parse(contoursGeoJson(lines, { grid, origin }));
    expect(json.type).toBe('FeatureCollection');
    expect(json.features).toHaveLength(lines.length);
    expect(new Set(json.features.map((f: { properties: { level: number } }) => f.properties.level))).toEqual(new Set([300.5, 301, 301.5]));
    for (const [k, f] of json.features.entries()) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('LineString');
      const coordinates: number[][] = f.geometry.coordinates;
      expect(coordinates.length).toBeGreaterThanOrEqual(2);
      if (lines[k].closed) expect(coordinates[coordinates.length - 1]).toEqual(coordinates[0]);
      for (const [x, y, z] of coordinates) {
        // the mound's cells' centres run from -4.5 to 4.5 about the origin
        expect(Math.abs(x - 2000000)).toBeLessThanOrEqual(4.5);
        expect(Math.abs(y - 500000)).toBeLessThanOrEqual(4.5);
        expect(z).toBe(f.properties.level);
      }
    }
    // the ring at 301 (1 above the ground, where the mound falls 0.5 a cell from 2) is 2 from its middle, at the origin
    const ring = json.features.find((f: { properties: { level: number } }) => f.properties.level === 301);
    for (const [x, y] of ring.geometry.coordinates) expect(Math.hypot(x - 2000000, y - 500000)).toBeCloseTo(2, 0);
  });

  it("writes a y-up layer's lines over x and z, the file's horizontal axes in order", () => {
    const grid = mound('+y', [0, 2]);
    const { lines } = contourLines(grid, { interval: 1 });
    const json = JSON.parse(contoursGeoJson(lines, { grid, origin: [10000, 20000, 30000] }));
    const [x, second, level] = json.features[0].geometry.coordinates[0];
    expect(Math.abs(x - 10000)).toBeLessThanOrEqual(4.5);
    expect(Math.abs(second - 30000)).toBeLessThanOrEqual(4.5);
    expect(level).toBe(json.features[0].properties.level);
  });

  it('writes a DXF POLYLINE a line at its level as elevation, closed where it is a ring', () => {
    const grid = mound();
    const { lines } = contourLines(grid, { interval: 0.5, lift: 300 });
    const text = contoursDxf(lines, { grid, origin });
    const codes = text.trim().split('\n');
    expect(codes.slice(0, 4)).toEqual(['0', 'SECTION', '2', 'ENTITIES']);
    expect(codes.slice(-4)).toEqual(['0', 'ENDSEC', '0', 'EOF']);
    const pairs = Array.from({ length: codes.length / 2 }, (_, i) => [codes[2 * i], codes[2 * i + 1]]);
    expect(pairs.filter(([c, v]) => c === '0' && v === 'POLYLINE')).toHaveLength(lines.length);
    const vertices = pairs.filter(([c, v]) => c === '0' && v === 'VERTEX').length;
    expect(vertices).toBe(lines.reduce((n, l) => n + l.points.length / 3, 0));
    const first = pairs.findIndex(([c, v]) => c === '0' && v === 'POLYLINE');
    expect(pairs.slice(first + 1, first + 8)).toEqual([['8', 'CONTOURS'], ['66', '1'], ['10', '0'], ['20', '0'], ['30', String(lines[0].level)], ['70', lines[0].closed ? '1' : '0'], ['0', 'VERTEX']]);
  });
});
