// A file given chunk by chunk, from disk or as a web stream, keeps what the whole-file reader reads,
// or an even subsample of it; a file whose content cannot stream is gathered whole.
import { describe, expect, it } from 'vitest';
import { parseFiles, writePly } from '../../../src/core/io';
import { concatBytes } from '../../../src/core/io/concatBytes';
import { parseLas } from '../../../src/core/io/las';
import type { LoadedGeometry } from '../../../src/core/io/loader';
import type { OffsetReader } from '../../../src/core/io/lasVlrs';
import { readStream, StreamArrival } from '../../../src/core/io/readStream';
import { lazFromLas } from '../../../src/core/io/writeLaz';
import { extraBytesRecord, lasFile, scanFixture, utf8 } from './helpers';

const chunksOf = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, k) => bytes.subarray(k * size, (k + 1) * size));

describe('StreamArrival', () => {
  it('keeps every third record of a binary PLY given in chunks of 1,000 bytes, as a web stream too', async () => {
    const ply = writePly(await scanFixture());
    const all = (await parseFiles([{ name: 'scan.ply', bytes: ply }])).data.positions;
    const thirds = Array.from(all).filter((_, i) => Math.floor(i / 3) % 3 === 0);
    const arrival = new StreamArrival(ply.length, () => ({ every: 3 }));
    for (const chunk of chunksOf(ply, 1000)) await arrival.push(chunk);
    const read = await arrival.finish();
    if (!('points' in read)) throw new Error('a binary PLY streams');
    expect(read.format).toBe('ply');
    expect(Array.from(read.points.finish().data.positions)).toEqual(thirds);

    const chunks = chunksOf(ply, 1000);
    const web = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    const progress: string[] = [];
    const viaWeb = await readStream(web, ply.length, { signal: new AbortController().signal, progress: (_f, stage) => progress.push(stage!) }, () => ({ every: 3 }));
    if (!('points' in viaWeb)) throw new Error('a binary PLY streams');
    expect(Array.from(viaWeb.points.finish().data.positions)).toEqual(thirds);
    expect(new Set(progress)).toEqual(new Set(['parsing']));
  });

  it('says at once that an ASCII PLY cannot stream, and gives its bytes whole', async () => {
    const text = utf8('ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 1 1\n');
    const arrival = new StreamArrival(text.length, () => ({ every: 1 }));
    const [first, second] = chunksOf(text, 100);
    await arrival.push(first);
    expect(arrival.whole).toBe(true);
    await arrival.push(second);
    expect(await arrival.finish()).toEqual({ whole: text });
  });
});

describe('a LAS 1.4 file whose Extra Bytes record is among the extended records after its points, read as it comes', () => {
  const dims = [{ name: 'Echo width', type: 9 }, { name: 'Range', type: 3, scale: 0.01 }];
  const fill = (dv: DataView, at: number, i: number) => {
    dv.setFloat32(at + 30, i / 4, true);
    dv.setUint16(at + 34, i % 5000, true);
  };
  const evlrs = [{ userId: 'vendor', recordId: 7, body: new Uint8Array(40).fill(9) }, extraBytesRecord(dims)];
  const las = async () => lasFile(await scanFixture(), { format: 6, minor: 4, evlrs, extraBytes: 6, fill });
  /** The LAZ of `las`, its extended records after the chunk table, where the header then places them. */
  const laz = (las: Uint8Array) => {
    const evlrsAt = Number(new DataView(las.buffer, las.byteOffset).getBigUint64(235, true));
    const points = lazFromLas(las.subarray(0, evlrsAt));
    const out = concatBytes([points, las.subarray(evlrsAt)]);
    new DataView(out.buffer).setBigUint64(235, BigInt(points.length), true);
    return out;
  };
  const readAtOf = (bytes: Uint8Array) => async (begin: number, end: number) => bytes.slice(begin, end);
  const streamed = async (bytes: Uint8Array, readAt?: OffsetReader) => {
    const arrival = new StreamArrival(bytes.length, () => ({ every: 1 }), undefined, undefined, readAt);
    for (const chunk of chunksOf(bytes, 1000)) await arrival.push(chunk);
    const read = await arrival.finish();
    if (!('points' in read)) throw new Error('a LAS file streams');
    return read.points.finish();
  };
  const expectSameExtraFields = (got: LoadedGeometry, whole: LoadedGeometry) => {
    expect(got.data.fields.Echo_width).toBeInstanceOf(Float32Array);
    expect(got.data.fields.Range).toBeInstanceOf(Float64Array);
    expect(Object.keys(got.data.fields)).toEqual(Object.keys(whole.data.fields));
    for (const name of ['Echo_width', 'Range']) expect(Array.from(got.data.fields[name]), name).toEqual(Array.from(whole.data.fields[name]));
    expect(got.warnings ?? []).toEqual([]);
  };

  it('reads the dimensions it describes, named and typed as a read of the whole file does, where the file can be read at an offset', async () => {
    const bytes = await las();
    const whole = await parseLas(bytes);
    expect(Array.from(whole.data.fields.Range).slice(0, 3)).toEqual([0, 0.01, 0.02]);
    expectSameExtraFields(await streamed(bytes, readAtOf(bytes)), whole);
  });

  it('reads them from a LAZ file too, compressed with the dimensions as LASzip compresses extra bytes', async () => {
    const bytes = laz(await las());
    const whole = await parseLas(bytes);
    expect(whole.data.fields.Echo_width).toBeInstanceOf(Float32Array);
    expectSameExtraFields(await streamed(bytes, readAtOf(bytes)), whole);
  });

  it('reads them through a web stream given the file to read at an offset, as the app reads a dropped file', async () => {
    const bytes = await las();
    const chunks = chunksOf(bytes, 1000);
    const web = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    const ctx = { signal: new AbortController().signal, progress: () => undefined };
    const read = await readStream(web, bytes.length, ctx, () => ({ every: 1 }), undefined, undefined, readAtOf(bytes));
    if (!('points' in read)) throw new Error('a LAS file streams');
    expectSameExtraFields(read.points.finish(), await parseLas(bytes));
  });

  it('says the extra bytes were not read where the file cannot be read at an offset (a stream alone, a server that ignores Range)', async () => {
    const bytes = await las();
    const unread = ['its point records have 6 extra bytes that no Extra Bytes record before the points (those after them were not read, as the file was read as it came) describes; they were not read'];
    for (const readAt of [undefined, async () => undefined]) {
      const got = await streamed(bytes, readAt);
      expect(got.data.fields.Echo_width).toBeUndefined();
      expect(got.warnings).toEqual(unread);
    }
  });
});
