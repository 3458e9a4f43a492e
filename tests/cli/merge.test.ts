import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { turnMatrix } from '../../src/core/geometry/signedAxis';
import { writePly } from '../../src/core/io/writePly';
import { NO_COLOUR_GREY, SOURCE_FIELD } from '../../src/core/layers/merge';
import type { PointCloud } from '../../src/core/types';
import { pointlens, readBack } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));

/** The scan stood on its y axis (as a model's file would have it) and written so, with no colours and a measure of its own. */
async function standingCopy(folder: string): Promise<string> {
  const scan = (await readBack(SCAN)).data as PointCloud;
  const r = turnMatrix('+z', '+y');
  const p = scan.positions;
  const positions = Float32Array.from(p, (_, k) => {
    const i = k - (k % 3);
    const a = k % 3;
    return r[3 * a] * p[i] + r[3 * a + 1] * p[i + 1] + r[3 * a + 2] * p[i + 2];
  });
  const copy: PointCloud = { kind: 'points', positions, fields: { intensity: Float32Array.from({ length: p.length / 3 }, (_, i) => i % 50) } };
  const file = join(folder, 'standing.ply');
  writeFileSync(file, writePly(copy, {}, { up: '+y' }));
  return file;
}

describe('pointlens merge', () => {
  it('joins a scan and a copy standing on another axis in the first one\'s frame, with each file\'s points counted, fields filled and a source field', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-merge-'));
    const standing = await standingCopy(folder);
    const out = join(folder, 'merged.ply');
    const r = pointlens('merge', SCAN, standing, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/standing\.ply had no colours: its points are grey/);
    const [line] = r.lines;
    expect(line.files).toEqual([
      { file: SCAN, points: 25_000, up: '+z' },
      { file: standing, points: 25_000, up: '+y' },
    ]);
    expect(line).toMatchObject({ points: 50_000, up: '+z', fields_kept: [], greyed: [standing] });
    const scan = (await readBack(SCAN)).data as PointCloud;
    expect(line.fields_filled.sort()).toEqual([...Object.keys(scan.fields), 'intensity'].sort());
    const merged = (await readBack(out)).data as PointCloud;
    expect(merged.positions.length / 3).toBe(50_000);
    // stood back on the scan's z: the copy's points are the scan's own
    let worst = 0;
    for (let k = 0; k < scan.positions.length; k++) worst = Math.max(worst, Math.abs(merged.positions[scan.positions.length + k] - scan.positions[k]));
    expect(worst).toBeLessThan(1e-5);
    expect(Array.from(merged.colors!.subarray(75_000, 75_003))).toEqual(NO_COLOUR_GREY);
    expect(Number.isNaN(merged.fields.intensity[0])).toBe(true);
    expect(merged.fields.intensity[25_001]).toBe(1);
    expect(merged.fields.label[25_000]).toBe(-1);
    const source = merged.fields[SOURCE_FIELD];
    expect([0, 1].map((id) => source.filter((s) => s === id).length)).toEqual([25_000, 25_000]);
    expect(merged.fieldClasses?.[SOURCE_FIELD]?.map((c) => c.name)).toEqual([SCAN, standing]);
  });

  it('refuses one file, and files in different units, writing nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-merge-'));
    const out = join(folder, 'none.ply');
    const one = pointlens('merge', SCAN, '--out', out);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/give two files or more to merge/);
    const feet = join(folder, 'feet.ply');
    const metres = join(folder, 'metres.ply');
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.from([0, 0, 0, 1, 1, 1]), fields: {} };
    writeFileSync(feet, writePly(cloud, {}, { unit: 'ft' }));
    writeFileSync(metres, writePly(cloud, {}, { unit: 'm' }));
    const mixed = pointlens('merge', feet, metres, '--out', out);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/feet\.ply is in ft and .*metres\.ply in m: one cloud holds one unit/);
    expect(existsSync(out)).toBe(false);
  });
});
