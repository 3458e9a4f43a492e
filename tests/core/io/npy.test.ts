import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { npyHeaderOf, parseNpyArray, parseNpyCloud } from '../../../src/core/io/npy';
import { npyRecords } from '../../../src/core/io/npyRecords';
import { ZEROS_AND_ONES_NOTE } from '../../../src/core/io/colorDepth';
import { PointStream } from '../../../src/core/io/recordStream';
import { openRecords } from '../../../src/core/io/streamFormats';
import { truthClasses } from '../../../src/core/ml/sceneMetrics';
import { SCANNET20_NYU40_IDS } from '../../../src/core/ml/scannetLabels';
import type { InputFile, PointCloud } from '../../../src/core/types';
import { concat, fixture, npy, scanFixture, utf8 } from './helpers';

const vert = () => fixture('scene0000_00_vert.npy');
const sem = { name: 'scene0000_00_sem_label.npy', bytes: fixture('scene0000_00_sem_label.npy') };
const ins = { name: 'scene0000_00_ins_label.npy', bytes: fixture('scene0000_00_ins_label.npy') };

/** The IEEE binary16 bits nearest `v`, ties to even, as NumPy rounds to float16 (values in the half float's range). */
function halfBits(v: number): number {
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  // the binary exponent, no lower than the normal range's (-14): below it the step stays 2^-24
  let e = Math.max(Math.floor(Math.log2(a)), -14);
  if (e > -14 && 2 ** e > a) e--;
  const units = a / 2 ** (e - 10);
  const floor = Math.floor(units);
  const rounded = units - floor > 0.5 || (units - floor === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  // the implicit leading 1 (1024 units) carries into the exponent field, and so does a rounding up to 2048
  return sign | (((e + 14) << 10) + rounded);
}

describe('npy', () => {
  it('reads the ScanNet arrays: float32 (2000, 6), uint32 labels', () => {
    const a = parseNpyArray(vert());
    expect(a.shape).toEqual([2000, 6]);
    expect(a.dtype).toBe('f4');
    expect(parseNpyArray(sem.bytes).dtype).toBe('u4');
  });

  it('turns a _vert.npy with its label siblings into a z-up cloud with label and instance fields', () => {
    const r = parseNpyCloud(vert(), { name: 'scene0000_00_vert.npy', companions: [sem, ins] });
    const c = r.data as PointCloud;
    const a = parseNpyArray(vert()).data;
    expect(c.positions.length).toBe(6000);
    expect(Array.from(c.positions.slice(0, 3))).toEqual(Array.from(a.slice(0, 3)));
    expect(Array.from(c.colors!.slice(0, 3))).toEqual(Array.from(a.slice(3, 6)));
    expect(c.fields.label).toBeInstanceOf(Int32Array);
    expect(Array.from(c.fields.label)).toEqual(Array.from(parseNpyArray(sem.bytes).data));
    expect(Array.from(c.fields.instance)).toEqual(Array.from(parseNpyArray(ins.bytes).data));
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
  });

  it('reads float64 points and int64 labels, and warns about siblings that do not fit', () => {
    const a = parseNpyArray(vert()).data;
    const f8 = npy('<f8', [2000, 6], Float64Array.from(a));
    const labels = parseNpyArray(sem.bytes).data;
    const i8 = npy('<i8', [2000], BigInt64Array.from(Array.from(labels), (v) => BigInt(v)));
    const r = parseNpyCloud(f8, { name: 'x_vert.npy', companions: [{ name: 'x_sem_label.npy', bytes: i8 }, { name: 'y_ins_label.npy', bytes: ins.bytes }] });
    const c = r.data as PointCloud;
    expect(c.positions).toEqual(parseNpyCloud(vert(), { name: 'a.npy', companions: [] }).data.positions);
    expect(Array.from(c.fields.label)).toEqual(Array.from(labels));
    expect(r.warnings).toEqual(['y_ins_label.npy does not belong to x_vert.npy; its labels were not used']);
    const short = npy('<u4', [10], Uint32Array.from(labels.slice(0, 10)));
    const w = parseNpyCloud(vert(), { name: 'scene0000_00_vert.npy', companions: [{ name: 'scene0000_00_ins_label.npy', bytes: short }] });
    expect(w.warnings?.[0]).toMatch(/holds 10 labels .* for 2,000 points/);
  });

  it('reads 16-bit colours in a float (N, 6) array (PDAL\'s from LAS) by their high byte, whole or streamed', async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const rows = Float32Array.from({ length: n * 6 }, (_, j) => {
      const [i, c] = [Math.floor(j / 6), j % 6];
      return c < 3 ? scan.positions[3 * i + c] : scan.colors![3 * i + c - 3] * 257;
    });
    const bytes = npy('<f4', [n, 6], rows);
    expect(parseNpyCloud(bytes, { name: 'scan16.npy', companions: [] }).data.colors).toEqual(scan.colors);
    const stream = new PointStream(npyRecords(npyHeaderOf(bytes)!, bytes.length));
    stream.push(bytes);
    expect(stream.finish().data.colors).toEqual(scan.colors);
  });

  it('reads 0..1 float colours as fractions, whole or streamed; 0s and 1s alone as 0..255 with a word in a float array, and without one in an integer array', async () => {
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    const xyzRgb = (colour: (i: number, c: number) => number) =>
      Float32Array.from({ length: n * 6 }, (_, j) => {
        const [i, c] = [Math.floor(j / 6), j % 6];
        return c < 3 ? scan.positions[3 * i + c] : colour(i, c - 3);
      });
    const fractions = npy('<f4', [n, 6], xyzRgb((i, c) => scan.colors![3 * i + c] / 255));
    const whole = parseNpyCloud(fractions, { name: 'open3d.npy', companions: [] });
    expect(whole.data.colors).toEqual(scan.colors);
    expect(whole.warnings).toEqual([]);
    const stream = new PointStream(npyRecords(npyHeaderOf(fractions)!, fractions.length));
    stream.push(fractions);
    expect(stream.finish().data.colors).toEqual(scan.colors);
    const binary = (i: number, c: number) => (scan.colors![3 * i + c] > 127 ? 1 : 0);
    const zeroOne = npy('<f4', [n, 6], xyzRgb(binary));
    const r = parseNpyCloud(zeroOne, { name: 'masks.npy', companions: [] });
    expect(Array.from(r.data.colors!.slice(0, 30))).toEqual(Array.from({ length: 30 }, (_, k) => binary(Math.floor(k / 3), k % 3)));
    expect(r.warnings).toEqual([ZEROS_AND_ONES_NOTE]);
    const streamed = new PointStream(npyRecords(npyHeaderOf(zeroOne)!, zeroOne.length));
    streamed.push(zeroOne);
    expect(streamed.finish().warnings).toEqual([ZEROS_AND_ONES_NOTE]);
    const frame = await parseFiles([
      { name: 'f_xyz.npy', bytes: npy('<f4', [n, 3], scan.positions) },
      { name: 'f_rgb.npy', bytes: npy('|u1', [n, 3], Uint8Array.from({ length: 3 * n }, (_, k) => binary(Math.floor(k / 3), k % 3))) },
    ]);
    expect(Array.from(frame.data.colors!.slice(0, 30))).toEqual(Array.from({ length: 30 }, (_, k) => binary(Math.floor(k / 3), k % 3)));
    expect(frame.warnings).toEqual([]);
  });

  it('reads an array saved a point a column, (6, N) as points.T writes it, transposed and with a warning, never as a stream', () => {
    const vert = fixture('scene0000_00_vert.npy');
    const rows = parseNpyArray(vert).data;
    const columns = Float32Array.from({ length: 2000 * 6 }, (_, j) => rows[(j % 2000) * 6 + Math.floor(j / 2000)]);
    const bytes = npy('<f4', [6, 2000], columns);
    const r = parseNpyCloud(bytes, { name: 'scan_T.npy', companions: [] });
    const original = parseNpyCloud(vert, { name: 'scan.npy', companions: [] }).data;
    expect(r.data.positions).toEqual(original.positions);
    expect(r.data.colors).toEqual(original.colors);
    expect(r.warnings).toEqual(['holds a NumPy array of shape (6, 2000), a point a column: read as 2,000 points of 6 values (the array transposed)']);
    expect(openRecords(bytes, bytes.length)).toBe('whole');
    // a few points of a few values stay rows
    expect(parseNpyCloud(npy('<f4', [3, 6], rows.slice(0, 18)), { name: 'three.npy', companions: [] }).data.positions.length).toBe(9);
  });

  it('reads float16 arrays, little- or big-endian, whole or streamed', () => {
    // the x y z of the first 200 ScanNet points as NumPy's astype(np.float16) writes them
    const single = parseNpyArray(fixture('scene0000_00_vert.npy')).data;
    const bits = Uint16Array.from({ length: 600 }, (_, i) => halfBits(single[Math.floor(i / 3) * 6 + (i % 3)]));
    const half = npy('<f2', [200, 3], bits);
    // the same values with each 2-byte value's bytes swapped, under a header that says so
    const body = new Uint8Array(bits.buffer).slice();
    for (let i = 0; i < body.length; i += 2) body.subarray(i, i + 2).reverse();
    const bigEndian = npy('>f2', [200, 3], body);
    for (const bytes of [half, bigEndian]) {
      const whole = parseNpyCloud(bytes, { name: 'scan_f2.npy', companions: [] }).data.positions;
      // NumPy's own float16 of the first point, and every value within half precision (11 bits) of the float32 it came from
      expect(Array.from(whole.slice(0, 3))).toEqual([2.9765625, -1.462890625, 1.0576171875]);
      whole.forEach((v, i) => expect(Math.abs(v - single[Math.floor(i / 3) * 6 + (i % 3)])).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11));
      const stream = new PointStream(npyRecords(npyHeaderOf(bytes)!, bytes.length));
      stream.push(bytes);
      expect(stream.finish().data.positions).toEqual(whole);
    }
  });

  it('keeps float64 survey coordinates to the millimetre about the first row, whole or streamed alike', () => {
    const utm = Float64Array.from({ length: 30 }, (_, i) => [500000, 4500000, 100][i % 3] + i * 0.001);
    const bytes = npy('<f8', [10, 3], utm);
    const whole = parseNpyCloud(bytes, { name: 'utm.npy', companions: [] });
    expect(whole.origin).toEqual([500000, 4500000, 100]);
    expect(whole.warnings).toEqual(['coordinates are kept relative to (500000, 4500000, 100), its first row, to keep millimetres; the panels and exports add it back']);
    const stream = new PointStream(npyRecords(npyHeaderOf(bytes)!, bytes.length));
    stream.push(bytes);
    const streamed = stream.finish();
    expect(streamed.origin).toEqual([500000, 4500000, 100]);
    expect(streamed.warnings).toEqual(['coordinates are kept relative to (500000, 4500000, 100), its first row, to keep millimetres; the panels and exports add it back']);
    // every millimetre step survives, either way: as 32-bit floats at 4.5e6 they would be one value
    for (const r of [whole, streamed]) r.data.positions.forEach((v, i) => expect(v + r.origin![i % 3]).toBeCloseTo(utm[i], 6));
  });

  it('refuses 1-D arrays, truncated data, non-number types and unknown format versions', () => {
    expect(() => parseNpyCloud(sem.bytes, { name: 'scene0000_00_sem_label.npy', companions: [] })).toThrow(/shape \(2000\), not a point cloud.*label file/);
    expect(() => parseNpyArray(vert().subarray(0, 5000))).toThrow(/truncated: its header declares shape \(2000, 6\)/);
    expect(() => parseNpyArray(npy('<U4', [1, 3], new Uint8Array(48)))).toThrow(/not a number type/);
    const v9 = npy('<f4', [1, 3], new Float32Array(3));
    v9[6] = 9;
    expect(() => parseNpyArray(v9)).toThrow('is NumPy format version 9.0; pointlens reads versions 1 to 3');
  });

  it('quotes no more than a short piece of a header that repeats itself (found by fuzzing: a 1209-character message)', () => {
    const junk = "\x93NUMPY\x01\x00v{'descr': '<f4', 'fortran_order': False, 's".repeat(20);
    const header = utf8(`{'descr': '<f4', 'fortran_order': False, 'shape': (2000${junk}, 6), }\n`);
    const pre = new Uint8Array(10);
    pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(pre.buffer).setUint16(8, header.length, true);
    let message = '';
    try {
      parseNpyArray(concat(pre, header));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^has a bad NumPy shape \(2000.*…\)$/);
    expect(message.length).toBeLessThan(200);
  });

  it("reads a structured array, a named record a point as PDAL's writers.numpy saves a survey: positions, 16-bit colours, its LAS dimensions by their LAS names, whole where it would stream", async () => {
    // X, Y, Z doubles far from zero, Intensity, Classification, a padding of 1 byte, Red, Green, Blue; two records
    const descr = "[('X', '<f8'), ('Y', '<f8'), ('Z', '<f8'), ('Intensity', '<u2'), ('Classification', '|u1'), ('', '|V1'), ('Red', '<u2'), ('Green', '<u2'), ('Blue', '>u2')]";
    const record = 24 + 2 + 1 + 1 + 6;
    const body = new DataView(new ArrayBuffer(2 * record));
    [[500000.5, 4000000.25, 101.5, 300, 2, 65535, 0, 0], [500001.5, 4000001.25, 102.5, 400, 6, 0, 65535, 256]].forEach(([x, y, z, intensity, cls, r, g, b], i) => {
      const at = i * record;
      [x, y, z].forEach((v, k) => body.setFloat64(at + 8 * k, v, true));
      body.setUint16(at + 24, intensity, true);
      body.setUint8(at + 26, cls);
      body.setUint16(at + 28, r, true);
      body.setUint16(at + 30, g, true);
      body.setUint16(at + 32, b, false);
    });
    const bytes = npy(descr, [2], body);
    const r = parseNpyCloud(bytes, { name: 'survey.npy', companions: [] });
    const c = r.data as PointCloud;
    expect(r.origin).toEqual([500001, 4000000, 102]);
    expect(Array.from(c.positions)).toEqual([-0.5, 0.25, -0.5, 0.5, 1.25, 0.5]);
    expect(Array.from(c.colors!)).toEqual([255, 0, 0, 0, 255, 1]);
    expect(c.fields).toEqual({ intensity: new Uint16Array([300, 400]), classification: new Uint8Array([2, 6]) });
    // the command line's reader hands it to the whole-file reader rather than refusing it
    const read = await parseFiles([{ name: 'survey.npy', bytes }]);
    expect(read.data.positions).toEqual(c.positions);
    expect(openRecords(bytes, bytes.length)).toBe('whole');
  });

  it('refuses a structured array without x, y and z, or with a field that is itself an array, naming the field', () => {
    expect(() => parseNpyCloud(npy("[('a', '<f4'), ('b', '<f4')]", [1], new Float32Array(2)), { name: 'a.npy', companions: [] })).toThrow(
      'holds a structured NumPy array with no x, y and z fields (its fields: a, b)',
    );
    expect(() => parseNpyCloud(npy("[('xyz', '<f4', (3,)), ('label', '<i4')]", [1], new Float32Array(4)), { name: 'a.npy', companions: [] })).toThrow(
      'whose field "xyz" is itself an array',
    );
  });
});

const office = (array: string): InputFile => ({ name: `Area_6_office_1/${array}.npy`, bytes: fixture(`Area_6_office_1/${array}.npy`) });

/** The ScanNet fixture as Pointcept writes a ScanNet scene: ScanNet-20 indices and instances from 0, -1 for none. */
async function scanAsPointcept(): Promise<{ scan: PointCloud; files: InputFile[] }> {
  const scan = await scanFixture();
  const n = scan.positions.length / 3;
  const normals = Float32Array.from({ length: 3 * n }, (_, i) => [0, 0, 1][i % 3]);
  const segment20 = Int32Array.from(scan.fields.label, (id) => SCANNET20_NYU40_IDS.indexOf(id as (typeof SCANNET20_NYU40_IDS)[number]));
  const instance = Int32Array.from(scan.fields.instance, (id) => id - 1);
  const files = [
    { name: 'scene0000_00/segment20.npy', bytes: npy('<i4', [n], segment20) },
    { name: 'scene0000_00/coord.npy', bytes: npy('<f4', [n, 3], scan.positions) },
    { name: 'scene0000_00/color.npy', bytes: npy('|u1', [n, 3], scan.colors!) },
    { name: 'scene0000_00/normal.npy', bytes: npy('<f4', [n, 3], normals) },
    { name: 'scene0000_00/instance.npy', bytes: npy('<i4', [n], instance) },
  ];
  return { scan, files };
}

describe('npy scenes as Pointcept prepares them (coord.npy and its sibling arrays)', () => {
  it('reads a real S3DIS room: points, colours and its 13-class segment as a field of its own, z up', async () => {
    const r = await parseFiles([office('segment'), office('color'), office('coord')]);
    const c = r.data as PointCloud;
    expect(r.format).toBe('npy');
    expect(c.positions).toEqual(parseNpyArray(office('coord').bytes).data);
    expect(Array.from(c.colors!)).toEqual(Array.from(parseNpyArray(office('color').bytes).data));
    expect(Array.from(c.fields.segment)).toEqual(Array.from(parseNpyArray(office('segment').bytes).data));
    // S3DIS's classes are not ScanNet's: nothing is scored against them
    expect(c.fields.label).toBeUndefined();
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
  });

  it('reads a ScanNet scene with its 20-class truth and instances as the same scene in ScanNet\'s own arrays', async () => {
    const { scan, files } = await scanAsPointcept();
    const r = await parseFiles(files);
    const c = r.data as PointCloud;
    expect(r.warnings).toEqual([]);
    expect(c.positions).toEqual(scan.positions);
    expect(c.colors).toEqual(scan.colors);
    expect(Array.from(c.normals!.slice(0, 6))).toEqual([0, 0, 1, 0, 0, 1]);
    expect(truthClasses(c)).toEqual(truthClasses(scan));
    expect(Array.from(c.fields.instance)).toEqual(Array.from(scan.fields.instance));
    // labels outside the 20 classes were -1 in segment20.npy, and read as ScanNet's "unannotated"
    const outside = Array.from(scan.fields.label).findIndex((id) => !SCANNET20_NYU40_IDS.includes(id as (typeof SCANNET20_NYU40_IDS)[number]));
    expect(outside).toBeGreaterThanOrEqual(0);
    expect(c.fields.label[outside]).toBe(0);
  });

  it('leaves out, with a warning, an array of the wrong length or an array dropped beside the wrong file', async () => {
    const short = { name: 'segment.npy', bytes: npy('<i2', [10], new Int16Array(10)) };
    const r = await parseFiles([office('coord'), office('color'), short]);
    expect(r.warnings).toEqual(['segment.npy holds an array of shape (10) for 1500 points, where (1500) belongs; it was not used']);
    expect((r.data as PointCloud).fields.segment).toBeUndefined();
    expect((r.data as PointCloud).colors).toBeDefined();
    const flat = { name: 'color.npy', bytes: npy('|u1', [4500], new Uint8Array(4500)) };
    const w = await parseFiles([office('coord'), flat]);
    expect(w.warnings[0]).toMatch(/^color\.npy holds an array of shape \(4500\) for 1500 points, where \(1500, 3\) belongs/);
    const beside = await parseFiles([{ name: 'scene0000_00_vert.npy', bytes: vert() }, office('color')]);
    expect(beside.warnings).toEqual(['color.npy belongs beside a coord.npy, not scene0000_00_vert.npy; it was not used']);
  });

  it('reads a label array saved as a column, (N, 1) as labels[:, None] saves it, as the (N) it holds', async () => {
    const segment = parseNpyArray(office('segment').bytes).data;
    const column = { name: 'segment.npy', bytes: npy('<i8', [segment.length, 1], BigInt64Array.from(segment, (v) => BigInt(v))) };
    const r = await parseFiles([office('coord'), column]);
    expect(r.warnings).toEqual([]);
    expect(Array.from((r.data as PointCloud).fields.segment)).toEqual(Array.from(segment));
    // and a ScanNet _vert.npy's labels so
    const labels = parseNpyArray(sem.bytes).data;
    const scannet = parseNpyCloud(vert(), { name: 'scene0000_00_vert.npy', companions: [{ name: 'scene0000_00_sem_label.npy', bytes: npy('<u4', [labels.length, 1], Uint32Array.from(labels)) }] });
    expect(scannet.warnings).toEqual([]);
    expect(Array.from(scannet.data.fields.label)).toEqual(Array.from(labels));
    // two values a point are no labels
    const wide = await parseFiles([office('coord'), { name: 'segment.npy', bytes: npy('<i4', [segment.length, 2], new Int32Array(2 * segment.length)) }]);
    expect(wide.warnings).toEqual(['segment.npy holds an array of shape (1500, 2) for 1500 points, where (1500) belongs; it was not used']);
  });

  it("colours a VoteNet frame's _xyz.npy with its _rgb.npy, and says where the colours do not fit", async () => {
    const a = parseNpyArray(vert()).data;
    const xyz = npy('<f4', [2000, 3], Float32Array.from({ length: 6000 }, (_, i) => a[Math.floor(i / 3) * 6 + (i % 3)]));
    const colours = Uint8Array.from({ length: 6000 }, (_, i) => a[Math.floor(i / 3) * 6 + 3 + (i % 3)]);
    const rgb = npy('|u1', [2000, 3], colours);
    const r = await parseFiles([{ name: 'sunrgbd_000001_xyz.npy', bytes: xyz }, { name: 'sunrgbd_000001_rgb.npy', bytes: rgb }, { name: 'sunrgbd_000001_boxes.npy', bytes: npy('<f4', [2, 8], new Float32Array(16)) }]);
    expect(r.data.positions.length).toBe(6000);
    expect(r.data.colors).toEqual(colours);
    expect(r.warnings).toEqual([]);
    const short = npy('|u1', [10, 3], colours.slice(0, 30));
    const w = parseNpyCloud(xyz, { name: 'sunrgbd_000001_xyz.npy', companions: [{ name: 'sunrgbd_000001_rgb.npy', bytes: short }, { name: 'sunrgbd_000002_rgb.npy', bytes: rgb }] });
    expect(w.data.colors).toBeUndefined();
    expect(w.warnings).toEqual([
      'sunrgbd_000001_rgb.npy holds colours in shape (10, 3) for 2,000 points; its colours were not used',
      'sunrgbd_000002_rgb.npy does not belong to sunrgbd_000001_xyz.npy; its colours were not used',
    ]);
    await expect(parseFiles([{ name: 'sunrgbd_000001_rgb.npy', bytes: rgb }])).rejects.toThrow(
      "sunrgbd_000001_rgb.npy is taken by its name (ending in _rgb.npy) for the colours of a VoteNet frame's sunrgbd_000001_xyz.npy: open it together with sunrgbd_000001_xyz.npy, or rename it if it is a point cloud of its own",
    );
  });

  it('says that the name makes an ordinary (N, 6) cloud named *_rgb.npy a companion, and reads it under another name', async () => {
    const vert = fixture('scene0000_00_vert.npy');
    await expect(parseFiles([{ name: 'scene0000_00_rgb.npy', bytes: vert }])).rejects.toThrow(/scene0000_00_rgb\.npy is taken by its name \(ending in _rgb\.npy\) for the colours of a VoteNet frame's scene0000_00_xyz\.npy: open it together with scene0000_00_xyz\.npy, or rename it/);
    expect((await parseFiles([{ name: 'scene0000_00_room.npy', bytes: vert }])).data.positions.length).toBe(2000 * 3);
  });

  it('refuses a colour or label array alone instead of reading its values as points', async () => {
    await expect(parseFiles([office('color')])).rejects.toThrow(/color\.npy is taken by its name for an array of a Pointcept scene, read with the scene's coord\.npy: open it together with the scene's coord\.npy \(or their folder\), or rename it/);
    await expect(parseFiles([office('segment'), office('color')])).rejects.toThrow(/only companion files/);
  });
});
