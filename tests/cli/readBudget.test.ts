import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLaz14 } from '../../scripts/laz/writeLaz14';
import { parseFiles, writePly } from '../../src/core/io';
import { openRecords, decimationFor } from '../../src/core/io/streamFormats';
import type { RecordFile } from '../../src/core/io/recordStream';
import type { PointCloud } from '../../src/core/types';
import { fixture, float32Records, lasFile, npy, scanFixture } from '../core/io/helpers';
import { pointlensWith } from './pointlens';

/** The lowered read budget, in MB: a tenth of what the 2,000 points of the scan fixture take. */
const BUDGET_MB = 0.005;

const lowered = { POINTLENS_READ_BUDGET_MB: String(BUDGET_MB) };

async function read(path: string): Promise<PointCloud> {
  return (await parseFiles([{ name: basename(path), bytes: new Uint8Array(readFileSync(path)) }])).data as PointCloud;
}

/** Every `every`-th point of `cloud`, from the first. */
function everyNth(cloud: PointCloud, every: number): number[] {
  return Array.from(cloud.positions).filter((_, i) => Math.floor(i / 3) % every === 0);
}

/** Every how many points the app keeps of the file at `path` within the lowered budget. */
function appEvery(path: string): number {
  const bytes = new Uint8Array(readFileSync(path));
  const opening = openRecords(bytes, bytes.length);
  if (!opening || opening === 'whole' || !('records' in opening)) throw new Error(`${path} does not stream as records`);
  return decimationFor(opening.records, BUDGET_MB * 2 ** 20);
}

describe('pointlens with the read budget lowered (POINTLENS_READ_BUDGET_MB)', () => {
  it('keeps every n-th point of a binary PLY past the budget, as the app does, and says so on every line that reads it', async () => {
    const scan = await scanFixture();
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const path = join(folder, 'scan.ply');
    writeFileSync(path, writePly(scan));
    const total = scan.positions.length / 3;
    const every = appEvery(path);
    expect(every).toBeGreaterThan(1);
    const kept = Math.ceil(total / every);
    const warning = `holds more points than fit the read budget of 6 kB: ${kept.toLocaleString('en-US')} of its ${total.toLocaleString('en-US')} points were read, 1 in ${every}, evenly through the file`;

    const [info] = pointlensWith(lowered, 'info', path).lines;
    expect(info).toMatchObject({ points: kept, decimated: { total, every }, warnings: [warning] });

    const out = join(folder, 'measured.ply');
    const r = pointlensWith(lowered, 'compare', '--to', path, path, '--out', out);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatchObject({ points: kept, reference_points: kept, decimated: { total, every }, reference_decimated: { total, every }, warnings: [warning], reference_warnings: [warning] });
    expect(Array.from((await read(out)).positions)).toEqual(everyNth(await read(path), every));

    // within the budget, every point
    const [whole] = pointlensWith({}, 'info', path).lines;
    expect(whole.points).toBe(total);
    expect(whole).not.toHaveProperty('decimated');
  });

  it('keeps every n-th point of a LAS file and of a LAZ file past the budget', async () => {
    const scan = await scanFixture();
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const las = join(folder, 'scan.las');
    writeFileSync(las, lasFile(scan));
    const laz = join(folder, 'scan.laz');
    writeFileSync(laz, writeLaz14({ positions: scan.positions, colors: scan.colors!, classes: scan.fields.label }).bytes);
    const total = scan.positions.length / 3;
    for (const path of [las, laz]) {
      const out = join(folder, `${basename(path)}.cleaned.ply`);
      const [line] = pointlensWith(lowered, 'clean', path, '--sigma', '1000', '--out', out).lines;
      const every = line.decimated.every;
      expect(every).toBeGreaterThan(1);
      expect(line).toMatchObject({ points: Math.ceil(total / every), stray: 0, decimated: { total, every } });
      expect(line.warnings[0]).toMatch(/^holds more points than fit the read budget of 6 kB: /);
      const kept = Array.from((await read(out)).positions);
      const expected = everyNth(await read(path), every);
      expect(kept.length).toBe(expected.length);
      expected.forEach((v, i) => expect(kept[i]).toBeCloseTo(v, 5));
    }
    expect(pointlensWith(lowered, 'info', las).lines[0].decimated.every).toBe(appEvery(las));
  });

  it('keeps an .npy scan with its label arrays as it keeps one alone: every n-th point, each with its own labels, given as a file or as its folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const scene = join(folder, 'scene');
    mkdirSync(scene);
    const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
    for (const name of names) writeFileSync(join(scene, name), fixture(name));
    const vert = join(scene, names[0]);
    const whole = await scanFixture();
    const total = whole.positions.length / 3;
    // the labels count with the points: two 32-bit fields a point
    const bytes = new Uint8Array(readFileSync(vert));
    const opening = openRecords(bytes, bytes.length) as { records: RecordFile };
    const every = decimationFor({ count: total, bytesPerPoint: opening.records.bytesPerPoint + 8 }, BUDGET_MB * 2 ** 20);
    expect(every).toBeGreaterThan(appEvery(vert));
    const kept = Math.ceil(total / every);
    const warning = `holds more points than fit the read budget of 6 kB: ${kept.toLocaleString('en-US')} of its ${total.toLocaleString('en-US')} points were read, 1 in ${every}, evenly through the file`;

    const lines = pointlensWith(lowered, 'info', vert, scene).lines;
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ points: kept, decimated: { total, every }, warnings: [warning] });

    const out = join(folder, 'kept.ply');
    expect(pointlensWith(lowered, 'clean', vert, '--sigma', '1000', '--out', out).code).toBe(0);
    const read = await parseFiles([{ name: 'kept.ply', bytes: new Uint8Array(readFileSync(out)) }]);
    const nth = (values: ArrayLike<number>) => Array.from(values).filter((_, i) => i % every === 0);
    expect(Array.from(read.data.fields.label)).toEqual(nth(whole.fields.label));
    expect(Array.from(read.data.fields.instance)).toEqual(nth(whole.fields.instance));
  });

  it('keeps a Pointcept scene within the budget with its colours and segments, and reads it whole within the default one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const n = 1000;
    const coord = new Float32Array(n * 3).map((_, i) => (i % 3 === 2 ? 0 : i / 3));
    writeFileSync(join(folder, 'coord.npy'), npy('<f4', [n, 3], coord));
    writeFileSync(join(folder, 'color.npy'), npy('|u1', [n, 3], new Uint8Array(n * 3).map((_, i) => Math.floor(i / 3) % 256)));
    writeFileSync(join(folder, 'segment.npy'), npy('<i8', [n], new BigInt64Array(n).map((_, i) => BigInt(i % 13))));
    const path = join(folder, 'coord.npy');

    const [line] = pointlensWith(lowered, 'info', path).lines;
    const { every } = line.decimated;
    expect(every).toBeGreaterThan(1);
    expect(line).toMatchObject({ points: Math.ceil(n / every), decimated: { total: n, every } });
    const out = join(folder, 'kept.ply');
    expect(pointlensWith(lowered, 'clean', path, '--sigma', '1000', '--out', out).code).toBe(0);
    const read = await parseFiles([{ name: 'kept.ply', bytes: new Uint8Array(readFileSync(out)) }]);
    const kept = Array.from({ length: Math.ceil(n / every) }, (_, k) => k * every);
    expect(Array.from(read.data.fields.segment)).toEqual(kept.map((i) => i % 13));
    expect(Array.from(read.data.colors!).filter((_, i) => i % 3 === 0)).toEqual(kept.map((i) => i % 256));

    const [all] = pointlensWith({}, 'info', path).lines;
    expect(all.points).toBe(n);
    expect(all).not.toHaveProperty('decimated');
  });

  it("leaves out an array beside an .npy scan kept decimated whose rows are not the scan's points, even where they count as many as the points kept", () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const n = 1000;
    writeFileSync(join(folder, 'coord.npy'), npy('<f4', [n, 3], new Float32Array(n * 3).map((_, i) => (i % 3 === 2 ? 0 : i / 3))));
    const segments = (rows: number) => npy('<i4', [rows], new Int32Array(rows).map((_, i) => i % 13));
    writeFileSync(join(folder, 'segment.npy'), segments(n));
    const path = join(folder, 'coord.npy');
    const { every } = pointlensWith(lowered, 'info', path).lines[0].decimated;
    const kept = Math.ceil(n / every);
    expect(kept).toBeLessThan(n);
    // as many rows as the points kept: read whole, each point would take another point's segment
    writeFileSync(join(folder, 'segment.npy'), segments(kept));

    const [line] = pointlensWith(lowered, 'info', path).lines;
    expect(line).toMatchObject({ points: kept, decimated: { total: n, every } });
    expect(line.attributes).not.toContain('segment');
    expect(line.warnings).toContain(`segment.npy holds an array of shape (${kept}) for the file's 1,000 points; it was not used`);
  });

  it('keeps a SemanticKITTI scan past the budget as every n-th point, each with its own labels, given as a file or as its sequence folder', async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    mkdirSync(join(folder, 'velodyne'));
    mkdirSync(join(folder, 'labels'));
    const remission = (i: number) => (i % 100) / 100;
    writeFileSync(join(folder, 'velodyne', '000000.bin'), float32Records(n, [0, 1, 2].map((k) => (i: number) => scan.positions[3 * i + k]).concat(remission)));
    // each point's instance is its own index: a label kept with another point would show it
    const road = 40;
    writeFileSync(join(folder, 'labels', '000000.label'), new Uint8Array(Uint32Array.from({ length: n }, (_, i) => (i << 16) | road).buffer));
    // beside the scan, as a copy next to it
    const path = join(folder, 'scan.bin');
    writeFileSync(path, readFileSync(join(folder, 'velodyne', '000000.bin')));
    writeFileSync(join(folder, 'scan.label'), readFileSync(join(folder, 'labels', '000000.label')));

    const [line] = pointlensWith(lowered, 'info', path).lines;
    const { every } = line.decimated;
    expect(every).toBeGreaterThan(1);
    const kept = Math.ceil(n / every);
    expect(line).toMatchObject({ format: 'bin', points: kept, decimated: { total: n, every }, attributes: ['position', 'intensity', 'kitti_label', 'kitti_instance'] });
    expect(line.warnings[0]).toBe(`holds more points than fit the read budget of 6 kB: ${kept.toLocaleString('en-US')} of its ${n.toLocaleString('en-US')} points were read, 1 in ${every}, evenly through the file`);
    expect(pointlensWith(lowered, 'info', folder).lines.find((l) => /velodyne/.test(l.file))).toMatchObject({ points: kept, decimated: { total: n, every }, attributes: ['position', 'intensity', 'kitti_label', 'kitti_instance'] });

    const out = join(folder, 'kept.ply');
    expect(pointlensWith(lowered, 'clean', path, '--sigma', '1000', '--out', out).code).toBe(0);
    const read = (await parseFiles([{ name: 'kept.ply', bytes: new Uint8Array(readFileSync(out)) }])).data;
    const rows = Array.from({ length: kept }, (_, k) => k * every);
    expect(Array.from(read.fields.kitti_instance)).toEqual(rows);
    expect(Array.from(read.fields.kitti_label)).toEqual(rows.map(() => road));
    expect(Array.from(read.positions)).toEqual(everyNth(scan, every));
    expect(Array.from(read.fields.intensity)).toEqual(rows.map((i) => Math.fround(remission(i))));

    // within the default budget, every point
    const [all] = pointlensWith({}, 'info', path).lines;
    expect(all).toMatchObject({ points: n, attributes: ['position', 'intensity', 'kitti_label', 'kitti_instance'] });
    expect(all).not.toHaveProperty('decimated');
  });

  it('says a SemanticKITTI scan shorter than its labels need may be truncated, and refuses one cut inside a value, before reading its points', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const records = float32Records(n, [0, 1, 2].map((k) => (i: number) => scan.positions[3 * i + k]).concat((i) => (i % 100) / 100));
    writeFileSync(join(folder, 'cut.label'), new Uint8Array(Uint32Array.from({ length: n }, () => 40).buffer));
    writeFileSync(join(folder, 'cut.bin'), records.subarray(0, records.length - 16));
    const [line] = pointlensWith(lowered, 'info', join(folder, 'cut.bin')).lines;
    expect(line.warnings).toContain(
      'cut.label was not used: it holds 2,000 labels of 4 bytes for 1,999 points; a SemanticKITTI scan of 2,000 points (x y z remission, 16 bytes each) takes 32,000 bytes, and this one has 31,984: it may be truncated',
    );
    expect(line.attributes).toEqual(['position', 'intensity']);
    writeFileSync(join(folder, 'cut.bin'), records.subarray(0, records.length - 6));
    const r = pointlensWith(lowered, 'info', join(folder, 'cut.bin'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pointlens: \S+cut\.bin is 31994 bytes, not a whole number of float32 values; /);
  });

  it('reads a file that cannot stream whole, within the old size limit, whatever its name', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-budget-'));
    const ascii = join(folder, 'ascii.ply');
    const rows = Array.from({ length: 1000 }, (_, i) => `${i} ${i % 7} ${i % 3}`);
    writeFileSync(ascii, `ply\nformat ascii 1.0\nelement vertex ${rows.length}\nproperty float x\nproperty float y\nproperty float z\nend_header\n${rows.join('\n')}\n`);
    const [line] = pointlensWith(lowered, 'info', ascii).lines;
    expect(line.points).toBe(1000);
    expect(line).not.toHaveProperty('decimated');

    // sparse files: their size is all that is read of them
    const text = join(folder, 'huge.xyz');
    const zeros = join(folder, 'huge.ply');
    for (const path of [text, zeros]) {
      writeFileSync(path, '');
      truncateSync(path, 2 ** 31 + 1);
    }
    const r = pointlensWith({}, 'info', text, zeros);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toBe(`pointlens: ${text}: is 2.0 GB; pointlens reads files of up to 2.0 GB\npointlens: ${zeros}: is 2.0 GB; pointlens reads files of up to 2.0 GB\n`);
  });

  it('refuses a budget that is no number of megabytes above 0', () => {
    const r = pointlensWith({ POINTLENS_READ_BUDGET_MB: 'lots' }, 'info', 'scan.ply');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pointlens: POINTLENS_READ_BUDGET_MB is a number of megabytes above 0 that lowers the read budget, not "lots"\n');
  });
});
