import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { heapCloud } from '../core/geometry/heapCloud';
import { pointlens } from './pointlens';

/** A 4 × 2 ft block 1.5 ft high on 10 × 10 ft of ground, written as a LAS file in feet far from (0, 0, 0): a georeferenced stockpile. */
const stockpile = () => lasSurface('pile.las', (x, y) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 1.5 : 0));

/**
 * `width` × 10 of ground at the heights `height` gives, written as LAS file `name` at (2000000, 500000,
 * 300) in the unit GeoTIFF key `unitKey` names (9002 feet, 9001 metres), its header's offset `shift`
 * further and its stored coordinates `shift` less: the same place in other numbers; each point of the
 * LAS class `classOf` gives it (0, never classified, where not given).
 */
function lasSurface(name: string, height: (x: number, y: number) => number, unitKey = 9002, shift = [0, 0, 0], width = 10, classOf?: (x: number, y: number) => number): string {
  const heights = heapCloud(width, 10, height);
  const positions = heights.map((v, i) => v - shift[i % 3]);
  const n = positions.length / 3;
  const label = new Uint8Array(n);
  if (classOf) for (let i = 0; i < n; i++) label[i] = classOf(heights[3 * i], heights[3 * i + 1]);
  const folder = mkdtempSync(join(tmpdir(), 'pointlens-volume-'));
  const file = join(folder, name);
  const cloud = { kind: 'points' as const, positions, colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label } };
  writeFileSync(file, las12(cloud, [2000000 + shift[0], 500000 + shift[1], 300 + shift[2]], [geoKeyRecord([[1024, 1], [3076, unitKey]])]));
  return file;
}

describe('pointlens volume and raster', () => {
  it("names a file in US survey feet ftUS, as info and every other command do, in volume's, raster's, contours' and ground's JSON", () => {
    // GeoTIFF's 9003: the US survey foot; a slope, as a flat grid has no contour lines
    const file = lasSurface('survey.las', (x) => 0.2 * x, 9003);
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-volume-'));
    expect(pointlens('info', file).lines[0].unit).toBe('ftUS');
    for (const args of [['volume'], ['raster', '--cell', '1', '--out', join(dir, 'r.asc')], ['contours', '--out', join(dir, 'c.geojson')], ['ground']]) {
      const r = pointlens(...args, file);
      expect(r.code).toBe(0);
      expect(r.lines[0].unit).toBe('ftUS');
    }
  });

  it('measures a z-up survey against a y-up export of the ground before it (x east, y up, z south), each standing on its own up', () => {
    // 20 × 20 m of ground at (500000, 4000000) rising 1 in 20 to the east; after, a 4 × 4 m block 2 m high on it
    const ply = (name: string, rows: number[][]) => {
      const head = new TextEncoder().encode(`ply\nformat binary_little_endian 1.0\nelement vertex ${rows.length}\nproperty double x\nproperty double y\nproperty double z\nend_header\n`);
      const bytes = new Uint8Array(head.length + 24 * rows.length);
      bytes.set(head);
      rows.flat().forEach((v, i) => new DataView(bytes.buffer).setFloat64(head.length + 8 * i, v, true));
      const file = join(mkdtempSync(join(tmpdir(), 'pointlens-volume-')), name);
      writeFileSync(file, bytes);
      return file;
    };
    const before: number[][] = [];
    const after: number[][] = [];
    for (let x = 0.25; x < 20; x += 0.5) {
      for (let y = 0.25; y < 20; y += 0.5) {
        const ground = 100 + 0.05 * x;
        before.push([500000 + x, ground, -(4000000 + y)]);
        after.push([500000 + x, 4000000 + y, ground + (x > 8 && x < 12 && y > 8 && y < 12 ? 2 : 0)]);
      }
    }
    const r = pointlens('volume', '--cell', '1', '--base-file', ply('before.ply', before), ply('after.ply', after));
    expect(r.stderr).toBe('');
    // before, the y-up base was put 4,000 km away, the northing taken for an elevation: no ground in common
    expect(r.lines[0]).toMatchObject({ up: '+z', matched: 400, only_active: 0, only_base: 0, cut: 0 });
    expect(r.lines[0].fill).toBeCloseTo(4 * 4 * 2, 6);
  });

  it('gives the block its volume in cubic feet over the floor, with the cells and the covered area', () => {
    const r = pointlens('volume', '--cell', '0.5', stockpile());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(line).toMatchObject({ points: 201 * 201, fill: 12, cut: 0, net: 12, area: 100, cells: 400, empty: 0, interpolated: 0, cell: 0.5, base: 'floor', base_height: 300, height: 'mean', up: '+z', unit: 'ft' });
  });

  it('splits fill from cut about a base typed in the file\'s coordinates', () => {
    const [line] = pointlens('volume', '--cell', '0.5', '--base', '300.75', stockpile()).lines;
    expect(line).toMatchObject({ fill: 6, cut: 69, net: -63, base: 'height', base_height: 300.75 });
  });

  it('writes the grid as an ESRI ASCII grid in the file\'s coordinates', () => {
    const file = stockpile();
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-raster-')), 'pile.asc');
    const r = pointlens('raster', '--cell', '1', '--height', 'max', file, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toMatchObject({ columns: 10, rows: 10, cells: 100, empty: 0, unit: 'ft' });
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.slice(0, 6)).toEqual(['ncols 10', 'nrows 10', 'xllcorner 2000000', 'yllcorner 500000', 'cellsize 1', 'NODATA_value -9999']);
    // the northmost row first: y from 9 to 10 is ground, the block's top spans rows y 4 to 6, columns x 3 to 7
    expect(lines[6]).toBe(Array(10).fill(300).join(' '));
    expect(lines[6 + 4]).toBe('300 300 300 301.5 301.5 301.5 301.5 300 300 300');
  });

  it('refuses a cell too small for the ground covered, naming one that fits, and bad flags before reading', () => {
    const small = pointlens('volume', '--cell', '0.001', stockpile());
    expect(small.code).toBe(1);
    expect(small.stderr).toMatch(/more than the 10,000,000 a grid may hold: take a cell of 0\.0032 ft or more/);
    expect(pointlens('volume', '--height', 'median', 'none.las').stderr).toBe('pointlens volume: --height must be mean, max, min, not "median"\n');
    expect(pointlens('volume', '--fill', 'mean', 'none.las').stderr).toBe('pointlens volume: --fill must be empty, base, interpolate, not "mean"\n');
    expect(pointlens('volume', '--base', 'ground', 'none.las').stderr).toBe('pointlens volume: --base must be a height, floor or lowest, not "ground"\n');
    expect(pointlens('raster', '--cell', '1', 'none.las', '--out', join(tmpdir(), 'grid.ply')).stderr).toMatch(/would hold an ESRI ASCII grid: give a name ending in \.asc/);
    expect(pointlens('raster', 'none.las', '--out', join(tmpdir(), 'grid.asc')).stderr).toMatch(/give the cell with --cell C/);
  });

  it('gives the block added to the ground as fill against a base file placed by its own coordinates, with the cells each covers', () => {
    // the ground's file is offset 7 ft along x and 2 ft up, with its coordinates 7 and 2 ft less: it lies where the pile does
    const ground = lasSurface('ground.las', () => 0, 9002, [7, 0, 2]);
    const r = pointlens('volume', '--cell', '0.5', '--base-file', ground, stockpile());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ base_file: ground, points: 201 * 201, base_points: 201 * 201, fill: 12, cut: 0, net: 12, area: 100, cells: 400, matched: 400, only_active: 0, only_base: 0, cell: 0.5, up: '+z', unit: 'ft' });
    expect(r.lines[0]).not.toHaveProperty('base_height');
  });

  it('gives a pit as cut against the ground, and counts the cells only one file covers', () => {
    const pit = lasSurface('pit.las', (x, y) => (x >= 1 && x < 4 && y >= 1 && y < 3 ? -0.5 : 0));
    // the ground reaches 5 ft further along x than the pit's file: the pit's last samples (x = 10) start the 21st column, 9 more only the ground covers
    const ground = lasSurface('ground.las', () => 0, 9002, [0, 0, 0], 15);
    const [line] = pointlens('volume', '--cell', '0.5', '--base-file', ground, pit).lines;
    expect(line).toMatchObject({ fill: 0, cut: 3, net: -3, cells: 30 * 20, matched: 21 * 20, only_active: 0, only_base: 9 * 20 });
  });

  it('with --ground grids the base file\'s ground points too: a box standing on the survey before, gone after, is not cut', () => {
    // before: a 4 × 2 m box 10 m high (class 6, building) on ground (class 2); after: the ground alone, all class 2
    const inBox = (x: number, y: number) => x >= 3 && x < 7 && y >= 4 && y < 6;
    const before = lasSurface('before.las', (x, y) => (inBox(x, y) ? 10 : 0), 9001, [0, 0, 0], 10, (x, y) => (inBox(x, y) ? 6 : 2));
    const after = lasSurface('after.las', () => 0, 9001, [0, 0, 0], 10, () => 2);
    const all = pointlens('volume', '--cell', '0.5', '--base-file', before, after).lines[0];
    // every point of the survey before: the box's top is read as 80 m³ of ground taken away
    expect(all).toMatchObject({ cut: 80, base_points: 201 * 201 });
    expect(all).not.toHaveProperty('base_ground_from');
    const ground = pointlens('volume', '--cell', '0.5', '--ground', '--base-file', before, after).lines[0];
    // the box's 81 × 41 samples left out of the base: its 8 × 4 cells only the survey after covers
    expect(ground).toMatchObject({ cut: 0, fill: 0, ground_from: 'classification', base_ground_from: 'classification', base_points: 201 * 201 - 80 * 40, only_active: 32 });
    // a base with no ground classes gives all its points, and says so
    const unclassified = lasSurface('before_unclassified.las', (x, y) => (inBox(x, y) ? 10 : 0), 9001);
    expect(pointlens('volume', '--cell', '0.5', '--ground', '--base-file', unclassified, after).lines[0]).toMatchObject({ cut: 80, base_ground_from: null, base_points: 201 * 201 });
  });

  it("writes the difference grid against a base file in the file's coordinates, NODATA where only one file covers a cell, and refuses --out without one", () => {
    // the ground before: a mound 0.5 ft high over x and y from 0 to 2 ft, 5 ft wider than the pile, its file 2 ft higher with its heights 2 ft less
    const ground = lasSurface('ground.las', (x, y) => (x < 2 && y < 2 ? 0.5 : 0), 9002, [0, 0, 2], 15);
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-difference-')), 'pile_less_ground.asc');
    const r = pointlens('volume', '--cell', '0.5', '--base-file', ground, stockpile(), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toMatchObject({ out, fill: 12, cut: 2, net: 10, matched: 21 * 20, only_base: 9 * 20 });
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.slice(0, 6)).toEqual(['ncols 30', 'nrows 20', 'xllcorner 2000000', 'yllcorner 500000', 'cellsize 0.5', 'NODATA_value -9999']);
    // rows northmost first: the block's row (y from 4.5 to 5 ft) is 1.5 ft above the ground, the mound's (y from 0 to 0.5 ft) 0.5 ft below it
    const row = (fromSouth: number) => lines[6 + 19 - fromSouth].split(' ');
    expect(row(9)).toEqual([...Array(6).fill('0'), ...Array(8).fill('1.5'), ...Array(7).fill('0'), ...Array(9).fill('-9999')]);
    expect(row(0)).toEqual([...Array(4).fill('-0.5'), ...Array(17).fill('0'), ...Array(9).fill('-9999')]);
    const alone = pointlens('volume', '--out', join(tmpdir(), 'd.asc'), 'none.las');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--out writes the difference grid between the file and --base-file F: give the base file, or write a height grid with pointlens raster/);
  });

  it('refuses a base file in another unit in words, and --fill base or a level --base beside a base file before reading', () => {
    const metres = lasSurface('ground_m.las', () => 0, 9001);
    const r = pointlens('volume', '--base-file', metres, stockpile());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pile\.las is in ft and .*ground_m\.las in m: a volume between them would mix the two units, so convert one of them first/);
    // a level base typed beside a base file was measured against the file alone, the level left unsaid
    const level = pointlens('volume', '--base', '101.25', '--base-file', 'none.las', 'none.las');
    expect(level.code).toBe(2);
    expect(level.stderr).toBe('pointlens volume: --base 101.25 sets a level base, and --base-file a surface to measure against in its place: give one of them\n');
    const fill = pointlens('volume', '--fill', 'base', '--base-file', 'none.las', 'none.las');
    expect(fill.code).toBe(2);
    expect(fill.stderr).toMatch(/--fill base takes empty cells as lying on a level base, and --base-file's base is a surface/);
  });

  it('names the axis heights are measured along, and says in words that along -z a point at z = 300 is at -300', () => {
    // 10 × 10 m whose z points down (north-east-down: elevation -z), 300 m under its zero, the east side 2 m higher
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-volume-'));
    const file = join(dir, 'ned.xyz');
    const rows: string[] = [];
    for (let x = 0.25; x < 10; x += 0.5) for (let y = 0.25; y < 10; y += 0.5) rows.push(`${x} ${y} ${300 - 0.2 * x}`);
    writeFileSync(file, rows.join('\n') + '\n');
    const said = 'heights are measured along up (−z): a point at z = 300 is at −300';

    const raster = pointlens('raster', '--up', '-z', '--cell', '1', file, '--out', join(dir, 'ned.asc'));
    expect(raster.code).toBe(0);
    expect(raster.stderr).toBe(`pointlens raster: ${said}\n`);
    expect(raster.lines[0]).toMatchObject({ up: '-z', heights_along: '-z' });
    // the grid's first column, its westmost metre, lies 300 - 0.2 × 0.5 m down: -299.9 along up
    const firstRow = readFileSync(join(dir, 'ned.asc'), 'utf8').split('\n')[6].split(' ');
    expect(Number(firstRow[0])).toBeCloseTo(-299.9, 4);

    const contours = pointlens('contours', '--up', '-z', '--cell', '1', '--interval', '1', file, '--out', join(dir, 'ned.geojson'));
    expect(contours.code).toBe(0);
    expect(contours.stderr).toBe(`pointlens contours: ${said}\n`);
    expect(contours.lines[0]).toMatchObject({ heights_along: '-z', lowest_level: -299, highest_level: -299 });

    const volume = pointlens('volume', '--up', '-z', '--cell', '1', '--base', '-300', file);
    expect(volume.code).toBe(0);
    expect(volume.stderr).toBe(`pointlens volume: ${said}\n`);
    expect(volume.lines[0]).toMatchObject({ heights_along: '-z', base_height: -300 });
    expect(volume.lines[0].fill).toBeCloseTo(100, 3);

    // along +z the heights are the file's own: nothing to say
    const up = pointlens('volume', '--up', 'z', '--cell', '1', file);
    expect(up.stderr).toBe('');
    expect(up.lines[0].heights_along).toBe('+z');
  });
});
