import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/core/io/detectFormat';
import { fileGroups } from '../../../src/core/io/fileGroups';
import { isCompanion, parseFiles } from '../../../src/core/io';
import { columnMixing, countsBySize, MIXED, parseRawRecords, rawRecordFile, recordCount } from '../../../src/core/io/rawRecords';
import { readRecords } from '../../../src/core/io/recordStream';
import type { PointCloud } from '../../../src/core/types';
import { colorModesFor } from '../../../src/core/color/colorModes';
import { KITTI_INSTANCE_FIELD, KITTI_LABEL_FIELD } from '../../../src/core/io/semanticKitti';
import { fixture, float32Records as records } from './helpers';

const dump = () => fixture('scene0000_00_unlabeled.bin');
const floats = (b: Uint8Array) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** The S3DIS fixture room (1,500 points) as its Pointcept arrays read it. */
async function office(): Promise<PointCloud> {
  const names = ['coord.npy', 'color.npy'];
  const files = names.map((n) => ({ name: `Area_6_office_1/${n}`, bytes: fixture(`Area_6_office_1/${n}`) }));
  return (await parseFiles(files)).data as PointCloud;
}

describe('headerless float32 records (.bin)', () => {
  it("reads ScanNet's unlabelled x y z r g b dump: six values a point, found from the values alone, with its colours", () => {
    const values = floats(dump());
    const r = parseRawRecords(dump());
    const c = r.data as PointCloud;
    expect(c.positions.length / 3).toBe(2000);
    for (const i of [0, 1, 999, 1999]) {
      expect(Array.from(c.positions.subarray(3 * i, 3 * i + 3))).toEqual(Array.from(values.subarray(6 * i, 6 * i + 3)));
      expect(Array.from(c.colors!.subarray(3 * i, 3 * i + 3))).toEqual(Array.from(values.subarray(6 * i + 3, 6 * i + 6)));
    }
    expect(c.fields).toEqual({});
    // no up comes from a format without a header: the geometry decides
    expect(r.upAxis).toBeUndefined();
    expect(r.warnings).toEqual(['has no header: read as 2,000 points of 6 float32 values each (x y z, a colour), the count under which every column holds one kind of value']);
  });

  it('tells the right count from the wrong ones its size allows: those mix coordinates with colours', () => {
    const values = floats(dump());
    const worst = (cols: number) => Math.max(...Array.from({ length: cols }, (_, c) => columnMixing(values, cols, c)));
    expect(countsBySize(values.length)).toEqual([3, 4, 5, 6, 8, 10, 12, 15, 16]);
    expect(worst(6)).toBeLessThan(MIXED);
    // twice the count keeps every column pure too; the fewer is read
    expect(worst(12)).toBeLessThan(MIXED);
    for (const wrong of [3, 4, 5, 8, 10, 15, 16]) expect(worst(wrong)).toBeGreaterThan(10 * MIXED);
    expect(recordCount(values)).toBe(6);
  });

  it("reads KITTI's layout, x y z intensity, with the fourth value as the intensity field", async () => {
    const room = await office();
    const n = room.positions.length / 3;
    const intensity = (i: number) => (room.colors![3 * i] + room.colors![3 * i + 1] + room.colors![3 * i + 2]) / 765;
    const bytes = records(n, [(i) => room.positions[3 * i], (i) => room.positions[3 * i + 1], (i) => room.positions[3 * i + 2], intensity]);
    const c = parseRawRecords(bytes).data as PointCloud;
    expect(c.positions).toEqual(room.positions);
    expect(c.colors).toBeUndefined();
    expect(Object.keys(c.fields)).toEqual(['intensity']);
    expect(c.fields.intensity).toEqual(Float32Array.from({ length: n }, (_, i) => intensity(i)));
  });

  it("reads 0..1 float colours (Open3D's colours saved with tofile) as fractions", async () => {
    const room = await office();
    const n = room.positions.length / 3;
    const xyz = [0, 1, 2].map((k) => (i: number) => room.positions[3 * i + k]);
    const rgb = [0, 1, 2].map((k) => (i: number) => room.colors![3 * i + k] / 255);
    const r = parseRawRecords(records(n, [...xyz, ...rgb]));
    expect(r.data.colors).toEqual(room.colors);
    expect(r.warnings).toEqual(['has no header: read as 1,500 points of 6 float32 values each (x y z, a colour), the count under which every column holds one kind of value']);
  });

  it('reads x y z alone, and x y z with a label column as a field named by its place', async () => {
    const room = await office();
    const n = room.positions.length / 3;
    const xyz = [0, 1, 2].map((k) => (i: number) => room.positions[3 * i + k]);
    expect((parseRawRecords(records(n, xyz)).data as PointCloud).positions).toEqual(room.positions);
    const segment = readFileSync(new URL('../../fixtures/io/Area_6_office_1/segment.npy', import.meta.url));
    const labels = new Int16Array(segment.buffer.slice(segment.byteOffset + segment.length - 2 * n, segment.byteOffset + segment.length));
    const c = parseRawRecords(records(n, [...xyz, (i) => room.colors![3 * i], (i) => room.colors![3 * i + 1], (i) => room.colors![3 * i + 2], (i) => labels[i]])).data as PointCloud;
    expect(c.colors).toEqual(room.colors);
    expect(c.fields.column_6).toEqual(Int32Array.from(labels));
  });

  it('refuses, in the reader\'s words, what holds no float32 points', () => {
    expect(() => parseRawRecords(dump().subarray(0, 4002))).toThrow(/is 4002 bytes, not a whole number of float32 values; pointlens reads a \.bin alone as a headerless float32 array of points/);
    // the segmenter's predictions, one byte a point: read as float32 they are too large or too close to 0 to be coordinates
    const labels = new Uint8Array(readFileSync(new URL('../../fixtures/seg/segmenter_pred.bin', import.meta.url)));
    expect(() => parseRawRecords(labels)).toThrow(/does not hold float32 coordinates: \d+% of its values are too large or too close to 0 to be coordinates/);
    // 7,919 values (a prime): no count of values a point divides them
    expect(() => parseRawRecords(dump().subarray(0, 4 * 7919))).toThrow('holds 7,919 float32 values, which no count of 3 to 16 values a point divides');
    // a glTF's buffer alone: its triangles' vertex indices, read as float32, are of no size either
    const glb = fixture('../fuzz/chair.glb');
    const view = new DataView(glb.buffer, glb.byteOffset);
    const json = view.getUint32(12, true);
    const bin = glb.slice(28 + json, 28 + json + view.getUint32(20 + json, true));
    expect(() => parseRawRecords(bin.subarray(0, bin.length & ~3))).toThrow(/does not hold float32 coordinates: .*; a glTF's buffer is read with its \.gltf: open the buffer together with its \.gltf$/);
    // a point count written before the records: 12,001 values, 11 a point by size alone, and mixed
    const counted = new Uint8Array(4 + dump().length);
    new DataView(counted.buffer).setFloat32(0, 2000, true);
    counted.set(dump(), 4);
    expect(() => parseRawRecords(counted)).toThrow('does not read as point records: under every count of values a point its size allows (11), some column mixes values of different kinds');
  });

  it('reads the same records as a stream, looking at the file only by range until its records come: the count, the layout and the cloud are those of the whole read', async () => {
    const room = await office();
    const n = room.positions.length / 3;
    const kitti = records(n, [0, 1, 2].map((k) => (i: number) => room.positions[3 * i + k]).concat((i) => room.colors![3 * i] / 255));
    for (const bytes of [dump(), kitti]) {
      const values = floats(bytes);
      const asked: number[] = [];
      const valuesAt = (first: number, count: number) => (asked.push(count), values.subarray(first, first + count));
      const file = rawRecordFile(valuesAt, bytes.length);
      // the rows it looks at: a block a count it tries, and the values it tells floats from other data by
      expect(Math.max(...asked)).toBeLessThanOrEqual(256 * 16);
      const streamed = readRecords(file, bytes);
      const whole = parseRawRecords(bytes);
      expect(streamed.data).toEqual(whole.data);
      expect(streamed.warnings).toEqual(whole.warnings);
    }
    expect(() => rawRecordFile(() => new Float32Array(0), 6)).toThrow('is 6 bytes, not a whole number of float32 values');
  });

  it('is a .bin given alone, and a glTF\'s buffer where a .gltf comes with it', async () => {
    expect(detectFormat('000000.bin', dump())).toBe('bin');
    expect(isCompanion('velodyne/000000.bin', ['velodyne/000000.bin'])).toBe(false);
    expect(isCompanion('scene.bin', ['scene.gltf', 'scene.bin'])).toBe(true);
    expect(fileGroups(['a/000000.bin', 'a/000001.bin'])).toEqual([[0], [1]]);
    expect(fileGroups(['chair.gltf', 'chair.bin', 'room.ply'])).toEqual([[0, 1], [2]]);
    const r = await parseFiles([{ name: 'scene0000_00.bin', bytes: dump() }]);
    expect(r.format).toBe('bin');
    expect(r.data.positions.length).toBe(6000);
  });

  it("takes SemanticKITTI's labels from the .label of its name: the class in the low 16 bits, named in the legend, the instance in the high 16", async () => {
    const room = await office();
    const n = room.positions.length / 3;
    const segment = readFileSync(new URL('../../fixtures/io/Area_6_office_1/segment.npy', import.meta.url));
    const s3dis = new Int16Array(segment.buffer.slice(segment.byteOffset + segment.length - 2 * n, segment.byteOffset + segment.length));
    // S3DIS's classes put into SemanticKITTI ids (ceiling, floor, wall, ... as other-structure, road, building, ...)
    const kittiOf = [52, 40, 50, 52, 52, 80, 70, 99, 10, 30, 72, 81, 99];
    const words = new Uint32Array(n);
    for (let i = 0; i < n; i++) words[i] = ((i % 5) << 16) | kittiOf[s3dis[i]];
    const scan = records(n, [0, 1, 2].map((k) => (i: number) => room.positions[3 * i + k]).concat((i) => room.colors![3 * i] / 255));
    const r = await parseFiles([
      { name: 'velodyne/000042.bin', bytes: scan },
      { name: 'labels/000041.label', bytes: new Uint8Array(4 * n) },
      { name: 'labels/000042.label', bytes: new Uint8Array(words.buffer) },
    ]);
    expect(r.warnings).toHaveLength(1);
    const c = r.data as PointCloud;
    expect(c.fields[KITTI_LABEL_FIELD]).toEqual(Int32Array.from(s3dis, (v) => kittiOf[v]));
    expect(c.fields[KITTI_INSTANCE_FIELD]).toEqual(Int32Array.from({ length: n }, (_, i) => i % 5));
    const mode = colorModesFor({ ...c, overlays: [] }).find((m) => m.id === `field:${KITTI_LABEL_FIELD}`)!;
    const legend = mode.legend({ ...c, overlays: [] }, {} as never);
    expect(legend?.kind === 'labels' && legend.entries.map((e) => e.name)).toEqual(
      [...new Set(kittiOf)].sort((a, b) => a - b).filter((id) => c.fields[KITTI_LABEL_FIELD].includes(id)).map((id) => ({ 10: 'car', 30: 'person', 40: 'road', 50: 'building', 52: 'other-structure', 70: 'vegetation', 72: 'terrain', 80: 'pole', 81: 'traffic-sign', 99: 'other-object' })[id]),
    );
    // a .label of another scan's length is left out, and said so
    const short = await parseFiles([{ name: '000042.bin', bytes: scan }, { name: '000042.label', bytes: new Uint8Array(4 * (n - 1)) }]);
    expect(short.data.fields[KITTI_LABEL_FIELD]).toBeUndefined();
    expect(short.warnings[0]).toBe(`000042.label was not used: it holds ${(n - 1).toLocaleString('en-US')} labels of 4 bytes for ${n.toLocaleString('en-US')} points`);
    const odd = await parseFiles([{ name: '000042.bin', bytes: scan }, { name: '000042.label', bytes: new Uint8Array(4 * n + 2) }]);
    expect(odd.warnings[0]).toBe(`000042.label was not used: its ${(4 * n + 2).toLocaleString('en-US')} bytes are not a whole number of 4-byte labels`);
    expect(fileGroups(['a/000000.bin', 'a/000000.label', 'a/000001.bin', 'a/000001.label'])).toEqual([[0, 1], [2, 3]]);
  });
});
