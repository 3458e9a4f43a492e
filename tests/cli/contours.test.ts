import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { heapCloud } from '../core/geometry/heapCloud';
import { pointlens } from './pointlens';
import { ringsAroundBuildings, terrain, TRUTH } from '../core/geometry/groundTerrain';

/** A cone 2 ft high and 4 ft round on 10 × 10 ft of ground, written as a LAS file in feet at (2000000, 500000, 300). */
function moundFile(): string {
  const positions = heapCloud(10, 10, (x, y) => Math.max(0, 2 - Math.hypot(x - 5, y - 5) / 2));
  const n = positions.length / 3;
  const file = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'mound.las');
  const cloud = { kind: 'points' as const, positions, colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
  writeFileSync(file, las12(cloud, [2000000, 500000, 300], [geoKeyRecord([[1024, 1], [3076, 9002]])]));
  return file;
}

describe('pointlens contours', () => {
  it("writes the mound's rings as GeoJSON at each half foot of elevation over the ground, in the file's coordinates", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'mound.geojson');
    const r = pointlens('contours', '--cell', '0.5', '--interval', '0.5', moundFile(), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ out, cell: 0.5, interval: 0.5, levels: 4, lowest_level: 300, highest_level: 301.5, height: 'mean', fill_empty: 'empty', up: '+z', unit: 'ft' });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const rings = json.features.filter((f: { properties: { level: number } }) => f.properties.level > 300 && f.properties.level < 302);
    expect(rings.map((f: { properties: { level: number } }) => f.properties.level).sort()).toEqual([300.5, 301, 301.5]);
    for (const f of rings) {
      const coordinates: number[][] = f.geometry.coordinates;
      expect(coordinates[coordinates.length - 1]).toEqual(coordinates[0]);
      // the cone falls a foot every 2 ft from its top at (5, 5): level 300 + 2 - d / 2
      const radius = 2 * (302 - f.properties.level);
      for (const [x, y, z] of coordinates) {
        expect(Math.abs(Math.hypot(x - 2000005, y - 500005) - radius)).toBeLessThan(0.5);
        expect(z).toBe(f.properties.level);
      }
    }
  });

  it('writes DXF for a .dxf name, with the default interval', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'mound.dxf');
    const r = pointlens('contours', '--cell', '0.5', moundFile(), '--out', out);
    expect(r.stderr).toBe('');
    // the cells' mean heights, from 300 to 301.825 ft, cut into at most 20 parts: every 0.1 ft
    expect(r.lines[0]).toMatchObject({ interval: 0.1, levels: 19, lowest_level: 300, highest_level: 301.8 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('0\nSECTION\n2\nENTITIES\n')).toBe(true);
    expect(text.match(/\nPOLYLINE\n/g)).toHaveLength(r.lines[0].lines);
  });

  it('refuses bad flags before reading and too fine an interval with the way out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-contours-'));
    expect(pointlens('contours', 'none.las', '--out', join(dir, 'c.shp')).stderr).toMatch(/give a name ending in \.geojson \(GeoJSON\) or \.dxf \(DXF\)/);
    expect(pointlens('contours', 'none.las').stderr).toMatch(/give the file to write with --out contours\.geojson/);
    expect(pointlens('contours', '--interval', '0', 'none.las', '--out', join(dir, 'c.geojson')).stderr).toBe('pointlens contours: --interval must be a number above 0, not "0"\n');
    expect(pointlens('contours', '--fill', 'base', 'none.las', '--out', join(dir, 'c.geojson')).code).toBe(2);
    const fine = pointlens('contours', '--cell', '0.5', '--interval', '0.0001', moundFile(), '--out', join(dir, 'c.geojson'));
    expect(fine.code).toBe(1);
    expect(fine.stderr).toMatch(/An interval of 0\.0001 ft cuts the heights from 300 to 301\.8 ft into 18,250 levels, more than the 1,000 contours may hold: take an interval of 0\.002 ft or more/);
  });

  it('refuses an interval putting no level in the heights, naming them and one that gives lines, and writes no empty file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'none.geojson');
    const file = moundFile();
    const r = pointlens('contours', '--cell', '0.5', '--interval', '1e9', file, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `pointlens: ${file}: An interval of 1000000000 ft puts no contour level between the heights from 300 to 301.8 ft: take one no larger than the 1.825 ft they span, such as 0.1 ft.\n`,
    );
    expect(r.lines).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  // a name that leads to /dev/full passes every check made before reading, and the disk then refuses the write
  it.skipIf(!existsSync('/dev/full'))('says in words, with no stack, that the disk refused to write the lines', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'full.dxf');
    symlinkSync('/dev/full', out);
    const file = moundFile();
    const r = pointlens('contours', '--cell', '0.5', file, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`pointlens: ${file}: ENOSPC: no space left on device, write\n`);
  });
});

describe('pointlens contours --ground', () => {
  /** The test-written survey as a LAS file in metres at (500000, 4200000, 100): class 2 its ground, 6 its roofs, walls and stems, 1 the walls' and stems' feet. */
  function surveyFile(): string {
    const { positions, truth } = terrain();
    const n = positions.length / 3;
    const label = truth.map((t) => (t === TRUTH.ground ? 2 : t === TRUTH.object ? 6 : 1));
    const file = join(mkdtempSync(join(tmpdir(), 'pointlens-contours-')), 'survey.las');
    writeFileSync(file, las12({ kind: 'points', positions, colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label } }, [500000, 4200000, 100]));
    return file;
  }
  const ringsIn = (out: string) =>
    JSON.parse(readFileSync(out, 'utf8'))
      .features.map((f: { geometry: { coordinates: number[][] } }) => f.geometry.coordinates)
      .filter((c: number[][]) => c.length > 3 && c[0][0] === c[c.length - 1][0] && c[0][1] === c[c.length - 1][1])
      .map((c: number[][]) => c.map(([x, y]): [number, number] => [x - 500000, y - 4200000]));

  it("draws the contours of a LAS file's class 2 points alone with --ground, no ring about a building, where every point rings each one", () => {
    const file = surveyFile();
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-contours-'));
    const every = pointlens('contours', '--cell', '1', '--interval', '1', file, '--out', join(dir, 'every.geojson'));
    const bare = pointlens('contours', '--cell', '1', '--interval', '1', '--ground', file, '--out', join(dir, 'bare.geojson'));
    expect(bare.stderr).toBe('');
    expect(bare.code).toBe(0);
    const { truth } = terrain();
    expect(bare.lines[0]).toMatchObject({ points: truth.filter((t) => t === TRUTH.ground).length, ground_from: 'classification', interval: 1 });
    expect(every.lines[0].ground_from).toBeUndefined();
    // the cells under the roofs hold no ground point: empty, each a gap no line crosses
    expect(bare.lines[0].empty - every.lines[0].empty).toBeGreaterThan(600);
    // every point: rings about the buildings' walls (about four of the five at least); the ground alone: none about any
    expect(ringsAroundBuildings(ringsIn(join(dir, 'every.geojson')), 2).filter((rings) => rings > 0).length).toBeGreaterThanOrEqual(4);
    expect(ringsAroundBuildings(ringsIn(join(dir, 'bare.geojson')), 2)).toEqual([0, 0, 0, 0, 0]);
  });

  it('grids the ground points into a raster and a volume too, and refuses a file with no ground classes, pointing to pointlens ground', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-contours-'));
    const survey = surveyFile();
    const raster = pointlens('raster', '--cell', '1', '--ground', survey, '--out', join(dir, 'dtm.asc'));
    expect(raster.stderr).toBe('');
    expect(raster.lines[0]).toMatchObject({ ground_from: 'classification', columns: 200, rows: 200 });
    // the bare earth's volume over its floor leaves out the buildings' and the empty cells they stood on
    const [bare, every] = [['--ground'], []].map((flag) => pointlens('volume', '--cell', '1', ...flag, survey).lines[0]);
    expect(bare).toMatchObject({ ground_from: 'classification', points: raster.lines[0].points });
    expect(bare.fill).toBeLessThan(every.fill);
    expect(bare.empty - every.empty).toBeGreaterThan(600);
    // the mound's LAS classes are all 0: no ground to grid
    const file = moundFile();
    const r = pointlens('contours', '--ground', file, '--out', join(dir, 'c.geojson'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `pointlens: ${file}: no ground classes to grid with --ground (no \`ground\` field, no LAS classification with class 2): run pointlens ground on it with --out first, and grid the file it writes\n`,
    );
    expect(existsSync(join(dir, 'c.geojson'))).toBe(false);
  });
});
