import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { lazFromLas, writeLaz } from '../../../src/core/io/writeLaz';
import { writeLas } from '../../../src/core/io/writeLas';
import type { PointCloud, ScalarArray } from '../../../src/core/types';
import { decodedRecords, scanFixture } from './helpers';

/** A seeded walk, so that neighbouring points are near as a scan's are, with jumps now and then. */
function walk(n: number, seed = 7): Float32Array {
  const positions = new Float32Array(3 * n);
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  let p = [100, 200, 10];
  for (let i = 0; i < n; i++) {
    p = i % 997 === 0 ? p.map((v) => v + (rand() - 0.5) * 50) : p.map((v) => v + (rand() - 0.5) * 0.05);
    positions.set(p, 3 * i);
  }
  return positions;
}

/** A lidar-like cloud of `n` points with every field a LAS point holds varying, and extra dimensions of each type where `extras`. */
function survey(n: number, { colors = true, extras = true, nir = false } = {}): PointCloud {
  const fields: Record<string, ScalarArray> = {
    intensity: Uint16Array.from({ length: n }, (_, i) => (i * 37) % 4000),
    classification: Uint8Array.from({ length: n }, (_, i) => [2, 2, 2, 6, 5, 200][Math.floor(i / 50) % 6]),
    return_number: Uint8Array.from({ length: n }, (_, i) => [1, 2, 3, 1, 1, 2][i % 6]),
    number_of_returns: Uint8Array.from({ length: n }, (_, i) => [3, 3, 3, 1, 2, 2][i % 6]),
    point_source_id: Uint16Array.from({ length: n }, (_, i) => 7 + Math.floor(i / 30_000)),
    // pulses a few microseconds apart, a jump between flight lines, and returns of a pulse at one time
    gps_time: Float64Array.from({ length: n }, (_, i) => 301_234_567.123456 + Math.floor(i / 3) * 1e-5 + (i > n / 2 ? 5000 : 0)),
  };
  // near infrared that holds still over stretches, as a scan's does, and changes its low byte, its high byte or both
  if (nir) fields.nir = Uint16Array.from({ length: n }, (_, i) => (i % 400 < 100 ? 30_000 : 20_000 + ((i * 37) % 700) + (i % 3) * 4096));
  if (extras) {
    fields.distance = Float32Array.from({ length: n }, (_, i) => i / 7);
    fields.height = Float64Array.from({ length: n }, (_, i) => 1e6 + i / 3);
    fields.cluster = Int32Array.from({ length: n }, (_, i) => (i % 500) - 1);
    fields.tiny = Int8Array.from({ length: n }, (_, i) => -(i % 100));
    fields.flag = Uint8Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? 1 : 0));
  }
  return {
    kind: 'points',
    positions: walk(n),
    colors: colors ? Uint8Array.from({ length: 3 * n }, (_, k) => (Math.floor(k / 30) * 41 + (k % 3) * 90) % 256) : undefined,
    fields,
  };
}

const lasRecords = (las: Uint8Array) => {
  const dv = new DataView(las.buffer, las.byteOffset);
  return las.subarray(dv.getUint32(96, true));
};

describe('writeLaz', () => {
  it.each([
    ['with colours and extra dimensions', { colors: true, extras: true }, 7],
    ['with colours, no extra dimensions', { colors: true, extras: false }, 7],
    ['without colours, with extra dimensions', { colors: false, extras: true }, 6],
    ['without colours or extra dimensions', { colors: false, extras: false }, 6],
    ['with colours, near infrared and extra dimensions', { colors: true, extras: true, nir: true }, 8],
    ['with near infrared, no colours or extra dimensions', { colors: false, extras: false, nir: true }, 8],
  ])('decodes, through LASzip, to the LAS writer\'s very records across three chunks: %s', async (_, options, format) => {
    const cloud = survey(2_500, options);
    const las = writeLas(cloud).bytes;
    const laz = lazFromLas(las, 1_000);
    const back = await decodedRecords(laz);
    expect(back.format).toBe(format);
    expect(back.length).toBe(new DataView(las.buffer).getUint16(105, true));
    expect(back.records).toEqual(lasRecords(las));
  });

  it('is the LAS with LASzip\'s record added: the header and records kept, compression bit and item list as LASzip writes them', () => {
    const cloud = survey(100);
    const las = writeLas(cloud).bytes;
    const laz = lazFromLas(las);
    const dv = new DataView(laz.buffer);
    const lasDv = new DataView(las.buffer);
    expect(laz[104]).toBe(7 | 128);
    expect(dv.getUint32(100, true)).toBe(lasDv.getUint32(100, true) + 1);
    const recordAt = lasDv.getUint32(96, true);
    expect(laz.subarray(0, 96)).toEqual(las.subarray(0, 96));
    expect(laz.subarray(375, recordAt)).toEqual(las.subarray(375, recordAt));
    expect(new TextDecoder().decode(laz.subarray(recordAt + 2, recordAt + 16))).toBe('laszip encoded');
    expect(dv.getUint16(recordAt + 18, true)).toBe(22204);
    const body = recordAt + 54;
    expect(dv.getUint16(body, true)).toBe(3);
    expect(dv.getUint32(body + 12, true)).toBe(50_000);
    const extraBytes = lasDv.getUint16(105, true) - 36;
    const items = Array.from({ length: dv.getUint16(body + 32, true) }, (_, j) => [0, 2, 4].map((o) => dv.getUint16(body + 34 + 6 * j + o, true)));
    expect(items).toEqual([
      [10, 30, 3],
      [11, 6, 3],
      [14, extraBytes, 3],
    ]);
    expect(dv.getUint32(96, true)).toBe(body + 34 + 6 * 3);
  });

  it('reads back in the app as the LAS does: positions, colours, classes and every extra dimension, over more than one chunk', async () => {
    const cloud = survey(60_000);
    const origin: [number, number, number] = [2_200_000, 650_000, 700];
    const options = { origin, unit: 'm' as const, crs: 'a local grid' };
    const las = writeLas(cloud, {}, options);
    const laz = writeLaz(cloud, {}, options);
    expect(laz.notes).toEqual(las.notes);
    const fromLas = await parseFiles([{ name: 'survey.las', bytes: las.bytes }]);
    const fromLaz = await parseFiles([{ name: 'survey.laz', bytes: laz.bytes }]);
    const a = fromLas.data as PointCloud;
    const b = fromLaz.data as PointCloud;
    expect(b.positions).toEqual(a.positions);
    expect(fromLaz.origin).toEqual(fromLas.origin);
    expect(b.colors).toEqual(a.colors);
    expect(Object.keys(b.fields).sort()).toEqual(Object.keys(a.fields).sort());
    for (const [name, values] of Object.entries(a.fields)) expect(b.fields[name], name).toEqual(values);
    expect(fromLaz.unit).toBe('m');
  });

  it('writes a cloud of no points as a LAZ of no chunks', async () => {
    const laz = writeLaz({ kind: 'points', positions: new Float32Array(0), fields: {} }).bytes;
    expect((await decodedRecords(laz)).records.length).toBe(0);
  });

  it('is under a third of the LAS of the ScanNet scan, and decodes to its records', async () => {
    const scan = await scanFixture();
    const las = writeLas(scan).bytes;
    const laz = writeLaz(scan).bytes;
    // 26,108 bytes of 88,813: 29%
    expect(laz.length / las.length).toBeLessThan(0.35);
    expect((await decodedRecords(laz)).records).toEqual(lasRecords(las));
  });
});
