import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { writePly } from '../../src/core/io/writePly';
import type { PointCloud } from '../../src/core/types';
import { pointlens } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));

async function read(path: string) {
  return (await parseFiles([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }])).data as PointCloud;
}

describe('pointlens filter', () => {
  it("keeps the points of a real scan whose height lies in a range, as a plain count finds them, and writes them with their fields", async () => {
    const scan = await read(SCAN);
    const z = Array.from({ length: scan.positions.length / 3 }, (_, i) => scan.positions[3 * i + 2]);
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-filter-')), 'kept.ply');
    const r = pointlens('filter', '--field', 'height', '--min', '0.5', '--max', '1.2', SCAN, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'field', 'min', 'max', 'points', 'kept', 'below', 'above', 'missing', 'up', 'ms']);
    const kept = z.filter((v) => v >= 0.5 && v <= 1.2).length;
    expect(line).toMatchObject({ file: SCAN, field: 'height', min: 0.5, max: 1.2, points: z.length, kept, below: z.filter((v) => v < 0.5).length, above: z.filter((v) => v > 1.2).length, missing: 0, up: '+z' });
    const saved = await read(out);
    expect(saved.positions.length / 3).toBe(kept);
    for (let i = 2; i < saved.positions.length; i += 3) expect(saved.positions[i] >= 0.5 && saved.positions[i] <= 1.2).toBe(true);
    expect(Object.keys(saved.fields)).toEqual(['label', 'instance']);
    expect(saved.colors).toBeDefined();
  });

  it('filters by a field of the file, with one end open, counting a point with no value apart', () => {
    const values = new Float32Array([0.1, NaN, 0.7, 2.5, -1, 0.7]);
    const positions = Float32Array.from({ length: 18 }, (_, i) => i);
    const path = join(mkdtempSync(join(tmpdir(), 'pointlens-filter-')), 'scored.ply');
    writeFileSync(path, writePly({ kind: 'points', positions, fields: { score: values } }));
    const [line] = pointlens('filter', '--field', 'score', '--max', '0.7', path).lines;
    expect(line).toMatchObject({ field: 'score', max: 0.7, points: 6, kept: 4, below: 0, above: 1, missing: 1 });
    expect(line).not.toHaveProperty('min');
    const [negative] = pointlens('filter', '--field', 'score', '--min', '-1', '--max', '-0.5', path).lines;
    expect(negative).toMatchObject({ kept: 1, below: 0, above: 4 });
  });

  it('refuses a field the file does not have, naming those it has', () => {
    const r = pointlens('filter', '--field', 'intensity', '--min', '0', SCAN);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toBe(`pointlens: ${SCAN} has no field "intensity": it has label, instance, height\n`);
  });

  it('refuses a missing field, an end that is no number, and ends the wrong way round, before reading anything', () => {
    expect(pointlens('filter', '--min', '1', SCAN)).toMatchObject({ code: 2, stderr: 'pointlens filter: --field names the field to filter by: height, or one the file has (pointlens info lists them)\n' });
    expect(pointlens('filter', '--field', 'height', '--min', '0x1', SCAN)).toMatchObject({ code: 2, stderr: 'pointlens filter: --min takes a number, not "0x1"\n' });
    expect(pointlens('filter', '--field', 'height', '--min', '2', '--max', '1', SCAN)).toMatchObject({ code: 2, stderr: 'pointlens filter: --min 2 is above --max 1: give the lower end as --min\n' });
  });
});
