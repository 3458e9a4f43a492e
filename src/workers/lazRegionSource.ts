// Where a region of a LAZ file is read from the chunks that meet it (lazRegion): a dropped file by
// slices, an address by HTTP range requests. A server that ignores Range answers the first request
// with the whole file, which is then read as it comes, as a file without a chunk index is.
import type { RangeGetter } from '../core/io/copc';
import type { LazChunkIndex } from '../core/io/lazChunkIndex';
import { readLazRegion, type LazRegionOptions } from '../core/io/lazRegion';
import type { KeepRule, PointStream } from '../core/io/recordStream';
import type { Bounds } from '../core/geometry/bounds';
import { fileSource, rangeFetch, totalOf } from './copcSource';

/** The points kept from the chunks; or the whole file where the server sent it whole; or undefined where the file changed since it was indexed, to be read again whole. */
export type ChunkRead = { points: PointStream } | { whole: ReadableStream<Uint8Array> } | undefined;

/**
 * The file at `url` by ranges, its first range (the header and records, before its points) asked
 * for at once; or the body, where the server sent the whole file. The ranges are asked of the
 * server, not the browser's cache: that holds the file from its first read, stored as it came,
 * maybe compressed, and Chromium answers a range of such a copy from its compressed bytes.
 */
async function urlRanges(url: string, headEnd: number): Promise<{ get: RangeGetter; fileBytes: number } | { whole: ReadableStream<Uint8Array> | null }> {
  const first = await rangeFetch(url, 0, headEnd, 'no-store');
  if (first.status !== 206) return { whole: first.body };
  const head = new Uint8Array(await first.arrayBuffer());
  const fileBytes = totalOf(first.headers.get('content-range'));
  const get: RangeGetter = async (begin, end) => {
    if (end <= head.length) return head.subarray(begin, end);
    const response = await rangeFetch(url, begin, end, 'no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status !== 206 || bytes.length !== end - begin) throw new Error(`${url} changed or stopped answering range requests (asked for ${end - begin} bytes, got ${bytes.length}, status ${response.status})`);
    return bytes;
  };
  return { get, fileBytes };
}

/** A region of the LAZ file `source` (dropped, or at an address) read from the chunks of `index` that meet the rule's box. */
export async function readRegionByChunks(source: Blob | string, index: LazChunkIndex, keep: Extract<KeepRule, { box: Bounds }>, options: LazRegionOptions): Promise<ChunkRead> {
  const ranges = typeof source === 'string' ? await urlRanges(source, index.dataOffset) : fileSource(source);
  if ('whole' in ranges) return ranges.whole ? { whole: ranges.whole } : undefined;
  const points = await readLazRegion(ranges.get, ranges.fileBytes, index, keep, options);
  return points && { points };
}
