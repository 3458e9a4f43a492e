// A LAS read and written back keeps its point format and every attribute of its points: the
// records come back byte for byte, as survey tools (PDAL, LAStools) expect of a tile they
// round-trip. Where the points carry what the source's format has no place for, the smallest
// format that does is taken, and what cannot be kept as it was is said.
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { lasHeaderOf, recordLayout } from '../../../src/core/io/lasHeader';
import { fromSource } from '../../../src/core/io/writePly';
import { writeLas } from '../../../src/core/io/writeLas';
import { writeLaz } from '../../../src/core/io/writeLaz';
import type { ParseResult, PointCloud } from '../../../src/core/types';
import { fullColors, N, records, survey, tile } from './lasTile';

const read = (bytes: Uint8Array, name = 'tile.las') => parseFiles([{ name, bytes }]);

/** Every field of `r`'s points, its colours and positions, as plain arrays. */
function attributes(r: ParseResult) {
  const { fields, colors, positions } = r.data as PointCloud;
  return { positions: Array.from(positions), colors: colors && Array.from(colors), ...Object.fromEntries(Object.entries(fields).map(([name, values]) => [name, Array.from(values)])) };
}

/** Points of each return number, 1st to 15th, of the points `r` read. */
function byReturn(r: ParseResult): number[] {
  const counts = new Array<number>(15).fill(0);
  for (const v of (r.data as PointCloud).fields.return_number) counts[v - 1]++;
  return counts;
}

describe('a LAS read and written back', () => {
  it.each([1, 3, 6, 7, 8])('keeps point format %i, every attribute of every point, its records byte for byte and its counts by return', async (format) => {
    const source = tile(format);
    const first = await read(source);
    const names = Object.keys(first.data.fields);
    const layout = recordLayout(format);
    const expected = [
      'intensity', 'classification', 'return_number', 'number_of_returns', 'point_source_id', 'gps_time', 'user_data', 'scan_angle',
      'synthetic', 'key_point', 'withheld', ...(format >= 6 ? ['overlap'] : []), 'scan_direction', 'edge_of_flight_line',
      ...(layout.channel ? ['scanner_channel'] : []), ...(layout.nirAt !== undefined ? ['nir'] : []), 'amplitude', 'deviation',
    ];
    expect(names).toEqual(expected);

    const { bytes, notes } = writeLas(first.data, {}, fromSource(first, '+z'));
    expect(notes).toEqual([]);
    const header = lasHeaderOf(bytes);
    expect(header.pointFormat).toBe(format);
    expect(header.recordLength).toBe(layout.bytes + 6);
    expect(records(bytes)).toEqual(records(source));

    const again = await read(bytes);
    expect(attributes(again)).toEqual(attributes(first));
    expect(header.countsByReturn).toEqual(byReturn(first));
    // of formats 0-5, LAS 1.4 also asks the legacy 32-bit counts
    if (format < 6) expect([0, 1, 2, 3, 4].map((k) => new DataView(bytes.buffer).getUint32(111 + 4 * k, true))).toEqual(byReturn(first).slice(0, 5));
  });

  it('reads the scan angle in degrees: whole ones in formats 0-5, steps of 0.006° in 6-10', async () => {
    expect(Array.from((await read(tile(1))).data.fields.scan_angle.slice(0, 3))).toEqual([-90, -89, -88]);
    const steps = Array.from((await read(tile(6))).data.fields.scan_angle.slice(0, 2));
    expect(steps[0]).toBeCloseTo(-180, 5);
    expect(steps[1]).toBeCloseTo((331 - 30_000) * 0.006, 4);
  });

  it.each([
    ['8-bit values', (i: number, c: number) => (i + c) % 256],
    ['bytes shifted up by 8 bits', (i: number, c: number) => ((i + c) % 256) << 8],
  ])('keeps 16-bit colours that are %s as they were', async (_, colorOf) => {
    const source = tile(3, colorOf);
    const first = await read(source);
    const { bytes, notes } = writeLas(first.data, {}, fromSource(first, '+z'));
    expect(notes).toEqual([]);
    expect(records(bytes)).toEqual(records(source));
  });

  it.each([2, 3, 7, 8])('keeps the 16-bit colours of format %i whose low bytes hold more than 8 bits, its records byte for byte', async (format) => {
    const source = tile(format, fullColors);
    const first = await read(source);
    expect(Array.from(first.data.fields.red16.slice(0, 2))).toEqual([51_234, 51_445]);
    const { bytes, notes } = writeLas(first.data, {}, fromSource(first, '+z'));
    expect(notes).toEqual([]);
    expect(lasHeaderOf(bytes).pointFormat).toBe(format);
    expect(records(bytes)).toEqual(records(source));
    expect(attributes(await read(bytes))).toEqual(attributes(first));
  });

  it('keeps no 16-bit copy of colours that 8 bits give back, nor of a format without colours', async () => {
    for (const source of [tile(3), tile(3, (i, c) => (i + c) % 256), tile(1)]) {
      expect(Object.keys((await read(source)).data.fields).filter((name) => name.endsWith('16'))).toEqual([]);
    }
  });

  it("writes a point whose colour changed since it was read from its 8 bits, with a word, the others' 16 bits as they were", async () => {
    const source = tile(7, fullColors);
    const first = await read(source);
    const colors = first.data.colors!.slice();
    colors.set([1, 2, 3], 3 * 5);
    const { bytes, notes } = writeLas({ ...first.data, colors } as PointCloud, {}, fromSource(first, '+z'));
    expect(notes).toEqual(["1 points whose colour changed since the LAS was read are written from their 8 bits, times 257; the others keep the source's 16-bit colours"]);
    const colorAt = recordLayout(7).colorAt!;
    const rgbOf = (las: Uint8Array, i: number) => {
      const h = lasHeaderOf(las);
      const dv = new DataView(las.buffer, las.byteOffset + h.dataOffset + i * h.recordLength);
      return [0, 1, 2].map((c) => dv.getUint16(colorAt + 2 * c, true));
    };
    expect(rgbOf(bytes, 5)).toEqual([257, 514, 771]);
    for (const i of [0, 4, 6, N - 1]) expect(rgbOf(bytes, i)).toEqual(rgbOf(source, i));
  });

  it('takes the smallest format that holds what was added, and says so: colours given to a format 1 tile make it format 3', async () => {
    const first = await read(tile(1));
    const coloured = { ...first.data, colors: new Uint8Array(3 * N).fill(200) } as PointCloud;
    const { bytes, notes } = writeLas(coloured, {}, fromSource(first, '+z'));
    expect(notes).toEqual(["the points carry colours, which the source's point format 1 has no place for: they are written in format 3"]);
    expect(lasHeaderOf(bytes).pointFormat).toBe(3);
    const again = await read(bytes);
    expect(attributes(again)).toEqual({ ...attributes(first), colors: Array.from(coloured.colors!) });
  });

  it('takes format 6 for classes past 31 given a format 1 tile, its scan angles rounded to 0.006° steps with a word', async () => {
    const first = await read(tile(1));
    const classes = Uint8Array.from({ length: N }, (_, i) => 40 + (i % 3));
    const { bytes, notes } = writeLas(first.data, { prediction: classes }, { ...fromSource(first, '+z'), classFrom: 'prediction' });
    expect(notes).toContain("the points carry a class past 31, which the source's point format 1 has no place for: they are written in format 6");
    const offStep = Array.from(first.data.fields.scan_angle).filter((v) => v % 3 !== 0).length;
    expect(notes).toContain(`${offStep} points have a scan_angle between point format 6's steps of 0.006°: it is rounded to them`);
    expect(lasHeaderOf(bytes).pointFormat).toBe(6);
    const again = (await read(bytes)).data.fields;
    expect(Array.from(again.classification)).toEqual(Array.from(classes));
    const angles = first.data.fields.scan_angle;
    again.scan_angle.forEach((v, i) => expect(Math.abs(v - angles[i])).toBeLessThanOrEqual(0.003));
    for (const name of ['user_data', 'synthetic', 'key_point', 'withheld', 'scan_direction', 'edge_of_flight_line', 'point_source_id', 'gps_time']) expect(Array.from(again[name]), name).toEqual(Array.from(first.data.fields[name]));
  });

  it('writes points of no LAS in format 6, 7 or 8 by what they carry', () => {
    const cloud = survey();
    const format = (c: PointCloud) => lasHeaderOf(writeLas(c).bytes).pointFormat;
    expect(format({ ...cloud, colors: undefined })).toBe(6);
    expect(format(cloud)).toBe(7);
    expect(format({ ...cloud, fields: { nir: Uint16Array.from({ length: N }, (_, i) => i) } })).toBe(8);
  });

  it('keeps a scan angle past what the format holds, and a user data past a byte, as dimensions of their own, with a word', async () => {
    const cloud = { ...survey(), fields: { scan_angle: Float32Array.from({ length: N }, (_, i) => (i === 5 ? 250 : i / 10)), user_data: Uint16Array.from({ length: N }, (_, i) => i) } };
    const { bytes, notes } = writeLas(cloud);
    expect(notes).toEqual([
      'user_data has values that are not whole numbers from 0 to 255: it is kept as a dimension of its own, not in the LAS user_data',
      'scan_angle has values such as 250°, past the 180° point format 7 holds: it is kept as a dimension of its own, not in the LAS scan angle',
    ]);
    const again = (await read(bytes)).data.fields;
    expect(Array.from(again.scan_angle_2)).toEqual(Array.from(cloud.fields.scan_angle));
    expect(Array.from(again.user_data_2)).toEqual(Array.from(cloud.fields.user_data));
  });

  it.each([
    [1, 6],
    [2, 7],
    [3, 7],
  ])("writes a format %i source's LAZ in format %i, as it says, every field of its points kept", async (format, written) => {
    const first = await read(tile(format, fullColors));
    const { bytes, notes } = writeLaz(first.data, {}, fromSource(first, '+z'));
    const offStep = Array.from(first.data.fields.scan_angle).filter((v) => v % 3 !== 0).length;
    expect(notes).toEqual([
      `written as point format ${written}, not the source's ${format}: LAZ is written here in formats 6 to 8 (LASzip's layered compressor; formats 0 to 5 take its older point-wise one, which pointlens does not write), and every field of format ${format} is kept in format ${written}`,
      `${offStep} points have a scan_angle between point format ${written}'s steps of 0.006°: it is rounded to them`,
    ]);
    expect(bytes[104] & 0x3f).toBe(written);
    const { scan_angle: angles, ...again } = attributes(await read(bytes, 'tile.laz')) as Record<string, number[]>;
    const { scan_angle: sourceAngles, ...source } = attributes(first) as Record<string, number[]>;
    // format 2 has no GPS time, formats 6-8 one for every point: 0, as LAS writers leave it
    expect(again).toEqual({ ...source, ...(format === 2 && { gps_time: new Array<number>(N).fill(0) }) });
    angles.forEach((v, i) => expect(Math.abs(v - sourceAngles[i])).toBeLessThanOrEqual(0.003));
  });

  it('keeps format 8 through LAZ, its near infrared and 16-bit colours with it, every attribute read back as the LAS gave it', async () => {
    const first = await read(tile(8, fullColors));
    const { bytes, notes } = writeLaz(first.data, {}, fromSource(first, '+z'));
    expect(notes).toEqual(['scanner_channel is kept as a dimension of its own: LAZ is written here of scanner channel 0 only']);
    expect(bytes[104] & 0x3f).toBe(8);
    const { scanner_channel: channel, ...again } = attributes(await read(bytes, 'tile.laz')) as Record<string, unknown>;
    expect(channel).toBeUndefined();
    const { scanner_channel: sourceChannel, ...source } = attributes(first) as Record<string, unknown>;
    expect(again).toEqual({ ...source, scanner_channel_2: sourceChannel });
  });

  it('keeps every attribute through LAZ, in format 6 or 7, the scanner channel kept as a dimension of its own where not 0', async () => {
    const first = await read(tile(7));
    const { bytes, notes } = writeLaz(first.data, {}, fromSource(first, '+z'));
    expect(notes).toEqual(['scanner_channel is kept as a dimension of its own: LAZ is written here of scanner channel 0 only']);
    const again = attributes(await read(bytes, 'tile.laz'));
    const { scanner_channel: channel, ...rest } = again as Record<string, unknown>;
    expect(channel).toBeUndefined();
    const { scanner_channel: sourceChannel, ...sourceRest } = attributes(first) as Record<string, unknown>;
    expect(rest).toEqual({ ...sourceRest, scanner_channel_2: sourceChannel });
  });
});
