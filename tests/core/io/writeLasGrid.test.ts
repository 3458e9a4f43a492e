// A LAS or LAZ written of a LAS the app read keeps the source's scale and offset, so that a tile
// exported unchanged gives back every point's integers as they were.
import { describe, expect, it } from 'vitest';
import { Las } from 'copc';
import { parseFiles } from '../../../src/core/io';
import { fromSource } from '../../../src/core/io/writePly';
import { writeLas } from '../../../src/core/io/writeLas';
import { lazFromLas, writeLaz } from '../../../src/core/io/writeLaz';
import type { PointCloud } from '../../../src/core/types';
import { decodedRecords, lasFile } from './helpers';

const SCALE = 0.01;
/** A survey's offset that is no whole number of the steps of 0.001 a LAS of pointlens's own grid would take. */
const OFFSET = [123456.78, 4567890.12, 12.34];

/** `n` points of a tile in centimetre steps from OFFSET, spanning a few hundred metres, with the fields lasFile writes. */
function tile(n: number): PointCloud {
  const positions = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) positions.set([((i * 7919) % 40_000) * SCALE, ((i * 104_729) % 30_000) * SCALE, ((i * 31) % 5_000) * SCALE], 3 * i);
  return { kind: 'points', positions, colors: Uint8Array.from({ length: 3 * n }, (_, k) => k % 256), fields: { instance: Uint16Array.from({ length: n }, (_, i) => i), label: Uint8Array.from({ length: n }, (_, i) => i % 7) } };
}

/** The X, Y, Z integers of `count` point records of `length` bytes each. */
function integers(records: Uint8Array, count: number, length: number): number[] {
  const dv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  return Array.from({ length: 3 * count }, (_, j) => dv.getInt32(Math.floor(j / 3) * length + 4 * (j % 3), true));
}

/** The integers of an uncompressed LAS: its records start at byte 96's offset, `length` bytes each. */
function lasIntegers(las: Uint8Array, count: number): number[] {
  const dv = new DataView(las.buffer, las.byteOffset, las.byteLength);
  return integers(las.subarray(dv.getUint32(96, true)), count, dv.getUint16(105, true));
}

describe('a LAS export of a LAS the app read', () => {
  it('keeps the source\'s scale and offset, and so every point\'s integers, from a format 3 (LAS 1.2) tile far from zero', async () => {
    const n = 2_000;
    const source = lasFile(tile(n), { format: 3, scale: SCALE, offset: OFFSET, fill: (dv, at, i) => dv.setFloat64(at + 20, 5e8 + i * 1e-4, true) });
    const read = await parseFiles([{ name: 'tile.las', bytes: source }]);
    expect(read.origin).toBeDefined();
    expect(read.lasGrid).toEqual({ scale: [SCALE, SCALE, SCALE], offset: OFFSET, pointFormat: 3, colorScale: 257 });
    const { bytes, notes } = writeLas(read.data, {}, fromSource(read, '+z'));
    expect(notes).toEqual([]);
    const header = Las.Header.parse(bytes);
    expect(header.scale).toEqual([SCALE, SCALE, SCALE]);
    expect(header.offset).toEqual(OFFSET);
    expect(lasIntegers(bytes, n)).toEqual(lasIntegers(source, n));
    const back = (await parseFiles([{ name: 'again.las', bytes }])).data as PointCloud;
    expect(back.fields.gps_time).toEqual((read.data as PointCloud).fields.gps_time);
  });

  it('keeps them through LAZ: a compressed tile written back as LAZ decodes to the same integers', async () => {
    const n = 1_500;
    const sourceLas = lasFile(tile(n), { minor: 4, format: 7, scale: SCALE, offset: OFFSET });
    const read = await parseFiles([{ name: 'tile.laz', bytes: lazFromLas(sourceLas, 1_000) }]);
    expect(read.lasGrid).toEqual({ scale: [SCALE, SCALE, SCALE], offset: OFFSET, pointFormat: 7, colorScale: 257 });
    const { bytes, notes } = writeLaz(read.data, {}, fromSource(read, '+z'));
    expect(notes).toEqual([]);
    expect(Las.Header.parse(bytes)).toMatchObject({ scale: [SCALE, SCALE, SCALE], offset: OFFSET });
    const decoded = await decodedRecords(bytes);
    expect(integers(decoded.records, n, decoded.length)).toEqual(lasIntegers(sourceLas, n));
  });

  it('writes on a grid of its own, with a word, where a point lies past 32-bit integers on the source\'s', async () => {
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.of(0, 0, 0, 300, 1, 2), fields: {} };
    // 300 units in steps of 1e-7 is 3e9 steps from the offset: past 2^31
    const { bytes, notes } = writeLas(cloud, {}, { lasGrid: { scale: [1e-7, 1e-7, 1e-7], offset: [0, 0, 0] } });
    expect(notes).toEqual(['the points lie past what 32-bit integers hold in steps of 1e-7, 1e-7, 1e-7 from 0, 0, 0, the scale and offset of the LAS they were read from: they are written on a grid of their own']);
    expect(Las.Header.parse(bytes)).toMatchObject({ scale: [0.001, 0.001, 0.001], offset: [150, 1, 1] });
    const back = await parseFiles([{ name: 'back.las', bytes }]);
    expect(Array.from(back.data.positions)).toEqual([0, 0, 0, 300, 1, 2]);
  });

  it('is not kept for points moved off the file\'s own coordinates: a LAS of them takes its own grid', () => {
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.of(0.1234, 0, 0, 1, 1, 1), fields: {} };
    const source = { lasGrid: { scale: [SCALE, SCALE, SCALE] as [number, number, number], offset: [0.5, 0.5, 0.5] as [number, number, number] } };
    expect(Las.Header.parse(writeLas(cloud, {}, fromSource(source, '+z')).bytes).scale).toEqual([SCALE, SCALE, SCALE]);
    expect(Las.Header.parse(writeLas(cloud, {}, fromSource({ ...source, lasGrid: undefined }, '+z')).bytes).scale).toEqual([0.001, 0.001, 0.001]);
  });
});
