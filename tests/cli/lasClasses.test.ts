import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Las } from 'copc';
import type { PointCloud } from '../../src/core/types';
import { writePly } from '../../src/core/io';
import { extraBytesRecord, lasFile, scanFixture } from '../core/io/helpers';
import { pointlens, readBack } from './pointlens';

const OFFSET = [123456.78, 4567890.12, 12.34];

/** A survey tile in centimetre steps of three boxes of points 5 m apart, each a 12 x 12 x 3 lattice 10 cm apart, classed 2 (ground) throughout. */
function tile(folder: string, name = 'tile.las'): string {
  const positions: number[] = [];
  for (let box = 0; box < 3; box++) for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) for (let k = 0; k < 3; k++) positions.push(10 + 5 * box + 0.1 * i, 20 + 0.1 * j, 1 + 0.1 * k);
  const n = positions.length / 3;
  const cloud: PointCloud = { kind: 'points', positions: Float32Array.from(positions), colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label: new Uint8Array(n).fill(2) } };
  const path = join(folder, name);
  writeFileSync(path, lasFile(cloud, { format: 3, scale: 0.01, offset: OFFSET }));
  return path;
}

describe('pointlens --las-classes', () => {
  it('writes a LAS whose classes are each point\'s cluster, the file\'s classification kept beside them, on the tile\'s own scale and offset', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const source = tile(folder);
    const out = join(folder, 'clustered.las');
    const r = pointlens('clusters', source, '--out', out, '--las-classes', 'cluster');
    expect(r.code).toBe(0);
    expect(r.lines[0].clusters).toHaveLength(3);
    expect(r.stderr).toBe(`pointlens clusters: ${out}: the LAS classes (0 to 255) are the values of cluster, also kept whole as its own dimension\n`);
    const back = (await readBack(out)).data as PointCloud;
    expect(new Set(back.fields.cluster)).toEqual(new Set([1, 2, 3]));
    expect(Array.from(back.fields.classification)).toEqual(Array.from(back.fields.cluster));
    expect(Array.from(new Set(back.fields.source_classification))).toEqual([2]);
    expect(Las.Header.parse(new Uint8Array(readFileSync(out)))).toMatchObject({ scale: [0.01, 0.01, 0.01], offset: OFFSET });
  });

  it('classes a merge by the file each point came from, on a grid of its own: the second file\'s points are moved into the first\'s frame', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const out = join(folder, 'merged.las');
    const r = pointlens('merge', tile(folder, 'a.las'), tile(folder, 'b.las'), '--up', 'z', '--out', out, '--las-classes', 'source');
    expect(r.code).toBe(0);
    const back = (await readBack(out)).data as PointCloud;
    expect(Array.from(back.fields.classification)).toEqual(Array.from(back.fields.source));
    expect(new Set(back.fields.source).size).toBe(2);
    expect(Las.Header.parse(new Uint8Array(readFileSync(out))).scale).toEqual([0.001, 0.001, 0.001]);
  });

  it('refuses a field the points do not have, naming those they have, and writes nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const out = join(folder, 'planes.laz');
    const r = pointlens('planes', tile(folder), '--out', out, '--las-classes', 'cluster');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no field "cluster" to take the classes from: the points have intensity, classification, return_number, number_of_returns, point_source_id, gps_time, plane');
    expect(existsSync(out)).toBe(false);
  });

  it("takes a LAZ's classes from a field the file has: a PLY's label through subsample, a LAS extra dimension through clean", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const scan = await scanFixture();
    const ply = join(folder, 'scan.ply');
    writeFileSync(ply, writePly(scan));
    const kept = join(folder, 'kept.laz');
    const r = pointlens('subsample', ply, '--count', '500', '--out', kept, '--las-classes', 'label');
    expect(r.code).toBe(0);
    const back = (await readBack(kept)).data as PointCloud;
    expect(back.positions.length).toBe(500 * 3);
    expect(Array.from(back.fields.classification)).toEqual(Array.from(back.fields.label));
    expect(new Set(back.fields.label).size).toBeGreaterThan(1);

    const withDeviation = join(folder, 'deviation.las');
    const fill = (dv: DataView, at: number, i: number) => dv.setUint16(at + 30, i % 7, true);
    writeFileSync(withDeviation, lasFile(scan, { minor: 4, format: 6, records: [extraBytesRecord([{ name: 'Deviation', type: 3 }])], extraBytes: 2, fill }));
    const cleaned = join(folder, 'cleaned.las');
    expect(pointlens('clean', withDeviation, '--out', cleaned, '--las-classes', 'Deviation').code).toBe(0);
    const again = (await readBack(cleaned)).data as PointCloud;
    expect(Array.from(again.fields.classification)).toEqual(Array.from(again.fields.Deviation));
    expect(new Set(again.fields.classification)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });

  it("refuses compare's distance as the classes, in words, naming the fields that can be, and writes nothing", () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const source = tile(folder);
    const out = join(folder, 'distances.las');
    const other = join(folder, 'other.ply');
    writeFileSync(other, writePly({ kind: 'points', positions: Float32Array.of(10.05, 20.05, 1.05, 20.05, 20.55, 1.05), fields: {} }));
    const r = pointlens('compare', source, '--to', other, '--out', out, '--las-classes', 'distance_to_other');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("distance_to_other holds measures (such as ");
    expect(r.stderr).toContain("not classes: a LAS's classes are taken from a field of whole numbers, such as intensity, classification");
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --las-classes without a LAS or LAZ --out to write, before reading anything', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-las-classes-'));
    const ply = pointlens('clusters', join(folder, 'missing.las'), '--out', join(folder, 'x.ply'), '--las-classes', 'cluster');
    expect(ply.code).toBe(2);
    expect(ply.stderr).toBe('pointlens clusters: --las-classes cluster names the field a LAS\'s classes come from: give --out with a name ending in .las or .laz\n');
    expect(pointlens('segment', join(folder, 'missing.las'), '--las-classes', 'pred').code).toBe(2);
  });
});
