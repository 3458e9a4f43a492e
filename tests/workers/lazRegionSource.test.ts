// A region of a LAZ file read from its chunks by HTTP ranges or a dropped file's slices, and the
// whole file taken as it comes from a server that ignores Range.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bounds } from '../../src/core/geometry/bounds';
import { LazArrival } from '../../src/core/io/las';
import { lasHeaderOf } from '../../src/core/io/lasHeader';
import type { LazChunkIndex } from '../../src/core/io/lazChunkIndex';
import type { PointCloud } from '../../src/core/types';
import { readRegionByChunks } from '../../src/workers/lazRegionSource';
import { cellTile } from '../tools/cellTile';
import { startRangeServer, type RangeServer } from '../tools/rangeServer';

const tile = cellTile();
const keep = { box: { min: [0, 0, 0], max: [2, 2, 2] } as Bounds, every: 1, max: 10_000 };

/** The first read's chunk index, and the region as a read of the whole file keeps it. */
async function wholeRead(rule: { every: number } | typeof keep) {
  const arrival = await LazArrival.open(lasHeaderOf(tile.bytes), tile.bytes.length, () => rule);
  arrival.push(tile.bytes);
  const stream = await arrival.finish();
  return { cloud: stream.finish().data as PointCloud, index: arrival.chunks as LazChunkIndex };
}

describe('LAZ regions by range', () => {
  let ranged: RangeServer;
  let whole: RangeServer;
  beforeAll(async () => {
    ranged = await startRangeServer({ '/t.laz': tile.bytes }, { ranges: true });
    whole = await startRangeServer({ '/t.laz': tile.bytes }, { ranges: false });
  });
  afterAll(async () => {
    await ranged.close();
    await whole.close();
  });

  it('fetches the header and the one chunk a corner meets, and keeps the points the whole file gives', async () => {
    const { index } = await wholeRead({ every: 4 });
    const read = await readRegionByChunks(ranged.url('/t.laz'), index, keep, {});
    if (!read || !('points' in read)) throw new Error('the region was not read from the chunks');
    expect(read.points.finish().data).toEqual((await wholeRead(keep)).cloud);
    const first = index.chunks[0];
    expect(ranged.requests).toEqual([
      [0, index.dataOffset],
      [first.offset, first.offset + first.bytes],
    ]);
    expect(ranged.sent).toBeLessThan(tile.bytes.length / 4);
  });

  it("reads a dropped file's slices the same way", async () => {
    const { index } = await wholeRead({ every: 4 });
    const read = await readRegionByChunks(new Blob([tile.bytes.slice().buffer]), index, keep, {});
    if (!read || !('points' in read)) throw new Error('the region was not read from the chunks');
    expect(read.points.finish().data).toEqual((await wholeRead(keep)).cloud);
  });

  it('hands back the whole file as it comes where the server ignores Range, and nothing where the file changed', async () => {
    const { index } = await wholeRead({ every: 4 });
    const read = await readRegionByChunks(whole.url('/t.laz'), index, keep, {});
    if (!read || !('whole' in read)) throw new Error('the whole file was not handed back');
    expect(new Uint8Array(await new Response(read.whole).arrayBuffer())).toEqual(tile.bytes);
    expect(whole.requests).toEqual([[0, tile.bytes.length]]);
    expect(await readRegionByChunks(new Blob([tile.bytes.slice().buffer, new Uint8Array(4)]), index, keep, {})).toBeUndefined();
  });
});
