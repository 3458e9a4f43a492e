// The streamed reader on real files of each format it streams: whatever the chunks, it reads what
// the whole-file reader reads; it keeps an even subsample or a box's points as asked; it refuses
// truncated files and lying headers with the whole-file reader's words.
import { readFileSync } from 'node:fs';
import { LASLoader } from '@loaders.gl/las';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/core/io/concatBytes';
import { LazArrival, lazStream, parseLas } from '../../../src/core/io/las';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { writeLaz14 } from '../../../scripts/laz/writeLaz14';
import { parseNpyCloud } from '../../../src/core/io/npy';
import { parsePly } from '../../../src/core/io/ply';
import { PointStream, type KeepRule, type RecordFile } from '../../../src/core/io/recordStream';
import { decimationFor, openRecords, type StreamOpening } from '../../../src/core/io/streamFormats';
import { createRng } from '../../../src/core/random';
import { writePly } from '../../../src/core/io/writePly';
import type { PointCloud } from '../../../src/core/types';
import { fixture, lasFile, npy, scanFixture, utf8, type LasOptions } from './helpers';

// a real ScanNet room: binary x y z (f32) r g b (u8) label instance (u32), 50,000 points
const PLY = new Uint8Array(readFileSync(new URL('../../../samples/scannet/scene0007_00.ply', import.meta.url)));
const NPY = fixture('scene0000_00_vert.npy');

/** Feeds `bytes` to a stream in chunks of `sizes()` bytes, the header's too, as the app's worker does. */
function streamed(bytes: Uint8Array, sizes: () => number, keep?: KeepRule, size: 'known' | 'unknown' = 'known'): PointStream {
  const fileBytes = size === 'known' ? bytes.length : undefined;
  let head: Uint8Array = new Uint8Array(0);
  let stream: PointStream | null = null;
  for (let at = 0; at < bytes.length; ) {
    const chunk = bytes.subarray(at, Math.min(bytes.length, at + sizes()));
    at += chunk.length;
    if (stream) {
      stream.push(chunk);
      continue;
    }
    head = concatBytes([head, chunk]);
    const opening = openRecords(head, fileBytes);
    if (!opening) continue;
    stream = new PointStream(recordsOf(opening), keep);
    stream.push(head);
  }
  return stream!;
}

/** The records a file's opening says it streams. */
function recordsOf(opening: StreamOpening): RecordFile {
  if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('expected a stream of records');
  return opening.records;
}

const randomSizes = (seed: number, max: number) => {
  const rng = createRng(seed);
  return () => 1 + Math.floor(rng() * max);
};

/** Every array of a cloud, by name, for one equality. */
const arrays = (c: PointCloud) => ({ positions: c.positions, colors: c.colors, normals: c.normals, ...c.fields });

/** The names of the arrays in which two clouds differ (by type or bytes): a quick equality for many comparisons. */
function differing(a: PointCloud, b: PointCloud): string[] {
  const x = arrays(a) as Record<string, ArrayBufferView | undefined>;
  const y = arrays(b) as Record<string, ArrayBufferView | undefined>;
  const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => {
    const [u, v] = [x[k], y[k]];
    return !u || !v ? u !== v : u.constructor !== v.constructor || !bytes(u).equals(bytes(v));
  });
}

/** The points of `c` at `rows`, as a cloud of their own. */
function rowsOf(c: PointCloud, rows: number[]): PointCloud {
  const pick = <T extends Float32Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T | undefined, w: number): T | undefined => {
    if (!a) return undefined;
    const out = new (a.constructor as new (n: number) => T)(rows.length * w);
    rows.forEach((r, k) => {
      for (let j = 0; j < w; j++) out[k * w + j] = a[r * w + j];
    });
    return out;
  };
  return {
    kind: 'points',
    positions: pick(c.positions, 3)!,
    colors: pick(c.colors, 3),
    normals: pick(c.normals, 3),
    fields: Object.fromEntries(Object.entries(c.fields).map(([k, v]) => [k, pick(v as Float32Array, 1)!])),
  };
}

/** A LAS file (1.2, format 2 unless `options` say) of the NPY fixture's 2,000 real points laid out `copies` times side by side, at the header's `offset`. */
async function bigLas(copies: number, offset = [0, 0, 0], options: LasOptions = {}): Promise<Uint8Array> {
  const scan = await scanFixture();
  const n = scan.positions.length / 3;
  const positions = new Float32Array(n * 3 * copies);
  for (let c = 0; c < copies; c++) for (let i = 0; i < n * 3; i++) positions[c * n * 3 + i] = scan.positions[i] + (i % 3 === 0 ? c * 8 : 0);
  const tile = <T extends Uint8Array | Int32Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length * copies);
    for (let c = 0; c < copies; c++) out.set(a, c * a.length);
    return out;
  };
  return lasFile({ kind: 'points', positions, colors: tile(scan.colors!), fields: { label: tile(scan.fields.label as Int32Array), instance: tile(scan.fields.instance as Int32Array) } }, { offset, ...options });
}

/** The same file in survey coordinates: as doubles about (512345, 4123456, 118), kept relative to an origin near them. */
const SURVEY = [512_345, 4_123_456, 118];
const FAR_PLY = writePly(parsePly(PLY).data as PointCloud, {}, { origin: SURVEY as [number, number, number] });
const FAR_NPY = (() => {
  const { data } = parseNpyCloud(NPY, { name: 'a.npy', companions: [] });
  return npy('<f8', [data.positions.length / 3, 3], Float64Array.from(data.positions, (v, i) => v + SURVEY[i % 3]));
})();

/** LAS 1.4's 375-byte header, and records of 38 bytes with the class byte whole and near-infrared after the colours. */
const LAS14: LasOptions = { minor: 4, format: 8 };

const cases = async () => [
  { name: 'binary PLY', bytes: PLY, whole: parsePly(PLY).data as PointCloud },
  { name: 'LAS', bytes: await bigLas(3), whole: (await parseLas(await bigLas(3))).data as PointCloud },
  { name: 'LAS 1.4, point format 8', bytes: await bigLas(3, [0, 0, 0], LAS14), whole: (await parseLas(await bigLas(3, [0, 0, 0], LAS14))).data as PointCloud },
  { name: 'NPY', bytes: NPY, whole: parseNpyCloud(NPY, { name: 'a.npy', companions: [] }).data as PointCloud },
  { name: 'binary PLY of doubles in survey coordinates', bytes: FAR_PLY, whole: parsePly(FAR_PLY).data as PointCloud },
  { name: 'LAS in survey coordinates', bytes: await bigLas(3, SURVEY), whole: (await parseLas(await bigLas(3, SURVEY))).data as PointCloud },
  { name: 'NPY of doubles in survey coordinates', bytes: FAR_NPY, whole: parseNpyCloud(FAR_NPY, { name: 'a.npy', companions: [] }).data as PointCloud },
];

describe('clouds of fixed-size records read as they arrive', () => {
  it('give the same cloud as reading the whole file, whatever the chunk sizes', async () => {
    for (const { name, bytes, whole } of await cases()) {
      for (const [seed, max] of [[1, 97], [2, 4096], [3, 300_000]]) {
        const data = streamed(bytes, randomSizes(seed, max)).finish().data as PointCloud;
        expect(differing(data, whole), `${name}, chunks up to ${max}`).toEqual([]);
      }
    }
  });

  it('read records cut at every byte offset of a record, the header cut at as many places', async () => {
    // 2,000 real points a format: a chunk a byte at a time must stay quick
    const ply = writePly(await scanFixture());
    const small = [
      { name: 'binary PLY', bytes: ply, whole: parsePly(ply).data as PointCloud },
      { name: 'LAS', bytes: await bigLas(1), whole: (await parseLas(await bigLas(1))).data as PointCloud },
      { name: 'LAS 1.4, point format 8', bytes: await bigLas(1, [0, 0, 0], LAS14), whole: (await parseLas(await bigLas(1, [0, 0, 0], LAS14))).data as PointCloud },
      { name: 'NPY', bytes: NPY, whole: parseNpyCloud(NPY, { name: 'a.npy', companions: [] }).data as PointCloud },
    ];
    for (const { name, bytes, whole } of small) {
      const record = recordsOf(openRecords(bytes, bytes.length)).recordBytes;
      // a chunk of record + k bytes cuts the next record k bytes further in each time
      for (let k = 1; k <= record; k++) {
        const data = streamed(bytes, () => record + k).finish().data as PointCloud;
        expect(differing(data, whole), `${name}, chunks of ${record + k} bytes`).toEqual([]);
      }
    }
  });

  it('decode LAS points as loaders.gl does', async () => {
    const bytes = await bigLas(2);
    const mesh = LASLoader.parseSync!(bytes.slice().buffer, { las: { shape: 'mesh', fp64: false, skip: 1, colorDepth: 'auto' } }) as unknown as {
      attributes: Record<string, { value: ArrayLike<number>; size: number }>;
    };
    const data = streamed(bytes, randomSizes(4, 5000)).finish().data as PointCloud;
    expect(data.positions).toEqual(Float32Array.from(mesh.attributes.POSITION.value));
    expect(data.fields.intensity).toEqual(mesh.attributes.intensity.value);
    expect(data.fields.classification).toEqual(mesh.attributes.classification.value);
    const rgba = mesh.attributes.COLOR_0.value;
    expect(data.colors).toEqual(Uint8Array.from({ length: data.colors!.length }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]));
  });

  it('tell the origin of a file in survey coordinates from its first chunk, as its end gives it', async () => {
    for (const { name, bytes } of (await cases()).filter((c) => c.name.includes('survey'))) {
      // the first 80 kB: enough for a PLY's byte order to be told, a small part of the PLY and the LAS
      const stream = streamed(bytes.subarray(0, Math.min(bytes.length, 80_000)), () => 80_000, undefined, 'unknown');
      const early = stream.file.origin?.();
      expect(early, name).toBeDefined();
      expect(streamed(bytes, () => 4096).finish().origin, name).toEqual(early);
    }
  });

  it('keep every n-th point where asked, the same points as the whole file has at those rows', async () => {
    for (const { name, bytes, whole } of await cases()) {
      const stream = streamed(bytes, randomSizes(5, 3000), { every: 7 });
      const n = whole.positions.length / 3;
      const rows = Array.from({ length: Math.ceil(n / 7) }, (_, k) => 7 * k);
      expect(stream.kept).toBe(rows.length);
      expect(arrays(stream.finish().data as PointCloud), name).toEqual(arrays(rowsOf(whole, rows)));
    }
  });

  it('keep the points inside a box, every n-th of them up to a number, where asked', async () => {
    for (const { name, bytes, whole } of await cases()) {
      const p = whole.positions;
      const box = { min: [p[0] - 1, p[1] - 1, -Infinity] as [number, number, number], max: [p[0] + 1, p[1] + 1, Infinity] as [number, number, number] };
      const inside: number[] = [];
      for (let i = 0; i < p.length / 3; i++) {
        if (p[3 * i] >= box.min[0] && p[3 * i] <= box.max[0] && p[3 * i + 1] >= box.min[1] && p[3 * i + 1] <= box.max[1]) inside.push(i);
      }
      expect(inside.length, name).toBeGreaterThan(20);
      const all = streamed(bytes, randomSizes(6, 2000), { every: 1, box, max: 1e6 });
      expect(all.inside).toBe(inside.length);
      expect(arrays(all.finish().data as PointCloud), name).toEqual(arrays(rowsOf(whole, inside)));
      const some = streamed(bytes, randomSizes(7, 2000), { every: 3, box, max: 5 });
      expect(arrays(some.finish().data as PointCloud), name).toEqual(arrays(rowsOf(whole, inside.filter((_, k) => k % 3 === 0).slice(0, 5))));
    }
  });

  it('give an even sample of the points read so far, in the file colours', () => {
    const records = recordsOf(openRecords(PLY, PLY.length));
    const stream = new PointStream(records);
    stream.push(PLY.subarray(0, records.bodyStart + 10_000 * records.recordBytes + 5));
    expect(stream.rows).toBe(10_000);
    const sample = stream.sample(1000);
    expect(sample.positions.length / 3).toBe(1000);
    const whole = parsePly(PLY).data;
    // the 7th sampled point is row 70
    expect([...sample.positions.subarray(21, 24)]).toEqual([...whole.positions.subarray(210, 213)]);
    expect([...sample.colors!.subarray(21, 24)]).toEqual([...whole.colors!.subarray(210, 213)]);
  });

  it('keep every n-th point of a file that would not fit the budget, so that what is kept does', async () => {
    const bytes = await bigLas(3);
    const records = recordsOf(openRecords(bytes, bytes.length));
    const every = decimationFor(records, 20_000 * records.bytesPerPoint);
    expect(every).toBe(1);
    expect(decimationFor(records, 1000 * records.bytesPerPoint)).toBe(6);
    expect(decimationFor(records, 999 * records.bytesPerPoint)).toBe(7);
  });

  it('keep every n-th point of a LAZ file, or those in a box, as of the file read whole, a megabyte of records at a time', async () => {
    const room = parsePly(PLY).data as PointCloud;
    const laz14 = writeLaz14({ positions: room.positions, colors: room.colors!, classes: Uint8Array.from(room.fields.label) }).bytes;
    for (const { name, bytes, count, batches } of [
      { name: 'LAZ 1.4, point format 7', bytes: laz14, count: 50_000, batches: 2 },
      { name: 'LAZ 1.2, point format 0', bytes: fixture('../fuzz/scan.laz'), count: 40, batches: 1 },
    ]) {
      const opening = openRecords(bytes, bytes.length);
      expect(opening, name).toMatchObject({ format: 'las', laz: { compressed: true, count } });
      const whole = (await parseLas(bytes)).data as PointCloud;
      let seen = 0;
      const all = await lazStream(bytes, () => ({ every: 1 }), undefined, () => seen++);
      expect(seen, name).toBe(batches);
      expect(differing(all.finish().data as PointCloud, whole), name).toEqual([]);
      // as its bytes arrive in chunks, its size known (into the decoder's memory) or not (gathered first)
      for (const size of [bytes.length, 0]) {
        const sizes = randomSizes(size + 1, 5000);
        let arrival: LazArrival | null = null;
        let head: Uint8Array = new Uint8Array(0);
        for (let at = 0; at < bytes.length; ) {
          const chunk = bytes.subarray(at, at + sizes());
          at += chunk.length;
          if (arrival) {
            arrival.push(chunk);
            continue;
          }
          head = concatBytes([head, chunk]);
          const opening = openRecords(head, size || undefined);
          if (!opening) continue;
          if (opening === 'whole' || !('laz' in opening)) throw new Error(`${name} must open as LAZ`);
          arrival = await LazArrival.open(opening.laz, size, () => ({ every: 1 }));
          arrival.push(head);
        }
        expect(differing((await arrival!.finish()).finish().data as PointCloud, whole), `${name}, size ${size ? 'known' : 'unknown'}`).toEqual([]);
      }
      const every = 7;
      const kept = (await lazStream(bytes, () => ({ every }))).finish().data as PointCloud;
      expect(kept.positions.length, name).toBe(3 * Math.ceil(count / every));
      const rows = Array.from({ length: kept.positions.length / 3 }, (_, k) => k * every);
      expect(differing(kept, rowsOf(whole, rows)), name).toEqual([]);
      // the box of the points' lower half in x: those inside it are kept, in file order
      const { min, max } = computeBounds(whole.positions);
      const box = { min, max: [(min[0] + max[0]) / 2, max[1], max[2]] as [number, number, number] };
      const region = await lazStream(bytes, () => ({ every: 1, box, max: count }));
      const inside = Array.from({ length: count }, (_, i) => i).filter((i) => whole.positions[3 * i] <= box.max[0]);
      expect(region.inside, name).toBe(inside.length);
      expect(differing(region.finish().data as PointCloud, rowsOf(whole, inside)), name).toEqual([]);
    }
  });

  it('refuse a file that ends early, and a header that declares more than the file holds', async () => {
    const las = await bigLas(1);
    const cases = [
      { bytes: PLY, cut: 100, early: /is truncated: it ends after 49995 of the 50000 vertex elements its header declares/, lying: /declares 50,000 vertex elements \(at least [\d,]+ bytes\), but only [\d,]+ bytes follow the header/ },
      { bytes: las, cut: 30, early: /is truncated: it ends after 1998 of the 2000 points its header declares/, lying: /declares 2000 points \(52000 bytes from byte 227\), but the file has 52197 bytes: it is truncated or its header is wrong/ },
      { bytes: NPY, cut: 30, early: /is truncated: it ends after 1998 of the 2000 rows its header declares/, lying: /is truncated: its header declares shape \(2000, 6\), 48000 bytes, but only 47970 bytes follow/ },
    ];
    for (const { bytes, cut, early, lying } of cases) {
      const short = bytes.subarray(0, bytes.length - cut);
      // the size unknown (a compressed transfer): the end tells
      expect(() => streamed(short, () => 4096, undefined, 'unknown').finish()).toThrow(early);
      expect(() => streamed(short, () => 4096)).toThrow(lying);
    }
  });

  it('warn, with the whole-file reader\'s words, that records after those the header declares were not read', async () => {
    const las = await bigLas(1);
    new DataView(las.buffer).setUint32(107, 1500, true);
    const npyRows = NPY.slice();
    npyRows.set(utf8('1500'), new TextDecoder('latin1').decode(npyRows.subarray(0, 128)).indexOf('(2000') + 1);
    const cases = [
      { bytes: las, warning: 'has 13,000 bytes after the 1,500 points its header declares, enough for 500 more; they were not read' },
      { bytes: npyRows, warning: 'has 12,000 bytes after the 1,500 rows its header declares, enough for 500 more; they were not read' },
    ];
    for (const { bytes, warning } of cases) {
      const r = streamed(bytes, () => 4096).finish();
      expect(r.data.positions.length).toBe(1500 * 3);
      expect(r.warnings).toContain(warning);
    }
    expect(parseNpyCloud(npyRows, { name: 'a.npy', companions: [] }).warnings).toEqual([cases[1].warning]);
    expect((await parseLas(las)).warnings).toContain(cases[0].warning);
  });

  it("read a PLY whose header names the wrong byte order the other way, with a warning, whole or streamed, and a true big-endian one as it says", () => {
    const text = new TextDecoder('latin1').decode(PLY.subarray(0, 600));
    const bodyStart = text.indexOf('end_header\n') + 'end_header\n'.length;
    const withHeader = (body: Uint8Array, order: string) => concatBytes([utf8(text.slice(0, bodyStart).replace('binary_little_endian', order)), body]);
    const body = PLY.subarray(bodyStart);
    // each row's x y z (float32), r g b (uint8), label and instance (int32), each value's bytes reversed
    const swapped = body.slice();
    for (let row = 0; row + 23 <= swapped.length; row += 23) for (const [at, size] of [[0, 4], [4, 4], [8, 4], [15, 4], [19, 4]]) swapped.subarray(row + at, row + at + size).reverse();
    const original = parsePly(PLY);
    const mislabelled = withHeader(body, 'binary_big_endian');
    const warning = /^says binary_big_endian in its header, but its coordinates read that way spread over \d\d decades of magnitude, and over 1 read little-endian, as a scan's or a model's do: it was read as little-endian$/;
    for (const read of [parsePly(mislabelled), streamed(mislabelled, randomSizes(5, 9000)).finish()]) {
      expect(differing(read.data as PointCloud, original.data as PointCloud)).toEqual([]);
      expect(read.warnings).toEqual([expect.stringMatching(warning)]);
    }
    const bigEndian = withHeader(swapped, 'binary_big_endian');
    for (const read of [parsePly(bigEndian), streamed(bigEndian, randomSizes(6, 9000)).finish()]) {
      expect(differing(read.data as PointCloud, original.data as PointCloud)).toEqual([]);
      expect(read.warnings).toEqual([]);
    }
    // bytes that are numbers neither way are read as the header says, and their NaNs dropped as ever
    const rng = createRng(7);
    const noise = withHeader(Uint8Array.from({ length: body.length }, () => Math.floor(rng() * 256)), 'binary_big_endian');
    expect((parsePly(noise).warnings ?? []).join()).not.toMatch(/it was read as little-endian/);
  });

  it('leave to the whole-file readers what cannot stream', () => {
    const ascii = new TextEncoder().encode('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n');
    expect(openRecords(ascii)).toBe('whole');
    const mesh = new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n');
    expect(openRecords(mesh)).toBe('whole');
    const fortran = npy('<f4', [2, 3], new Float32Array(6));
    const at = new TextDecoder('latin1').decode(fortran).indexOf('False');
    fortran.set(new TextEncoder().encode('True '), at);
    expect(openRecords(fortran)).toBe('whole');
    expect(openRecords(new TextEncoder().encode('1 2 3\n4 5 6\n'))).toBe('whole');
    expect(openRecords(PLY.subarray(0, 40))).toBeNull();
    expect(openRecords(NPY.subarray(0, 40))).toBeNull();
    expect(() => openRecords(npy('<f4', [10, 2], new Float32Array(20)))).toThrow(/shape \(10, 2\), not a point cloud/);
  });

  it('read big-endian and 64-bit NPY values as the whole-file reader does', async () => {
    const values = new Float32Array(NPY.buffer.slice(NPY.length - 2000 * 24));
    const f8be = new Uint8Array(2000 * 6 * 8);
    const dv = new DataView(f8be.buffer);
    values.forEach((v, i) => dv.setFloat64(8 * i, v, false));
    const i8 = BigInt64Array.from(values, (v) => BigInt(Math.round(v * 100)));
    for (const bytes of [npy('>f8', [2000, 6], f8be), npy('<i8', [2000, 6], i8)]) {
      const whole = parseNpyCloud(bytes, { name: 'a.npy', companions: [] }).data as PointCloud;
      expect(arrays(streamed(bytes, randomSizes(8, 999)).finish().data as PointCloud)).toEqual(arrays(whole));
    }
  });
});
