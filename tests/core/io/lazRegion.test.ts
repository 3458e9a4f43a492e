import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Bounds } from '../../../src/core/geometry/bounds';
import { LazArrival } from '../../../src/core/io/las';
import { lasHeaderOf } from '../../../src/core/io/lasHeader';
import { chunksMeeting, type LazChunkIndex } from '../../../src/core/io/lazChunkIndex';
import { readLazChunkTable } from '../../../src/core/io/lazChunkTable';
import { readLazRegion } from '../../../src/core/io/lazRegion';
import type { KeepRule } from '../../../src/core/io/recordStream';
import { InputError, type PointCloud } from '../../../src/core/types';
import { cellTile } from '../../tools/cellTile';

type BoxRule = Extract<KeepRule, { box: Bounds }>;

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const getter = (bytes: Uint8Array) => async (begin: number, end: number) => bytes.slice(begin, end);

/** The whole file decompressed keeping what `keep` says, as the first read and today's region read do, with the chunk index it leaves. */
async function wholeRead(bytes: Uint8Array, keep: KeepRule) {
  const arrival = await LazArrival.open(lasHeaderOf(bytes), bytes.length, () => keep);
  arrival.push(bytes);
  const stream = await arrival.finish();
  return { stream, cloud: stream.finish().data as PointCloud, chunks: arrival.chunks };
}

async function indexOf(bytes: Uint8Array): Promise<LazChunkIndex> {
  const { chunks } = await wholeRead(bytes, { every: 4 });
  if (!chunks) throw new Error('no chunk index');
  return chunks;
}

/** The region read from the chunks, against the same region read from the whole file. */
async function expectSameRegion(bytes: Uint8Array, index: LazChunkIndex, keep: BoxRule): Promise<number> {
  const whole = await wholeRead(bytes, keep);
  const stream = await readLazRegion(getter(bytes), bytes.length, index, keep);
  if (!stream) throw new Error('the region was not read from the chunks');
  expect(stream.inside).toBe(whole.stream.inside);
  expect(stream.finish().data).toEqual(whole.cloud);
  return stream.kept;
}

const box = (min: [number, number, number], max: [number, number, number]): Bounds => ({ min, max });

describe('LAZ regions read from the chunks that meet them', () => {
  it("reads a LAZ file's chunk table of variable chunks as its writer wrote it", () => {
    const tile = cellTile();
    const h = lasHeaderOf(tile.bytes);
    const chunks = readLazChunkTable(tile.bytes, h)!;
    const perClass = Array.from(new Set(tile.classes)).sort((a, b) => a - b).map((c) => tile.classes.filter((k) => k === c).length);
    expect(chunks.map((c) => c.count)).toEqual(perClass);
    const table = Number(new DataView(tile.bytes.buffer).getBigInt64(h.dataOffset, true));
    expect(chunks[0].offset).toBe(h.dataOffset + 8);
    chunks.forEach((c, i) => expect(c.offset + c.bytes).toBe(chunks[i + 1]?.offset ?? table));
  });

  it('notes the box of every record of each chunk while the file is decimated (not while it is read in full), and finds the chunks a box meets', async () => {
    const tile = cellTile();
    const index = await indexOf(tile.bytes);
    const h = lasHeaderOf(tile.bytes);
    expect(index.chunks).toHaveLength(16);
    // a file read in full has no region read again
    expect((await wholeRead(tile.bytes, { every: 1 })).chunks).toBeUndefined();
    // the first chunk is the cell at x, y in [0, 3): its box, in scaled integers about the header's offset
    const first = tile.order.slice(0, index.chunks[0].count).map((p) => [0, 1, 2].map((k) => Math.round((tile.positions[3 * p + k] - tile.center[k]) / h.scale[k])));
    const ints = [0, 1, 2].map((k) => first.map((q) => q[k]));
    expect(Array.from(index.boxes.subarray(0, 6))).toEqual([...ints.map((v) => Math.min(...v)), ...ints.map((v) => Math.max(...v))]);
    expect(chunksMeeting(index, h, box([0, 0, 0], [2, 2, 1]))).toEqual([0]);
    expect(chunksMeeting(index, h, box([5, 5, 0], [7, 7, 1]))).toEqual([5, 6, 9, 10]);
    expect(chunksMeeting(index, h, box([16, 16, 0], [17, 17, 1]))).toEqual([]);
    expect(chunksMeeting(index, h, box([-1, -1, -1], [13, 13, 3]))).toHaveLength(16);
  });

  it('keeps exactly the points a read of the whole file keeps, for boxes that meet one chunk, several, all and none', async () => {
    const tile = cellTile();
    const index = await indexOf(tile.bytes);
    const kept = [];
    for (const keep of [
      { box: box([0, 0, 0], [1.5, 2, 1]), every: 1, max: 10_000 },
      { box: box([4.8, 4, 0], [8.5, 7, 2]), every: 3, max: 10_000 },
      // more points inside than it may keep: it stops at the same one
      { box: box([4.8, 4, 0], [8.5, 7, 2]), every: 2, max: 25 },
      { box: box([-1, -1, -1], [13, 13, 3]), every: 5, max: 10_000 },
      { box: box([16, 16, 0], [17, 17, 1]), every: 1, max: 10_000 },
    ]) {
      kept.push(await expectSameRegion(tile.bytes, index, keep));
    }
    expect(kept[0]).toBeGreaterThan(0);
    expect(kept[2]).toBe(25);
    expect(kept[3]).toBe(1200);
    expect(kept[4]).toBe(0);
  });

  it('decompresses no chunk after the one that fills its max, and keeps the points a read of the whole file keeps', async () => {
    const tile = cellTile();
    const index = await indexOf(tile.bytes);
    const everything = box([-1, -1, -1], [13, 13, 3]);
    const counts = index.chunks.map((c) => c.count);
    const total = counts.reduce((a, b) => a + b, 0);
    const rowsRead = async (keep: BoxRule) => {
      await expectSameRegion(tile.bytes, index, keep);
      return (await readLazRegion(getter(tile.bytes), tile.bytes.length, index, keep))!.rows;
    };
    // every point is inside: the first chunk's points fill a max of its count, the first two chunks' one more
    expect(await rowsRead({ box: everything, every: 1, max: counts[0] })).toBe(counts[0]);
    expect(await rowsRead({ box: everything, every: 1, max: counts[0] + 1 })).toBe(counts[0] + counts[1]);
    // every 3rd point inside, as many as two chunks hold: the chunks are read until that many are kept
    const third = Math.ceil((counts[0] + counts[1]) / 3);
    expect(await rowsRead({ box: everything, every: 3, max: third })).toBe(counts[0] + counts[1]);
    // a max the box's points do not reach: every chunk the box meets
    expect(await rowsRead({ box: everything, every: 1, max: total + 1 })).toBe(total);
  });

  it('reads the chunks of fixed size of LAS 1.2 (pointwise) and LAS 1.4 (layered) LAZ as the whole file', async () => {
    for (const name of ['fuzz/scan.laz', 'fuzz/scan14.laz']) {
      const bytes = fixture(name);
      const index = await indexOf(bytes);
      expect(index.chunks.map((c) => c.count)).toEqual(new Array(40).fill(1));
      const all = (await wholeRead(bytes, { every: 1 })).cloud.positions;
      // a box around the first ten points as read
      const min = [0, 1, 2].map((k) => Math.min(...Array.from({ length: 10 }, (_, i) => all[3 * i + k]))) as [number, number, number];
      const max = [0, 1, 2].map((k) => Math.max(...Array.from({ length: 10 }, (_, i) => all[3 * i + k]))) as [number, number, number];
      expect(chunksMeeting(index, lasHeaderOf(bytes), { min, max }).length).toBeLessThan(40);
      expect(await expectSameRegion(bytes, index, { box: { min, max }, every: 1, max: 100 })).toBeGreaterThanOrEqual(10);
    }
  });

  it('refuses a chunk whose offset is wrong with the words of a corrupt chunk table, pointwise or layered', async () => {
    for (const bytes of [cellTile().bytes, fixture('fuzz/scan.laz')]) {
      const index = await indexOf(bytes);
      const wrong = { ...index, chunks: index.chunks.map((c, i) => (i === 1 ? { ...c, offset: c.offset + 3 } : c)) };
      const keep = { box: box([-1e6, -1e6, -1e6], [1e6, 1e6, 1e6]), every: 1, max: 10_000 };
      const read = readLazRegion(getter(bytes), bytes.length, wrong, keep);
      await expect(read).rejects.toThrow(InputError);
      await expect(readLazRegion(getter(bytes), bytes.length, wrong, keep)).rejects.toThrow(
        new RegExp(`^has a LAZ chunk at byte ${wrong.chunks[1].offset.toLocaleString('en-US')} \\(.*\\) that .*: the file changed since it was opened, or its chunk table is corrupt$`),
      );
    }
  });

  it('refuses a chunk that ends past the end of the file', async () => {
    const bytes = fixture('fuzz/scan14.laz');
    const index = await indexOf(bytes);
    const last = index.chunks.length - 1;
    const wrong = { ...index, chunks: index.chunks.map((c, i) => (i === last ? { ...c, bytes: bytes.length } : c)) };
    await expect(readLazRegion(getter(bytes), bytes.length, wrong, { box: box([-1e6, -1e6, -1e6], [1e6, 1e6, 1e6]), every: 1, max: 100 })).rejects.toThrow(
      /^has a LAZ chunk at byte [\d,]+ that ends past the end of the file \([\d,]+ bytes\): the file is truncated or its chunk table is corrupt$/,
    );
  });

  it('leaves a file read whole where it has no chunk table, too many chunks, or has changed since it was indexed', async () => {
    const tile = cellTile();
    const h = lasHeaderOf(tile.bytes);
    // a writer that did not say where its chunk table is
    const untold = tile.bytes.slice();
    new DataView(untold.buffer).setBigInt64(h.dataOffset, -1n, true);
    expect(readLazChunkTable(untold, h)).toBeUndefined();
    // LASzip's first compressor, which does not chunk: its record's first field
    const unchunked = tile.bytes.slice();
    new DataView(unchunked.buffer).setUint16(h.headerSize + 54, 1, true);
    expect(readLazChunkTable(unchunked, h)).toBeUndefined();
    expect(readLazChunkTable(tile.bytes, h, 15)).toBeUndefined();
    const index = await indexOf(tile.bytes);
    const keep = { box: box([-1, -1, -1], [13, 13, 3]), every: 1, max: 10_000 };
    const longer = new Uint8Array(tile.bytes.length + 10);
    longer.set(tile.bytes);
    expect(await readLazRegion(getter(longer), longer.length, index, keep)).toBeUndefined();
  });
});
