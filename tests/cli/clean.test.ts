import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writePly } from '../../src/core/io/writePly';
import { parseLas } from '../../src/core/io/las';
import { writeLas } from '../../src/core/io/writeLas';
import type { PointCloud } from '../../src/core/types';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { pointlens, readBack } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));
const MESH = fileURLToPath(new URL('../fixtures/fuzz/mesh_binary.ply', import.meta.url));
const SCAN14 = fileURLToPath(new URL('../fixtures/fuzz/scan14.las', import.meta.url));
const OHIO_NORTH_FTUS =
  'PROJCS["NAD83 / Ohio North (ftUS)",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],UNIT["US survey foot",0.304800609601219],AUTHORITY["EPSG","3734"]]';
/** Points written far above the scan (its z is up, 0 to 3 m), each alone: stray by any measure. */
const ADDED = 40;
const ADDED_LABEL = 99;

/** The real ScanNet scan with ADDED points scattered 5 to 10 m above it, labelled ADDED_LABEL, written as PLY. */
async function scanWithStrayPoints(folder: string): Promise<{ path: string; points: number }> {
  const scan = (await readBack(SCAN)).data as PointCloud;
  const n = scan.positions.length / 3;
  const positions = new Float32Array(3 * (n + ADDED));
  positions.set(scan.positions);
  const colors = new Uint8Array(3 * (n + ADDED));
  colors.set(scan.colors!);
  const label = new (scan.fields.label.constructor as Uint16ArrayConstructor)(n + ADDED);
  label.set(scan.fields.label);
  for (let i = 0; i < ADDED; i++) {
    positions.set([(i % 7) - 3, Math.floor(i / 7) - 3, 5 + (i % 5)], 3 * (n + i));
    label[n + i] = ADDED_LABEL;
  }
  const path = join(folder, 'noisy.ply');
  writeFileSync(path, writePly({ kind: 'points', positions, colors, fields: { label } }));
  return { path, points: n + ADDED };
}

describe('pointlens clean', () => {
  it('finds every point added far from a real scan, few of its own, and writes the others with their fields', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clean-'));
    const { path, points } = await scanWithStrayPoints(folder);
    const out = join(folder, 'cleaned.ply');
    const r = pointlens('clean', path, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'points', 'stray', 'kept', 'k', 'sigma', 'mean_distance', 'deviation', 'threshold', 'ms']);
    expect(line).toMatchObject({ file: path, points, k: 16, sigma: 2 });
    expect(line.kept).toBe(points - line.stray);
    expect(line.stray).toBeGreaterThanOrEqual(ADDED);
    expect(line.stray - ADDED).toBeLessThan(0.05 * (points - ADDED));
    const saved = (await readBack(out)).data;
    expect(saved.positions.length / 3).toBe(line.kept);
    expect(Array.from(saved.fields.label)).not.toContain(ADDED_LABEL);
    expect(saved.colors).toBeDefined();
    expect(Object.keys(saved.fields)).toEqual(['label']);
  });

  it('keeps a LAS file\'s declared unit in the cloud it writes, so the written file measures in it too', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clean-'));
    const scan = (await readBack(SCAN)).data as PointCloud;
    const feet = join(folder, 'feet.las');
    writeFileSync(feet, las12({ kind: 'points', positions: scan.positions.map((v) => v / 0.3048), colors: scan.colors, fields: { instance: new Uint16Array(scan.positions.length / 3), label: new Uint8Array(scan.positions.length / 3) } }, [0, 0, 0], [geoKeyRecord([[1024, 1], [3076, 9002]])]));
    const out = join(folder, 'cleaned.ply');
    expect(pointlens('clean', feet, '--out', out).code).toBe(0);
    expect((await readBack(out)).unit).toBe('ft');
    expect(pointlens('info', out).lines[0].unit).toBe('ft');
  });

  it('writes the points kept as LAS for an --out ending in .las, with the unit, the coordinate system and the classes of the LAS it read', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clean-'));
    const scan = await parseLas(new Uint8Array(readFileSync(SCAN14)));
    const tile = join(folder, 'tile.las');
    writeFileSync(tile, writeLas(scan.data, {}, { unit: 'ftUS', crsWkt: OHIO_NORTH_FTUS, origin: [2_200_000, 650_000, 700] }).bytes);
    const out = join(folder, 'cleaned.las');
    const cleaned = pointlens('clean', tile, '--k', '4', '--out', out);
    expect(cleaned.stderr).toBe('');
    expect(cleaned.code).toBe(0);
    const [info] = pointlens('info', out).lines;
    expect(info).toMatchObject({ format: 'las', points: cleaned.lines[0].kept, unit: 'ftUS', crs: 'NAD83 / Ohio North (ftUS)' });
    const kept = (await readBack(out)).data;
    const classes = new Map<number, number>();
    for (const c of kept.fields.classification) classes.set(c, (classes.get(c) ?? 0) + 1);
    expect(info.classes.classification.classes).toEqual([...classes].sort((a, b) => a[0] - b[0]).map(([id, points]) => expect.objectContaining({ id, points })));
    expect(new Set(kept.fields.classification).size).toBeGreaterThan(1);
  });

  it('writes the points kept as LAZ for an --out ending in .laz, compressed LAS 1.4 that info reads back with its unit, coordinate system and classes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clean-'));
    const scan = await parseLas(new Uint8Array(readFileSync(SCAN14)));
    const tile = join(folder, 'tile.las');
    writeFileSync(tile, writeLas(scan.data, {}, { unit: 'ftUS', crsWkt: OHIO_NORTH_FTUS, origin: [2_200_000, 650_000, 700] }).bytes);
    const laz = join(folder, 'x.laz');
    const cleaned = pointlens('clean', tile, '--k', '4', '--out', laz);
    expect(cleaned.stderr).toBe('');
    expect(cleaned.code).toBe(0);
    const [info] = pointlens('info', laz).lines;
    expect(info).toMatchObject({ format: 'las', points: cleaned.lines[0].kept, unit: 'ftUS', crs: 'NAD83 / Ohio North (ftUS)' });
    // point format 7 with LASzip's compression bit
    expect(readFileSync(laz)[104]).toBe(7 | 128);
    const kept = (await readBack(laz)).data;
    expect(kept.positions.length / 3).toBe(cleaned.lines[0].kept);
    expect(new Set(kept.fields.classification).size).toBeGreaterThan(1);
  });

  it('says on stderr what a LAS could not keep as it was: a mesh is saved as its vertices', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-clean-')), 'mesh.las');
    const r = pointlens('clean', MESH, '--out', out);
    expect(r.code).toBe(0);
    const vertices = (await readBack(out)).data.positions.length / 3;
    expect(vertices).toBeGreaterThan(0);
    expect(r.stderr).toBe(`pointlens clean: ${out}: LAS holds points: the mesh is saved as its ${vertices} vertices, without its triangles\n`);
  });

  it('takes --k and --sigma, and fewer points are stray at a larger sigma', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clean-'));
    const { path } = await scanWithStrayPoints(folder);
    const [loose] = pointlens('clean', path, '--k', '8', '--sigma', '0.5').lines;
    const [strict] = pointlens('clean', path, '--k', '8', '--sigma', '4').lines;
    expect([loose.k, loose.sigma, strict.sigma]).toEqual([8, 0.5, 4]);
    expect(strict.stray).toBeLessThan(loose.stray);
    expect(strict.threshold).toBeGreaterThan(loose.threshold);
  });

  it('says what is wrong with --k, --sigma or --out before reading anything', () => {
    for (const [args, message] of [
      [['--k', '0'], /whole number from 1 to 100, not 0/],
      [['--k', 'many'], /--k takes a number, not "many"/],
      [['--sigma', '-1'], /0 or more, not -1/],
      // read as written: Number() alone takes 0x10 for 16
      [['--sigma', '0x10'], /--sigma takes a number, not "0x10"/],
      [['--out', join(tmpdir(), 'cleaned.xyz')], /give a name ending in \.ply \(binary PLY\) or \.las \(LAS 1\.4\) or \.laz \(LAZ, compressed LAS 1\.4\)/],
    ] as const) {
      const r = pointlens('clean', SCAN, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.lines).toEqual([]);
    }
    const over = pointlens('clean', SCAN, '--out', SCAN);
    expect(over.stderr).toMatch(/is the file being read/);
  });
});
