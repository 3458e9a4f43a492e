// LASzip's decoder (laz-perf, in WASM) holding a LAZ file and giving back its point records a
// megabyte at a time. The compressed file lives in the decoder's own memory, put there as its bytes
// arrive where its size is known, so that a big file is held once rather than gathered, joined and
// copied (three times its size); that memory ends at 2 GiB, which bounds the files it can hold.
import { createLazPerf, type LazPerf } from 'laz-perf';
import { InputError } from '../types';
import type { LazPerfFactory } from './loader';
import { checkLazChunks, type LasHeader } from './lasHeader';
import { ChunkBoxes, type LazChunkIndex } from './lazChunkIndex';
import { formatBytes } from './limits';
import type { PointStream } from './recordStream';

// In Node one decoder serves every file: each new one adds listeners to the process, which keep it,
// and its memory, alive. One that threw is not used again (see LazInMemory.decompress): its listeners go with it.
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
// one signature for both events, which @types/node types apart
const listenersOf = (event: (typeof PROCESS_EVENTS)[number]) => process.listeners(event as 'uncaughtException') as Array<(...args: unknown[]) => void>;
let nodeDecoder: { laz: Promise<LazPerf>; listeners: Promise<Array<{ event: string; listener: (...args: unknown[]) => void }>> } | undefined;
export const lazPerfInNode: LazPerfFactory = () => {
  if (!nodeDecoder) {
    const before = PROCESS_EVENTS.map(listenersOf);
    const laz = createLazPerf();
    const listeners = laz.then(() => PROCESS_EVENTS.flatMap((event, k) => listenersOf(event).filter((l) => !before[k].includes(l)).map((listener) => ({ event, listener }))));
    nodeDecoder = { laz, listeners };
  }
  return nodeDecoder.laz;
};

/** Drops Node's decoder, and the listeners it added to the process. */
export function dropNodeDecoder(): void {
  const dropped = nodeDecoder;
  nodeDecoder = undefined;
  void dropped?.listeners.then((added) => added.forEach(({ event, listener }) => process.removeListener(event, listener)), () => {});
}

/** Point formats LASzip's decoder reads; those with waveform packets (4, 5, 9, 10) it does not. */
const LAZ_FORMATS = [0, 1, 2, 3, 6, 7, 8];

/** The largest LAZ file the decoder can hold: its memory ends at 2 GiB, and it needs some of it for itself. */
export const LAZ_MAX_BYTES = 2 ** 31 - 2 ** 27;

/** Bytes of records decompressed at a time, then passed to the stream together (records are 20 bytes to 64 kB). */
const BATCH_BYTES = 1 << 20;

const UNREADABLE = 'has LAZ data that could not be decompressed: the file is corrupt, truncated, or not written by LASzip';

/** What can be told of a LAZ file from its header and size, before the decoder is started. */
export function checkLaz(h: LasHeader, fileBytes: number): void {
  if (!LAZ_FORMATS.includes(h.pointFormat)) throw new InputError(`is LAZ of point format ${h.pointFormat} (with waveforms), which LASzip's decoder does not read; pointlens reads it uncompressed`);
  if (fileBytes > LAZ_MAX_BYTES) {
    throw new InputError(
      `is a LAZ file of ${formatBytes(fileBytes)}; LASzip's decoder, which pointlens runs in WASM, holds the compressed file in at most ${formatBytes(LAZ_MAX_BYTES)}: decompress it to LAS (laszip -i in.laz -o out.las), which pointlens reads as a stream at any size`,
    );
  }
}

/** A LAZ file of `length` bytes in the decoder's memory, filled as its bytes come. */
export class LazInMemory {
  private filled = 0;

  private constructor(
    readonly laz: LazPerf,
    private readonly at: number,
    readonly length: number,
  ) {}

  static async open(length: number, lazPerf: LazPerfFactory = lazPerfInNode): Promise<LazInMemory> {
    const laz = await lazPerf();
    const at = laz._malloc(length);
    if (!at) throw new InputError(`is a LAZ file of ${formatBytes(length)}, more memory than LASzip's decoder could be given to hold it`);
    return new LazInMemory(laz, at, length);
  }

  /** The file's next bytes; any past its length are not kept (the file is longer than it was said to be, and its header tells). */
  push(chunk: Uint8Array): void {
    const n = Math.min(chunk.length, this.length - this.filled);
    this.laz.HEAPU8.set(chunk.subarray(0, n), this.at + this.filled);
    this.filled += n;
  }

  /** The bytes come so far: a view of the decoder's memory, to be read before it next allocates. */
  bytes(): Uint8Array {
    return this.laz.HEAPU8.subarray(this.at, this.at + this.filled);
  }

  free(): void {
    this.laz._free(this.at);
  }

  /**
   * Decompresses the file (whose header is `h`) into `stream`, a stream of its records (lazRecords)
   * that keeps what its rule says (every point, an even subsample, a region), calling `onBatch`
   * after each batch of records. Returns the file's chunk index where `indexChunks` asks for it
   * and it has a chunk table.
   */
  decompress(h: LasHeader, stream: PointStream, onBatch?: () => void, indexChunks = false): LazChunkIndex | undefined {
    checkLazChunks(this.bytes(), h);
    const boxes = indexChunks ? ChunkBoxes.of(this.bytes(), h) : undefined;
    const { laz } = this;
    const perBatch = Math.max(1, Math.floor(BATCH_BYTES / h.recordLength));
    const batch = laz._malloc(perBatch * h.recordLength);
    const reader = new laz.LASZip();
    let read = 0;
    try {
      reader.open(this.at, this.filled);
      if (reader.getCount() !== h.count || reader.getPointFormat() !== h.pointFormat || reader.getPointLength() !== h.recordLength) throw new InputError(UNREADABLE);
      while (read < h.count) {
        const n = Math.min(perBatch, h.count - read);
        for (let k = 0; k < n; k++, read++) reader.getPoint(batch + k * h.recordLength);
        // read after the batch: the WASM memory is replaced where it grows
        const records = laz.HEAPU8.subarray(batch, batch + n * h.recordLength);
        boxes?.add(records);
        stream.push(records);
        onBatch?.();
      }
      return boxes?.index(this.filled, h.dataOffset);
    } catch (e) {
      if (e instanceof InputError) throw e;
      // laz-perf cannot catch its own exceptions: one thrown part-way leaves the decoder in a state
      // nothing says, so it is not used again; and it throws a bare pointer, where the user can act on this
      dropNodeDecoder();
      throw new InputError(read ? `${UNREADABLE} (it failed after ${read} of ${h.count} points)` : UNREADABLE);
    } finally {
      reader.delete();
      laz._free(batch);
    }
  }
}
