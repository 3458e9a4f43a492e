// A file read as its bytes arrive (see streamFormats): the records of a cloud go into a PointStream
// chunk by chunk, so that a file larger than the read budget never has to be held whole. The app's
// parse worker reads a web stream through it, the command line a file on disk.
import { concatBytes } from './concatBytes';
import { LazArrival } from './las';
import { extraBytesEvlrsAt, isLas, LAS_HEADER_MAX } from './lasHeader';
import type { LasVlr, OffsetReader } from './lasVlrs';
import type { LazChunkIndex } from './lazChunkIndex';
import type { LazPerfFactory } from './loader';
import { PointStream, type KeepRule, type RecordFile } from './recordStream';
import { openRecords } from './streamFormats';
import type { FormatId } from '../types';

/** What a read reports its progress to, and is cancelled by. */
export interface StreamContext {
  signal: AbortSignal;
  progress(fraction: number, stage?: string): void;
}

/** `lazChunks`: a LAZ file's chunks and their boxes, where its read noted them (lazChunkIndex.ts) */
export type StreamRead = { whole: Uint8Array } | { format: FormatId; points: PointStream; lazChunks?: LazChunkIndex };

/**
 * A file's bytes given as they come, from its first: once its header is in, every chunk goes to a
 * PointStream keeping what `keep` says, and `onChunk` sees it after each. A LAZ file's bytes go
 * into its decoder's memory as they come, then are decompressed into such a stream a batch at a
 * time (by `lazPerf`, or Node's decoder where not given); a file that cannot stream is gathered
 * whole. Whatever gives the bytes (a web stream, a file on disk) reports progress and cancels.
 * Where it can also read the file at an offset (`readAt`: a file on disk, a dropped file, an
 * address that answers range requests), a LAS 1.4 file's extended records after its points are
 * read before them: the Extra Bytes record may be there.
 */
export class StreamArrival {
  /** the file's content cannot stream: it is being gathered to be read whole */
  whole = false;
  private head: Uint8Array[] = [];
  private points: PointStream | null = null;
  private laz: LazArrival | null = null;
  private format: FormatId = 'ply';
  /** a LAS 1.4 file's extended records read at their offset: once, undefined where they could not be */
  private lasEvlrs?: LasVlr[];
  private lasEvlrsAsked = false;

  /** `size`: the file's bytes, 0 where unknown */
  constructor(
    private readonly size: number,
    private readonly keep: (records: RecordFile) => KeepRule,
    private readonly onChunk?: (points: PointStream, format: FormatId) => void,
    private readonly lazPerf?: LazPerfFactory,
    private readonly readAt?: OffsetReader,
  ) {}

  /** What the bytes given now are for: a LAZ file's are read first and decompressed after, each with its own progress. */
  get stage(): 'reading' | 'parsing' {
    return this.laz ? 'reading' : 'parsing';
  }

  async push(value: Uint8Array): Promise<void> {
    if (this.points) {
      this.points.push(value);
      this.onChunk?.(this.points, this.format);
      return;
    }
    if (this.laz) {
      this.laz.push(value);
      return;
    }
    this.head.push(value);
    if (this.whole) return;
    this.head = [concatBytes(this.head)];
    const head = this.head[0];
    if (this.readAt && this.size && !this.lasEvlrsAsked && isLas(head) && head.length >= LAS_HEADER_MAX) {
      this.lasEvlrsAsked = true;
      this.lasEvlrs = await extraBytesEvlrsAt(head, this.readAt, this.size);
    }
    const opening = openRecords(head, this.size || undefined, this.lasEvlrs);
    if (!opening) return;
    if (opening === 'whole') {
      this.whole = true;
      return;
    }
    if ('laz' in opening) {
      this.laz = await LazArrival.open(opening.laz, this.size, this.keep, this.lazPerf);
      this.laz.push(this.head[0]);
      this.head = [];
      return;
    }
    this.format = opening.format;
    this.points = new PointStream(opening.records, this.keep(opening.records));
    this.points.push(this.head[0]);
    this.head = [];
  }

  /** Once every byte has come: the records kept (a LAZ file's decompressed first, `onProgress` after each batch), or the whole file. */
  async finish(onProgress?: (fraction: number) => void): Promise<StreamRead> {
    if (this.points) return { format: this.format, points: this.points };
    if (!this.laz) return { whole: concatBytes(this.head) };
    const decompressed = await this.laz.finish((s) => {
      onProgress?.(s.rows / s.file.count);
      this.onChunk?.(s, 'las');
    });
    return { format: 'las', points: decompressed, ...(this.laz.chunks && { lazChunks: this.laz.chunks }) };
  }
}

/** Reads a web stream of a file of `size` bytes (0 where unknown) as it arrives, the file read at an offset too where `readAt` is given (see StreamArrival). */
export async function readStream(stream: ReadableStream<Uint8Array>, size: number, ctx: StreamContext, keep: (records: RecordFile) => KeepRule, onChunk?: (points: PointStream, format: FormatId) => void, lazPerf?: LazPerfFactory, readAt?: OffsetReader): Promise<StreamRead> {
  const reader = stream.getReader();
  const arrival = new StreamArrival(size, keep, onChunk, lazPerf, readAt);
  let got = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new DOMException('reading cancelled', 'AbortError');
    const { done, value } = await reader.read();
    if (done) break;
    got += value.length;
    if (size) ctx.progress(Math.min(1, got / size), arrival.stage);
    await arrival.push(value);
  }
  return arrival.finish((f) => ctx.progress(f, 'parsing'));
}
