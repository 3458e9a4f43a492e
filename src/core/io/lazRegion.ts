// A region of a LAZ file read again without decompressing the whole file: only the chunks whose box
// (lazChunkIndex) meets the region are fetched, by their byte ranges, and decompressed. Their
// records go through the same stream, in the same order, as a whole file's would, and a chunk
// holds no point inside a box its own box does not meet: so the points kept, and which of those
// inside the box are every n-th, are those a read of the whole file keeps. The rule keeps the first
// `max` of them in the file's order, so once it has them the chunks after are neither fetched nor
// decompressed: they could change nothing kept.
import type { LazPerf } from 'laz-perf';
import type { Bounds } from '../geometry/bounds';
import { formatCount } from '../format';
import { InputError } from '../types';
import type { RangeGetter } from './copc';
import { lasHeaderOf, type LasHeader } from './lasHeader';
import { chunksMeeting, EMPTY_BOX, growBox, type LazChunkIndex } from './lazChunkIndex';
import type { ChunkSpan } from './lazChunkTable';
import { dropNodeDecoder, lazPerfInNode } from './lazDecoder';
import type { LazPerfFactory } from './loader';
import { lazRecords } from './las';
import { PointStream, type KeepRule } from './recordStream';

/** Chunks next to each other in the file are fetched in one range of up to this many bytes. */
const RANGE_BYTES = 1 << 24;

/** Bytes of records decompressed at a time before they go to the stream. */
const BATCH_BYTES = 1 << 20;

export interface LazRegionOptions {
  /** Node's decoder where not given */
  lazPerf?: LazPerfFactory;
  /** the share of the chunks' records read so far */
  onProgress?: (f: number) => void;
  signal?: AbortSignal;
}

/** A chunk to read, with its place `i` in the index. */
type IndexedChunk = ChunkSpan & { i: number };

/** Runs of chunks next to each other in the file, each fetched in one range. */
function rangesOf(chunks: IndexedChunk[]): IndexedChunk[][] {
  const runs: IndexedChunk[][] = [];
  for (const c of chunks) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && last.offset + last.bytes === c.offset && c.offset + c.bytes - run[0].offset <= RANGE_BYTES) run.push(c);
    else runs.push([c]);
  }
  return runs;
}

/**
 * The points of a LAZ file that `keep` keeps inside its box, read from the chunks the box meets
 * (by `get`, from a file of `fileBytes` bytes now), into a stream to be finished as a whole file's
 * read is. Undefined where the file is no longer the one indexed (its size or header changed): it
 * is then read whole.
 */
export async function readLazRegion(get: RangeGetter, fileBytes: number, index: LazChunkIndex, keep: Extract<KeepRule, { box: Bounds }>, options: LazRegionOptions = {}): Promise<PointStream | undefined> {
  if (fileBytes !== index.fileBytes) return undefined;
  const h = lasHeaderOf(await get(0, index.dataOffset), fileBytes);
  if (!h.compressed || h.dataOffset !== index.dataOffset || h.count !== index.chunks.reduce((s, c) => s + c.count, 0)) return undefined;
  const chunks = chunksMeeting(index, h, keep.box).map((i) => ({ ...index.chunks[i], i }));
  const total = chunks.reduce((s, c) => s + c.count, 0);
  const stream = new PointStream({ ...lazRecords(h), count: total }, keep);
  const laz = await (options.lazPerf ?? lazPerfInNode)();
  for (const run of rangesOf(chunks)) {
    if (stream.full) break;
    options.signal?.throwIfAborted();
    const last = run[run.length - 1];
    const begin = run[0].offset;
    const end = last.offset + last.bytes;
    if (end > fileBytes) throw new InputError(`has a LAZ chunk at byte ${formatCount(last.offset)} that ends past the end of the file (${formatCount(fileBytes)} bytes): the file is truncated or its chunk table is corrupt`);
    decompressRun(laz, await get(begin, end), begin, run, h, index.boxes, stream);
    options.onProgress?.(stream.rows / total);
  }
  return stream;
}

/** The records of chunks `run`, whose bytes from byte `begin` of the file are `bytes`, each checked against its box in the index, into `stream`. */
function decompressRun(laz: LazPerf, bytes: Uint8Array, begin: number, run: IndexedChunk[], h: LasHeader, boxes: Int32Array, stream: PointStream): void {
  const { recordLength, pointFormat } = h;
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / recordLength));
  const at = laz._malloc(bytes.length);
  const batch = laz._malloc(perBatch * recordLength);
  if (!at || !batch) {
    [at, batch].forEach((p) => p && laz._free(p));
    throw new InputError(`has LAZ chunks of ${formatCount(bytes.length)} bytes, more memory than LASzip's decoder could be given to hold them`);
  }
  laz.HEAPU8.set(bytes, at);
  const found = new Int32Array(6);
  let current = run[0];
  try {
    for (const chunk of run) {
      if (stream.full) break;
      current = chunk;
      const where = chunk.offset - begin;
      // a layered chunk (LAS 1.4's formats) gives its own point count after its first point, raw
      if (pointFormat >= 6) {
        const own = where + recordLength + 4 <= bytes.length ? new DataView(bytes.buffer, bytes.byteOffset + where + recordLength, 4).getUint32(0, true) : -1;
        if (own !== chunk.count) throw changed(chunk, `holds ${own < 0 ? 'no' : formatCount(own)} points where its chunk table said ${formatCount(chunk.count)}`);
      }
      found.set(EMPTY_BOX);
      const decoder = new laz.ChunkDecoder();
      try {
        decoder.open(pointFormat, recordLength, at + where);
        for (let read = 0; read < chunk.count; ) {
          const n = Math.min(perBatch, chunk.count - read);
          for (let k = 0; k < n; k++) decoder.getPoint(batch + k * recordLength);
          read += n;
          // read after the batch: the WASM memory is replaced where it grows
          const records = laz.HEAPU8.subarray(batch, batch + n * recordLength);
          growBox(records, recordLength, n, found, 0);
          stream.push(records);
        }
      } finally {
        decoder.delete();
      }
      if (found.some((v, k) => v !== boxes[6 * chunk.i + k])) throw changed(chunk, 'has other points than when the file was opened');
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    // laz-perf throws a bare pointer and cannot be trusted after it (LazInMemory.decompress)
    dropNodeDecoder();
    throw changed(current, 'could not be decompressed');
  } finally {
    laz._free(at);
    laz._free(batch);
  }
}

const changed = (chunk: ChunkSpan, what: string) =>
  new InputError(`has a LAZ chunk at byte ${formatCount(chunk.offset)} (${formatCount(chunk.count)} points) that ${what}: the file changed since it was opened, or its chunk table is corrupt`);
