// A file read as its bytes arrive (see streamFormats): the records of a cloud go into a PointStream
// chunk by chunk, so that a file larger than the read budget never has to be held whole.
import { concatBytes } from './concatBytes';
import { LazArrival } from './las';
import type { LazPerfFactory } from './loader';
import { PointStream, type KeepRule, type RecordFile } from './recordStream';
import { openRecords } from './streamFormats';
import type { FormatId } from '../types';

/** What a read reports its progress to, and is cancelled by. */
export interface StreamContext {
  signal: AbortSignal;
  progress(fraction: number, stage?: string): void;
}

export type StreamRead = { whole: Uint8Array } | { format: FormatId; points: PointStream };

/**
 * Reads a file of `size` bytes (0 where unknown) as it arrives: once its header is in, every chunk
 * goes to a PointStream keeping what `keep` says, and `onChunk` sees it after each. A LAZ file's
 * bytes go into its decoder's memory as they come, then are decompressed into such a stream a
 * batch at a time (by `lazPerf`, or Node's decoder where not given); a file that cannot stream is
 * gathered whole.
 */
export async function readStream(stream: ReadableStream<Uint8Array>, size: number, ctx: StreamContext, keep: (records: RecordFile) => KeepRule, onChunk?: (points: PointStream, format: FormatId) => void, lazPerf?: LazPerfFactory): Promise<StreamRead> {
  const reader = stream.getReader();
  let head: Uint8Array[] = [];
  let points: PointStream | null = null;
  let laz: LazArrival | null = null;
  let format: FormatId = 'ply';
  let whole = false;
  let got = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new DOMException('reading cancelled', 'AbortError');
    const { done, value } = await reader.read();
    if (done) break;
    got += value.length;
    // a LAZ file's bytes are read first and decompressed after, each with its own progress
    if (size) ctx.progress(Math.min(1, got / size), laz ? 'reading' : 'parsing');
    if (points) {
      points.push(value);
      onChunk?.(points, format);
      continue;
    }
    if (laz) {
      laz.push(value);
      continue;
    }
    head.push(value);
    if (whole) continue;
    head = [concatBytes(head)];
    const opening = openRecords(head[0], size || undefined);
    if (!opening) continue;
    if (opening === 'whole') {
      whole = true;
      continue;
    }
    if ('laz' in opening) {
      laz = await LazArrival.open(opening.laz, size, keep, lazPerf);
      laz.push(head[0]);
      head = [];
      continue;
    }
    format = opening.format;
    points = new PointStream(opening.records, keep(opening.records));
    points.push(head[0]);
    head = [];
  }
  if (points) return { format, points };
  if (!laz) return { whole: concatBytes(head) };
  const decompressed = await laz.finish((s) => {
    ctx.progress(s.rows / s.file.count, 'parsing');
    onChunk?.(s, 'las');
  });
  return { format: 'las', points: decompressed };
}
