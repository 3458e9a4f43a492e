import { describe, expect, it } from 'vitest';
import { parsePcd, pcdLoader } from '../../../src/core/io/pcd';
import { parsePly } from '../../../src/core/io/ply';
import type { PointCloud } from '../../../src/core/types';
import { concat, fixture, scanFixture, utf8 } from './helpers';

const FIELDS = 'FIELDS x y z rgb label normal_x normal_y normal_z\nSIZE 4 4 4 4 4 4 4 4\nTYPE F F F F U F F F\nCOUNT 1 1 1 1 1 1 1 1\n';

function header(n: number, data: string): Uint8Array {
  return utf8(`# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\n${FIELDS}WIDTH ${n}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS ${n}\nDATA ${data}\n`);
}

/** The scan's points as PCD records: x y z, packed rgb (0x00RRGGBB, as PCL packs it), label, a unit normal. */
function records(c: PointCloud): { dv: DataView; bytes: Uint8Array; n: number } {
  const n = c.positions.length / 3;
  const bytes = new Uint8Array(n * 32);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const o = i * 32;
    for (let k = 0; k < 3; k++) dv.setFloat32(o + 4 * k, c.positions[i * 3 + k], true);
    const [r, g, b] = c.colors!.slice(i * 3, i * 3 + 3);
    dv.setUint32(o + 12, (r << 16) | (g << 8) | b, true);
    dv.setUint32(o + 16, c.fields.label[i], true);
    dv.setFloat32(o + 28, 1, true);
  }
  return { dv, bytes, n };
}

/** LZF with literal runs only (ctrl byte = run length - 1, at most 32 bytes a run): valid per liblzf. */
function lzfLiteral(data: Uint8Array): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < data.length; i += 32) {
    const run = data.subarray(i, i + 32);
    parts.push(run.length - 1, ...run);
  }
  return Uint8Array.from(parts);
}

function expectScan(c: PointCloud, scan: PointCloud) {
  expect(c.positions).toEqual(scan.positions);
  expect(c.colors).toEqual(scan.colors);
  expect(c.fields.label).toBeInstanceOf(Uint32Array);
  expect(Array.from(c.fields.label)).toEqual(Array.from(scan.fields.label));
  expect(Array.from(c.normals!.slice(0, 3))).toEqual([0, 0, 1]);
}

describe('parsePcd', () => {
  it('reads the ascii ModelNet flower pot like its PLY twin', () => {
    const bytes = fixture('flower_pot.pcd');
    expect(pcdLoader.sniff(bytes)).toBe(true);
    const c = parsePcd(bytes).data as PointCloud;
    expect(c.positions).toEqual(parsePly(fixture('flower_pot.ply')).data.positions);
  });

  it('reads binary PCD with packed colours, a label field and normals', async () => {
    const scan = await scanFixture();
    const { bytes, n } = records(scan);
    expectScan(parsePcd(concat(header(n, 'binary'), bytes)).data as PointCloud, scan);
  });

  it('reads binary_compressed PCD (LZF, fields stored one after another)', async () => {
    const scan = await scanFixture();
    const { dv, n } = records(scan);
    // reorder the records into PCL's compressed layout: each field's values for all points in turn
    const soa = new Uint8Array(n * 32);
    for (let f = 0; f < 8; f++) for (let i = 0; i < n; i++) for (let b = 0; b < 4; b++) soa[f * 4 * n + i * 4 + b] = dv.getUint8(i * 32 + f * 4 + b);
    const packed = lzfLiteral(soa);
    const sizes = new Uint8Array(8);
    new DataView(sizes.buffer).setUint32(0, packed.length, true);
    new DataView(sizes.buffer).setUint32(4, soa.length, true);
    expectScan(parsePcd(concat(header(n, 'binary_compressed'), sizes, packed)).data as PointCloud, scan);
  });

  it('reads ascii packed colours written as floats', async () => {
    const scan = await scanFixture();
    const n = 20;
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const lines = Array.from({ length: n }, (_, i) => {
      const [r, g, b] = scan.colors!.slice(i * 3, i * 3 + 3);
      u32[0] = (r << 16) | (g << 8) | b;
      return [...scan.positions.slice(i * 3, i * 3 + 3), f32[0].toPrecision(9), scan.fields.label[i], 0, 0, 1].join(' ');
    });
    const c = parsePcd(concat(header(n, 'ascii'), utf8(lines.join('\n')))).data as PointCloud;
    expect(c.colors).toEqual(scan.colors!.slice(0, n * 3));
  });

  it('warns that points after those the header declares were not read, ascii and binary', async () => {
    const ascii = parsePcd(utf8('VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 4\nPOINTS 2\nDATA ascii\n1 2 3\n4 5 6\n7 8 9\n1 1 1\n'));
    expect(ascii.data.positions.length).toBe(6);
    expect(ascii.warnings).toEqual(['has 2 more lines of values after the 2 points its header declares; they were not read']);
    const scan = await scanFixture();
    const { bytes, n } = records(scan);
    const binary = parsePcd(concat(header(n - 500, 'binary'), bytes));
    expect(binary.data.positions).toEqual(scan.positions.subarray(0, (n - 500) * 3));
    expect(binary.warnings).toEqual(['has 16,000 bytes after the 1,500 points its header declares, enough for 500 more; they were not read']);
  });

  it('refuses an ascii line with a value too many or too few, by its line number, instead of shifting the points after it', () => {
    const head = 'VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nWIDTH 3\nPOINTS 3\nDATA ascii\n';
    expect(() => parsePcd(utf8(`${head}1 2 3\n4 5 6 7\n8 9 10\n`))).toThrow('line 9 has 4 values; the header declares 3 for a point');
    // as many values in all as the header declares, one of them a line late
    expect(() => parsePcd(utf8(`${head}1 2\n3 4 5\n6 7 8 9\n`))).toThrow('line 8 has 2 values; the header declares 3 for a point');
    // CRLF line ends and blank lines between points read as before
    expect(Array.from(parsePcd(utf8(`${head}1 2 3\r\n\r\n4 5 6\r\n7 8 9\r\n`)).data.positions)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('says what is wrong with truncated or inconsistent files', async () => {
    const scan = await scanFixture();
    const { bytes, n } = records(scan);
    expect(() => parsePcd(concat(header(n, 'binary'), bytes.subarray(0, 1000)))).toThrow(/declares 2000 points \(64000 bytes\), but only 1000 bytes follow/);
    expect(() => parsePcd(utf8('VERSION 0.7\nFIELDS x y z\nSIZE 4 4\nTYPE F F F\nPOINTS 1\nDATA ascii\n1 2 3\n'))).toThrow(/do not match/);
    expect(() => parsePcd(utf8('VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nPOINTS 2\nDATA ascii\n1.5 2.5 3.5\n'))).toThrow(/truncated: it ends after 1 of the 2 points/);
    expect(() => parsePcd(utf8('VERSION 0.7\nFIELDS a b c\nSIZE 4 4 4\nTYPE F F F\nPOINTS 1\nDATA ascii\n1 2 3\n'))).toThrow(/no x, y and z/);
    const sizes = new Uint8Array(8);
    new DataView(sizes.buffer).setUint32(0, 10, true);
    new DataView(sizes.buffer).setUint32(4, n * 32, true);
    expect(() => parsePcd(concat(header(n, 'binary_compressed'), sizes, new Uint8Array([40, 1, 2, 3, 4, 5, 6, 7, 8, 9])))).toThrow(/corrupt compressed/);
  });
});
