import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLaz14 } from '../../scripts/laz/writeLaz14';
import { parseFiles, writePly } from '../../src/core/io';
import { openRecords, decimationFor } from '../../src/core/io/streamFormats';
import type { PointCloud } from '../../src/core/types';
import { lasFile, scanFixture } from '../core/io/helpers';
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
