import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { subsample } from '../../src/core/geometry/subsample';
import { parseFiles } from '../../src/core/io';
import type { PointCloud } from '../../src/core/types';
import { pointlens } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));

async function read(path: string): Promise<PointCloud> {
  return (await parseFiles([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }])).data as PointCloud;
}

describe('pointlens subsample', () => {
  it('keeps the points the core keeps at a minimum spacing, and writes them with their colours and labels', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-subsample-'));
    const out = join(folder, 'spaced.ply');
    const r = pointlens('subsample', '--spacing', '0.05', SCAN, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'points', 'kept', 'spacing', 'ms']);
    const scan = await read(SCAN);
    const chosen = subsample(scan.positions, { kind: 'spacing', spacing: 0.05 });
    expect(line).toMatchObject({ file: SCAN, points: 25_000, kept: chosen.reduce((t, v) => t + v, 0), spacing: 0.05 });
    const saved = await read(out);
    expect(saved.positions.length / 3).toBe(line.kept);
    expect(Object.keys(saved.fields)).toEqual(Object.keys(scan.fields));
    // the first point is always kept, with its own values
    expect(Array.from(saved.positions.subarray(0, 3))).toEqual(Array.from(scan.positions.subarray(0, 3)));
    expect(Array.from(saved.colors!.subarray(0, 3))).toEqual(Array.from(scan.colors!.subarray(0, 3)));
    expect(saved.fields.label[0]).toBe(scan.fields.label[0]);
  });

  it('keeps one point a voxel, and exactly the count asked', () => {
    const [voxel] = pointlens('subsample', '--voxel', '0.2', SCAN).lines;
    expect(voxel).toMatchObject({ points: 25_000, voxel: 0.2 });
    expect(voxel.kept).toBeLessThan(25_000);
    const [a] = pointlens('subsample', '--count', '1000', '--seed', '4', SCAN).lines;
    expect(a).toMatchObject({ points: 25_000, kept: 1000, count: 1000, seed: 4 });
  });

  it('says what is wrong with the flags before reading anything, and refuses what the file cannot take', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-subsample-'));
    const out = join(folder, 'none.ply');
    for (const [args, message] of [
      [[], /give one of --spacing D, --voxel D or --count N\n/],
      [['--spacing', '0.1', '--count', '5'], /not --spacing and --count/],
      [['--spacing', '0,05'], /--spacing must be a number above 0, with a point as its decimal mark, not "0,05"/],
      [['--voxel', '0'], /--voxel must be a number above 0, not "0"/],
      [['--count', '2.5'], /--count must be an integer of at least 1, not "2.5"/],
      [['--spacing', '0.1', '--seed', '3'], /--seed goes with --count/],
    ] as const) {
      const r = pointlens('subsample', ...args, SCAN, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    const tooMany = pointlens('subsample', '--count', '30000', SCAN, '--out', out);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain('the count must be a whole number from 1 to 25,000, the points there are, not 30000');
    const tooSmall = pointlens('subsample', '--spacing', '1e-12', SCAN, '--out', out);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toMatch(/a spacing of 1e-12 is too small for points 7\.23 across: .* take 0\.000026 or more/);
    expect(existsSync(out)).toBe(false);
  });
});
