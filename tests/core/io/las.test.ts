import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLas, lasLoader } from '../../../src/core/io/las';
import { parseFiles } from '../../../src/core/io';
import type { PointCloud } from '../../../src/core/types';
import { scanFixture } from './helpers';

const SCALE = 0.001;

/** LAS 1.2, point data format 2 (xyz as scaled integers, intensity, classification, 16-bit RGB), per the ASPRS spec. */
function las12(c: PointCloud, offset = [0, 0, 0]): Uint8Array {
  const n = c.positions.length / 3;
  const HEADER = 227;
  const RECORD = 26;
  const bytes = new Uint8Array(HEADER + n * RECORD);
  const dv = new DataView(bytes.buffer);
  bytes.set([0x4c, 0x41, 0x53, 0x46]);
  dv.setUint8(24, 1);
  dv.setUint8(25, 2);
  dv.setUint16(94, HEADER, true);
  dv.setUint32(96, HEADER, true);
  dv.setUint32(100, 0, true);
  dv.setUint8(104, 2);
  dv.setUint16(105, RECORD, true);
  dv.setUint32(107, n, true);
  dv.setUint32(111, n, true);
  for (let k = 0; k < 3; k++) dv.setFloat64(131 + 8 * k, SCALE, true);
  for (let k = 0; k < 3; k++) dv.setFloat64(155 + 8 * k, offset[k], true);
  const min = [0, 1, 2].map((k) => Math.min(...c.positions.filter((_, i) => i % 3 === k)));
  const max = [0, 1, 2].map((k) => Math.max(...c.positions.filter((_, i) => i % 3 === k)));
  for (let k = 0; k < 3; k++) {
    dv.setFloat64(179 + 16 * k, max[k] + offset[k], true);
    dv.setFloat64(187 + 16 * k, min[k] + offset[k], true);
  }
  for (let i = 0; i < n; i++) {
    const o = HEADER + i * RECORD;
    for (let k = 0; k < 3; k++) dv.setInt32(o + 4 * k, Math.round(c.positions[i * 3 + k] / SCALE), true);
    dv.setUint16(o + 12, c.fields.instance[i], true);
    dv.setUint8(o + 15, c.fields.label[i]);
    for (let k = 0; k < 3; k++) dv.setUint16(o + 20 + 2 * k, c.colors![i * 3 + k] * 257, true);
  }
  return bytes;
}

describe('parseLas', () => {
  it('reads LAS 1.2 points with colours, intensity and classification, z-up', async () => {
    const scan = await scanFixture();
    const bytes = las12(scan);
    expect(lasLoader.sniff(bytes)).toBe(true);
    const r = await parseLas(bytes);
    const c = r.data as PointCloud;
    expect(c.positions.length).toBe(scan.positions.length);
    for (let i = 0; i < c.positions.length; i++) expect(Math.abs(c.positions[i] - scan.positions[i])).toBeLessThan(SCALE);
    expect(c.colors).toEqual(scan.colors);
    expect(Array.from(c.fields.intensity)).toEqual(Array.from(scan.fields.instance));
    expect(Array.from(c.fields.classification)).toEqual(Array.from(scan.fields.label));
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
  });

  it('adds the header offset and warns when georeferenced coordinates exceed float32 precision', async () => {
    const scan = await scanFixture();
    const r = await parseLas(las12(scan, [500000, 4000000, 0]));
    expect(r.data.positions[1]).toBeCloseTo(4000000 + scan.positions[1], -1);
    expect(r.warnings?.[0]).toMatch(/coordinates reach 400000\d; as 32-bit floats they keep only about 0.4\d* units of precision/);
  });

  it('reads LAZ in LASzip chunks point for point, and refuses a header that declares more points than its chunks hold', async () => {
    const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
    // the same 40 points of a ScanNet scan, as LAS and as LAZ (tests/fixtures/hostile/make.py)
    const las = (await parseLas(fixture('fuzz/scan.las'))).data;
    const laz = await parseLas(fixture('fuzz/scan.laz'));
    expect(laz.warnings).toEqual([]);
    expect(laz.data.positions.length).toBe(40 * 3);
    laz.data.positions.forEach((v, i) => expect(v).toBeCloseTo(las.positions[i], 6));
    expect(Array.from(laz.data.fields.classification)).toEqual(Array.from(las.fields.classification.subarray(0, 40)).map((c) => c & 31));

    const lying = fixture('fuzz/scan.laz');
    new DataView(lying.buffer).setUint32(107, 41, true);
    await expect(parseFiles([{ name: 'lying.laz', bytes: lying }])).rejects.toThrow(
      'lying.laz declares 41 points, which fill 41 LAZ chunks of 1 point, but its LAZ data holds 40 chunks: the file is truncated or its header is wrong',
    );
  });

  it('says where the header counts its points by return to another number than its point count', async () => {
    const bytes = las12(await scanFixture());
    new DataView(bytes.buffer).setUint32(111, 2001, true);
    expect((await parseLas(bytes)).warnings).toContain('its header declares 2000 points but 2001 by return; the file may be truncated or its header wrong');
  });

  it('refuses a truncated file and unsupported versions before decoding', async () => {
    const scan = await scanFixture();
    const bytes = las12(scan);
    await expect(parseFiles([{ name: 'cut.las', bytes: bytes.subarray(0, 5000) }])).rejects.toThrow(/cut\.las declares 2000 points \(52000 bytes from byte 227\), but the file has 5000 bytes/);
    const v14 = bytes.slice();
    v14[25] = 4;
    await expect(parseLas(v14)).rejects.toThrow(/is LAS 1.4; pointlens reads LAS 1.0 to 1.3/);
    await expect(parseLas(bytes.subarray(0, 100))).rejects.toThrow(/a LAS header takes 227 bytes/);
  });
});
