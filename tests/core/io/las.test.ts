import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LazArrival, parseLas, lasLoader } from '../../../src/core/io/las';
import { lasHeaderOf } from '../../../src/core/io/lasHeader';
import { openRecords } from '../../../src/core/io/streamFormats';
import { LAZ_MAX_BYTES } from '../../../src/core/io/lazDecoder';
import { parseFiles } from '../../../src/core/io';
import type { PointCloud } from '../../../src/core/types';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { extraBytesRecord, las12, lasFile, LAS_SCALE as SCALE, scanFixture, wktRecord, type ExtraDimSpec, type LasOptions } from './helpers';
import { LAS_POINT_FIELDS } from '../../../src/core/io/lasClasses';
import { writeLaz14 } from '../../../scripts/laz/writeLaz14';

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
    expect(Array.from(c.fields.classification)).toEqual(Array.from(scan.fields.label, (l) => l & 31));
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
    // the box its header declares, in its own coordinates
    const { min, max } = computeBounds(scan.positions);
    expect(r.declaredBox).toEqual({ min: [...min], max: [...max] });
  });

  it("reads a point's class from the classification byte's low 5 bits, and counts the flags above them in a warning, LAS or LAZ", async () => {
    const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
    for (const name of ['fuzz/scan.las', 'fuzz/scan.laz']) {
      const bytes = fixture(name);
      const dv = new DataView(bytes.buffer, bytes.byteOffset);
      const start = dv.getUint32(96, true);
      const record = dv.getUint16(105, true);
      const count = dv.getUint32(107, true);
      // a LAZ of one-point chunks stores each point raw, with 4 bytes of coder after it
      const at = (i: number) => start + (name.endsWith('.laz') ? 8 + i * (record + 4) : i * record) + 15;
      for (let i = 0; i < count; i++) bytes[at(i)] &= 31;
      const plain = await parseLas(bytes.slice());
      // the first point withheld, the second synthetic and a key point
      bytes[at(0)] |= 0x80;
      bytes[at(1)] |= 0x20 | 0x40;
      const flagged = await parseLas(bytes);
      expect(flagged.data.fields.classification, name).toEqual(plain.data.fields.classification);
      expect(flagged.warnings, name).toEqual([...(plain.warnings ?? []), "its classification flags mark 1 synthetic, 1 key points, 1 withheld (to be treated as deleted); every point is shown, in its class"]);
    }
  });

  it('keeps georeferenced coordinates to the millimetre, relative to the middle of the header box, and says so', async () => {
    const scan = await scanFixture();
    const r = await parseLas(las12(scan, [500000, 4000000, 12]));
    // the box's middle to whole units, elevation too
    const { min, max } = computeBounds(scan.positions);
    expect(r.origin).toEqual([0, 1, 2].map((k) => Math.round([500000, 4000000, 12][k] + (min[k] + max[k]) / 2)));
    const [ox, oy, oz] = r.origin!;
    for (let i = 0; i < scan.positions.length; i += 3) {
      // within the file's own step (1 mm) of where it put the point: as 32-bit floats at 4e6 it would be 0.25 m
      expect(Math.abs(r.data.positions[i] + ox - (500000 + scan.positions[i]))).toBeLessThan(SCALE);
      expect(Math.abs(r.data.positions[i + 1] + oy - (4000000 + scan.positions[i + 1]))).toBeLessThan(SCALE);
      expect(Math.abs(r.data.positions[i + 2] + oz - (12 + scan.positions[i + 2]))).toBeLessThan(SCALE);
    }
    expect(r.warnings).toEqual([`coordinates are kept relative to (${r.origin!.join(', ')}), the middle of the box its header declares, to keep millimetres; the panels and exports add it back`]);
    // a file near zero is read as it is
    expect((await parseLas(las12(scan))).origin).toBeUndefined();
    // a writer that left the header's box at zero: the offset, which it set near its points, is the origin
    const unboxed = las12(scan, [500000.4, 4000000.6, 12]);
    unboxed.fill(0, 179, 227);
    const fromOffset = await parseLas(unboxed);
    expect(fromOffset.origin).toEqual([500000, 4000001, 12]);
    expect(fromOffset.warnings).toEqual([`coordinates are kept relative to (500000, 4000001, 12), its header's offset, to keep millimetres; the panels and exports add it back`]);
    fromOffset.data.positions.forEach((v, i) => expect(Math.abs(v + fromOffset.origin![i % 3] - ([500000.4, 4000000.6, 12][i % 3] + scan.positions[i]))).toBeLessThan(SCALE));
  });

  it('keeps LAZ coordinates to the millimetre as it keeps LAS ones', async () => {
    const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
    const shift = [500000, 4000000, 0];
    // the same file moved to survey coordinates: its header's offset and box moved, its records kept
    const placed = (bytes: Uint8Array) => {
      const b = bytes.slice();
      const dv = new DataView(b.buffer);
      const move = (at: number, k: number) => dv.setFloat64(at, dv.getFloat64(at, true) + shift[k], true);
      for (let k = 0; k < 3; k++) [155 + 8 * k, 179 + 16 * k, 187 + 16 * k].forEach((at) => move(at, k));
      return b;
    };
    for (const name of ['fuzz/scan.las', 'fuzz/scan.laz']) {
      const near = await parseLas(fixture(name));
      const far = await parseLas(placed(fixture(name)));
      expect(near.origin).toBeUndefined();
      expect(far.origin?.[0]).toBeGreaterThan(400000);
      near.data.positions.forEach((v, i) => expect(Math.abs(far.data.positions[i] + far.origin![i % 3] - (v + shift[i % 3]))).toBeLessThan(1e-3));
    }
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

  it('refuses scale factors of 0, and says when a scale or offset puts every point outside the header\'s bounds', async () => {
    const scan = await scanFixture();
    const zero = las12(scan);
    for (let k = 0; k < 3; k++) new DataView(zero.buffer).setFloat64(131 + 8 * k, 0, true);
    await expect(parseLas(zero)).rejects.toThrow('has a bad LAS header: its x, y, z scale factors are 0, 0, 0; each must be a finite number other than 0');
    const outside = 'has all its 2000 points outside the bounding box its header declares: the file is corrupt or its header\'s scale, offset or bounds are wrong';
    const huge = las12(scan);
    new DataView(huge.buffer).setFloat64(131, 1e300, true);
    await expect(parseLas(huge)).rejects.toThrow(outside);
    const offset = las12(scan);
    new DataView(offset.buffer).setFloat64(155, 1e30, true);
    await expect(parseLas(offset)).rejects.toThrow(outside);
  });

  it('keeps every point of a file whose header box covers only a few of them, taking the box for stale', async () => {
    const scan = await scanFixture();
    const stale = las12(scan);
    // the box's max x (byte 179) moved in to the scan's 10th percentile: 90% of its points lie past it
    const xs = Array.from({ length: scan.positions.length / 3 }, (_, i) => scan.positions[3 * i]).sort((a, b) => a - b);
    new DataView(stale.buffer).setFloat64(179, xs[Math.floor(0.1 * xs.length)], true);
    const read = await parseLas(stale);
    expect(read.data.positions.length / 3).toBe(2000);
    expect(read.warnings?.find((w) => w.includes('lie outside the bounding box'))).toMatch(/^1,[7-9]\d\d of 2,000 points lie outside the bounding box the header declares, too many to be points made up past the file's end: the box is taken for stale and every point is kept$/);
  });

  it('refuses a truncated file and unsupported versions before decoding', async () => {
    const scan = await scanFixture();
    const bytes = las12(scan);
    await expect(parseFiles([{ name: 'cut.las', bytes: bytes.subarray(0, 5000) }])).rejects.toThrow(/cut\.las declares 2000 points \(52000 bytes from byte 227\), but the file has 5000 bytes/);
    const v15 = bytes.slice();
    v15[25] = 5;
    await expect(parseLas(v15)).rejects.toThrow(/is LAS 1.5; pointlens reads LAS 1.0 to 1.4/);
    // a LAS 1.2 header called 1.4: its 227 bytes lack the 64-bit counts
    const short14 = bytes.slice();
    short14[25] = 4;
    await expect(parseLas(short14)).rejects.toThrow('has a bad LAS header: it says it takes 227 bytes, but a LAS 1.4 header takes 375');
    const format11 = bytes.slice();
    format11[104] = 11;
    await expect(parseLas(format11)).rejects.toThrow('uses LAS point format 11, which the LAS specification does not define (it defines 0 to 10)');
    await expect(parseLas(bytes.subarray(0, 100))).rejects.toThrow(/a LAS header takes 227 bytes/);
  });

  it('reads every point format of LAS 1.2 to 1.4, 0 to 10: colours where the format has them, the class byte whole in formats 6-10', async () => {
    const scan = await scanFixture();
    const labels = Array.from(scan.fields.label);
    // ScanNet's NYU40 ids reach 40: past 31 only the extended formats hold them
    expect(labels.some((l) => l > 31)).toBe(true);
    for (let format = 0; format <= 10; format++) {
      const minor = format >= 6 ? 4 : format >= 4 ? 3 : 2;
      const r = await parseLas(lasFile(scan, { minor, format }));
      const c = r.data as PointCloud;
      const what = `LAS 1.${minor} format ${format}`;
      expect(c.positions.length, what).toBe(scan.positions.length);
      expect(c.positions.every((v, i) => Math.abs(v - scan.positions[i]) < SCALE), what).toBe(true);
      expect(c.colors, what).toEqual([2, 3, 5, 7, 8, 10].includes(format) ? scan.colors : undefined);
      expect(Array.from(c.fields.intensity), what).toEqual(Array.from(scan.fields.instance));
      expect(Array.from(c.fields.classification), what).toEqual(labels.map((l) => (format >= 6 ? l : l & 31)));
      // every point the first of one return
      expect(c.fields.return_number.every((v) => v === 1) && c.fields.number_of_returns.every((v) => v === 1), what).toBe(true);
      expect(r.warnings, what).toEqual([]);
    }
  });

  it("reads which return of its pulse a point is, of how many: 3 bits each in formats 0-5, 4 bits each in 6-10", async () => {
    const scan = await scanFixture();
    for (const [minor, format, byte, returned, of] of [
      [2, 3, 2 | (3 << 3), 2, 3],
      [2, 1, 5 | (5 << 3), 5, 5],
      [4, 6, 12 | (15 << 4), 12, 15],
      [4, 8, 3 | (7 << 4), 3, 7],
    ]) {
      const bytes = lasFile(scan, { minor, format });
      const start = new DataView(bytes.buffer).getUint32(96, true);
      bytes[start + 14] = byte;
      const c = (await parseLas(bytes)).data;
      expect([c.fields.return_number[0], c.fields.number_of_returns[0]], `format ${format}`).toEqual([returned, of]);
      expect([c.fields.return_number[1], c.fields.number_of_returns[1]], `format ${format}`).toEqual([1, 1]);
    }
  });

  it("reads a LAS 1.4 file's 64-bit counts, and its four classification flags from their own byte", async () => {
    const scan = await scanFixture();
    const bytes = lasFile(scan, { minor: 4, format: 7 });
    const dv = new DataView(bytes.buffer);
    // formats 6-10 leave the 32-bit count at zero: the 64-bit one is the count
    expect(dv.getUint32(107, true)).toBe(0);
    const plain = await parseLas(bytes.slice());
    expect(plain.data.positions.length).toBe(3 * 2000);
    const start = dv.getUint32(96, true);
    // the first point synthetic and withheld, the second a key point, the third overlap
    bytes[start + 15] = 0b0101;
    bytes[start + 36 + 15] = 0b0010;
    bytes[start + 72 + 15] = 0b1000;
    const flagged = await parseLas(bytes);
    expect(flagged.data.fields.classification).toEqual(plain.data.fields.classification);
    expect(flagged.warnings).toEqual(['its classification flags mark 1 synthetic, 1 key points, 1 withheld (to be treated as deleted), 1 overlap; every point is shown, in its class']);
    // the counts by return are 64-bit too, fifteen of them
    dv.setBigUint64(255 + 8 * 14, 1n, true);
    expect((await parseLas(bytes)).warnings).toContain('its header declares 2000 points but 2001 by return; the file may be truncated or its header wrong');
  });

  it("reads a LAS 1.4 file's extended records after its points as no points, and says so of other bytes there", async () => {
    const bytes = lasFile(await scanFixture(), { minor: 4, format: 6 });
    const withTrailer = new Uint8Array(bytes.length + 60 + 16);
    withTrailer.set(bytes);
    expect((await parseLas(withTrailer)).warnings).toEqual(['has 76 bytes after the 2,000 points its header declares, enough for 2 more; they were not read']);
    const dv = new DataView(withTrailer.buffer);
    dv.setBigUint64(235, BigInt(bytes.length), true);
    dv.setUint32(243, 1, true);
    expect((await parseLas(withTrailer)).warnings).toEqual([]);
  });

  it('reads a LAZ 1.4 tile of point format 7 (LASzip layered chunks) as the points written, class byte whole', async () => {
    const scan = await scanFixture();
    const written = writeLaz14({ positions: scan.positions, colors: scan.colors!, classes: scan.fields.label });
    const r = await parseLas(written.bytes);
    const c = r.data as PointCloud;
    expect(r.warnings).toEqual([]);
    expect(c.positions.length).toBe(scan.positions.length);
    written.order.forEach((p, i) => {
      for (let k = 0; k < 3; k++) expect(Math.abs(c.positions[3 * i + k] - scan.positions[3 * p + k])).toBeLessThan(SCALE);
      for (let k = 0; k < 3; k++) expect(c.colors![3 * i + k]).toBe(scan.colors![3 * p + k]);
      expect(c.fields.classification[i]).toBe(scan.fields.label[p]);
    });
  });

  it("checks a LAS 1.4 header's 64-bit count against the file and the read budget before anything is read, LAS or LAZ", async () => {
    const scan = await scanFixture();
    const las = lasFile(scan, { minor: 4, format: 6 });
    new DataView(las.buffer).setBigUint64(247, 2n ** 40n, true);
    await expect(parseLas(las)).rejects.toThrow(`declares ${2 ** 40} points (${2 ** 40 * 30} bytes from byte 375), but the file has ${las.length} bytes: it is truncated or its header is wrong`);
    const laz = writeLaz14({ positions: scan.positions, colors: scan.colors!, classes: scan.fields.label }).bytes;
    const huge = laz.slice();
    new DataView(huge.buffer).setBigUint64(247, 2n ** 62n, true);
    await expect(parseLas(huge)).rejects.toThrow(/is too large: 4611686018427388000 points would take/);
    // a chunk table (layered chunks, of variable sizes) that lists more chunks than points
    const chunks = laz.slice();
    const dv = new DataView(chunks.buffer);
    const table = Number(dv.getBigInt64(dv.getUint32(96, true), true));
    dv.setUint32(table + 4, 2 ** 32 - 1, true);
    await expect(parseLas(chunks)).rejects.toThrow(/has a LAZ chunk table that lists 4294967295 chunks for 2000 points/);
  });

  it('reads the same 40 points from a LAS 1.4 file and from its LAZ (tests/fixtures/hostile/make.py)', async () => {
    const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
    const las = await parseLas(fixture('fuzz/scan14.las'));
    const laz = await parseLas(fixture('fuzz/scan14.laz'));
    expect(laz.data.positions.length).toBe(40 * 3);
    expect(laz).toEqual(las);
  });

  it('reads the flight line (point source id) of every point, and the GPS time of the formats that have one', async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    // two flight lines, and adjusted standard GPS time in seconds: a double's precision is needed
    const line = (i: number) => (i < n / 2 ? 11 : 12);
    const time = (i: number) => 3.9e8 + i * 1e-3;
    for (const { format, minor, sourceAt, gpsAt } of [
      { format: 0, minor: 2, sourceAt: 18 },
      { format: 1, minor: 2, sourceAt: 18, gpsAt: 20 },
      { format: 3, minor: 2, sourceAt: 18, gpsAt: 20 },
      { format: 6, minor: 4, sourceAt: 20, gpsAt: 22 },
      { format: 7, minor: 4, sourceAt: 20, gpsAt: 22 },
    ]) {
      const bytes = lasFile(scan, {
        format,
        minor,
        fill: (dv, at, i) => {
          dv.setUint16(at + sourceAt, line(i), true);
          if (gpsAt !== undefined) dv.setFloat64(at + gpsAt, time(i), true);
        },
      });
      const r = await parseLas(bytes);
      const { fields } = r.data;
      expect(fields.point_source_id, `format ${format}`).toBeInstanceOf(Uint16Array);
      expect(Array.from(fields.point_source_id)).toEqual(Array.from({ length: n }, (_, i) => line(i)));
      if (gpsAt === undefined) expect(fields.gps_time, `format ${format}`).toBeUndefined();
      else expect(Array.from(fields.gps_time), `format ${format}`).toEqual(Array.from({ length: n }, (_, i) => time(i)));
      expect(r.warnings, `format ${format}`).toEqual([]);
    }
  });

  it('gives every point the fields LAS_POINT_FIELDS names up to user data, in their order, GPS time where the format has it (the rest only where a point\'s is not 0)', async () => {
    const scan = await scanFixture();
    const keys = async (options: LasOptions) => Object.keys((await parseLas(lasFile(scan, options))).data.fields);
    const always = LAS_POINT_FIELDS.slice(0, LAS_POINT_FIELDS.indexOf('user_data'));
    expect(await keys({ format: 2 })).toEqual(always.filter((f) => f !== 'gps_time'));
    expect(await keys({ minor: 4, format: 7 })).toEqual([...always]);
  });

  it("reads the dimensions its Extra Bytes record describes, scaled, typed and named as it says, with no-data values as none", async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const dims = [
      { name: 'Amplitude', type: 4, scale: 0.01 },
      { name: 'Reflectance', type: 9 },
      { name: 'Deviation', type: 3, noData: 65535 },
      { name: 'height above ground', type: 6, scale: 0.001, offset: 100 },
      { name: 'intensity', type: 1 },
    ];
    const bytes = lasFile(scan, {
      format: 6,
      minor: 4,
      records: [extraBytesRecord(dims)],
      extraBytes: 2 + 4 + 2 + 4 + 1,
      fill: (dv, at, i) => {
        dv.setInt16(at + 30, i - 1000, true);
        dv.setFloat32(at + 32, i / 8, true);
        dv.setUint16(at + 36, i % 10 === 0 ? 65535 : i, true);
        dv.setInt32(at + 38, -i, true);
        dv.setUint8(at + 42, i & 255);
      },
    });
    const r = await parseLas(bytes);
    const f = r.data.fields;
    const each = (g: (i: number) => number) => Array.from({ length: n }, (_, i) => g(i));
    expect(f.Amplitude).toBeInstanceOf(Float64Array);
    expect(Array.from(f.Amplitude)).toEqual(each((i) => (i - 1000) * 0.01));
    expect(f.Reflectance).toBeInstanceOf(Float32Array);
    expect(Array.from(f.Reflectance)).toEqual(each((i) => i / 8));
    expect(Array.from(f.Deviation)).toEqual(each((i) => (i % 10 === 0 ? NaN : i)));
    expect(Array.from(f.height_above_ground)).toEqual(each((i) => -i * 0.001 + 100));
    // a name the point format has already is the extra dimension's no longer
    expect(f.intensity_2).toBeInstanceOf(Uint8Array);
    expect(Array.from(f.intensity_2)).toEqual(each((i) => i & 255));
    expect(Array.from(f.intensity)).toEqual(Array.from(scan.fields.instance));
    expect(r.warnings).toEqual(['200 points have no Deviation (its no-data value, 65535): they are drawn in the low end of its colour scale']);
  });

  it('reads the dimensions of an Extra Bytes record among the extended records after the points (LAS 1.4), named and typed as among the records before them', async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const dims = [{ name: 'Echo width', type: 9 }, { name: 'Range', type: 3, scale: 0.01 }];
    // a WKT record before the points, and the Extra Bytes record after another extended one
    const records = [wktRecord('LOCAL_CS["room",UNIT["metre",1]]')];
    const evlrs = [{ userId: 'vendor', recordId: 7, body: new Uint8Array(40).fill(9) }, extraBytesRecord(dims)];
    const fill = (dv: DataView, at: number, i: number) => {
      dv.setFloat32(at + 30, i / 4, true);
      dv.setUint16(at + 34, i % 5000, true);
    };
    const bytes = lasFile(scan, { format: 6, minor: 4, records, evlrs, extraBytes: 6, fill });
    const r = await parseLas(bytes);
    const f = r.data.fields;
    expect(f.Echo_width).toBeInstanceOf(Float32Array);
    expect(Array.from(f.Echo_width)).toEqual(Array.from({ length: n }, (_, i) => i / 4));
    expect(f.Range).toBeInstanceOf(Float64Array);
    expect(Array.from(f.Range)).toEqual(Array.from({ length: n }, (_, i) => (i % 5000) * 0.01));
    expect(r.warnings).toEqual([]);
    // the same file with the record before the points reads alike
    const before = await parseLas(lasFile(scan, { format: 6, minor: 4, records: [...records, extraBytesRecord(dims)], extraBytes: 6, fill }));
    expect(Object.keys(f)).toEqual(Object.keys(before.data.fields));
    for (const name of ['Echo_width', 'Range']) expect(Array.from(f[name]), name).toEqual(Array.from(before.data.fields[name]));
    // read as it comes, the file's first bytes do not reach the record, and the warning says where it was not looked for
    const head = lasHeaderOf(bytes.subarray(0, 4096), bytes.length);
    expect(head.extra.dims).toEqual([]);
    expect(head.extra.warnings).toEqual(['its point records have 6 extra bytes that no Extra Bytes record before the points (those after them were not read, as the file was read as it came) describes; they were not read']);
  });

  it('says which extra bytes it did not read: undescribed, undocumented, of an array type, or past the records', async () => {
    const scan = await scanFixture();
    const read = async (extraBytes: number, dims?: ExtraDimSpec[]) => parseLas(lasFile(scan, { format: 1, records: dims ? [extraBytesRecord(dims)] : [], extraBytes }));
    expect((await read(6)).warnings).toEqual(['its point records have 6 extra bytes that no Extra Bytes record describes; they were not read']);
    expect((await read(1)).warnings).toEqual(['its point records have 1 extra byte that no Extra Bytes record describes; it was not read']);
    const skipped = await read(3 + 2 * 4 + 2, [
      { name: 'vendor', type: 0, options: 3 },
      { name: 'normal', type: 19 },
      { name: 'range', type: 3 },
    ]);
    expect(Object.keys(skipped.data.fields)).toContain('range');
    expect(skipped.warnings).toEqual(['its Extra Bytes record describes "vendor" (3 undocumented bytes), "normal" (an array type, deprecated by LAS 1.4), which pointlens does not read']);
    const past = await read(2, [{ name: 'range', type: 3 }, { name: 'echo width', type: 9 }]);
    expect(Object.keys(past.data.fields)).toContain('range');
    expect(past.warnings).toEqual(['its Extra Bytes record describes "echo width" and those after it (they describe more bytes than the records\' 2 extra), which pointlens does not read']);
    expect((await read(4, [{ name: 'range', type: 3 }])).warnings).toEqual(['its point records have 2 extra bytes after those its Extra Bytes record describes; they were not read']);
    expect((await read(3, [{ name: 'range', type: 3 }])).warnings).toEqual(['its point records have 1 extra byte after those its Extra Bytes record describes; it was not read']);
  });

  it("leaves no decoder's listeners on the process after LAZ files LASzip's decoder throws on, and reads the next file", async () => {
    const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
    const good = fixture('fuzz/scan.laz');
    // records longer than LASzip's own record says: its decoder throws part-way, and is dropped
    const bad = good.slice();
    new DataView(bad.buffer).setUint16(105, 65535, true);
    const events = ['uncaughtException', 'unhandledRejection'] as const;
    const listening = () => events.map((e) => process.listenerCount(e));
    await parseLas(good);
    const one = listening();
    for (let k = 0; k < 12; k++) await expect(parseLas(bad.slice())).rejects.toThrow('has LAZ data that could not be decompressed');
    // a dropped decoder's listeners go on a later turn of the event loop; twelve kept would pass Node's warning mark of 10
    await new Promise((done) => setTimeout(done, 0));
    listening().forEach((n, k) => expect(n).toBeLessThan(one[k]));
    expect((await parseLas(good)).data.positions.length).toBe(40 * 3);
    expect(listening()).toEqual(one);
  });

  it("refuses a LAZ file larger than LASzip's decoder can hold, before it is given anything, and a truncated one as it ends", async () => {
    const laz = new Uint8Array(readFileSync(new URL('../../fixtures/fuzz/scan.laz', import.meta.url)));
    const header = lasHeaderOf(laz);
    await expect(LazArrival.open(header, LAZ_MAX_BYTES + 1, () => ({ every: 1 }))).rejects.toThrow(
      /^is a LAZ file of 1\.9 GB; LASzip's decoder, which pointlens runs in WASM, holds the compressed file in at most 1\.9 GB: decompress it to LAS \(laszip -i in\.laz -o out\.las\), which pointlens reads as a stream at any size$/,
    );
    // the size said, and fewer bytes come
    const arrival = await LazArrival.open(header, laz.length, () => ({ every: 1 }));
    arrival.push(laz.subarray(0, laz.length - 100));
    await expect(arrival.finish()).rejects.toThrow(`has a bad LAZ chunk table position (byte 1289 of ${laz.length - 100}): the file is truncated or corrupt`);
  });

  it("refuses the hostile LAZ files as they arrive, as the app's worker reads them, with the words the whole-file reader gives", async () => {
    const dir = new URL('../../fixtures/hostile/', import.meta.url);
    const expected: Record<string, { refused?: string }> = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));
    const cases = Object.entries(expected).filter(([name, want]) => name.endsWith('.laz') && want.refused);
    expect(cases.length).toBe(4);
    for (const [name, { refused }] of cases) {
      const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
      const arrive = async () => {
        const opening = openRecords(bytes.subarray(0, 4096), bytes.length);
        if (!opening || opening === 'whole' || !('laz' in opening)) throw new Error(`${name} must open as LAZ`);
        const arrival = await LazArrival.open(opening.laz, bytes.length, () => ({ every: 1 }));
        for (let at = 0; at < bytes.length; at += 100) arrival.push(bytes.subarray(at, at + 100));
        return arrival.finish();
      };
      await expect(arrive(), name).rejects.toThrow(new RegExp(`^${refused}`));
    }
  });

  it('refuses LAZ of the waveform formats, which LASzip does not decode, before decoding', async () => {
    const bytes = lasFile(await scanFixture(), { minor: 4, format: 9 });
    bytes[104] |= 0x80;
    await expect(parseLas(bytes)).rejects.toThrow("is LAZ of point format 9 (with waveforms), which LASzip's decoder does not read; pointlens reads it uncompressed");
  });
});
