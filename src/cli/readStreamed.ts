// A cloud of records (binary PLY, LAS, LAZ, NPY, and headerless .bin scans) read from disk a chunk
// at a time through the stream the app reads one opened alone with (core/io/readStream): the file
// is never held whole, and past the read budget an even subsample of its points is kept, every n-th
// record, with a warning that says so. The arrays beside an .npy cloud (its labels, colours) and a
// SemanticKITTI scan's labels count against the budget with it, and keep the same points.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { formatCount } from '../core/format';
import { formatBytes } from '../core/io/limits';
import type { CompanionTerms } from '../core/io/companionTerms';
import { rawRecordFile } from '../core/io/rawRecords';
import { parsedResult } from '../core/io/parseFiles';
import { keptOf, PointStream, type Decimation, type RecordFile } from '../core/io/recordStream';
import { StreamArrival } from '../core/io/readStream';
import { decimationFor } from '../core/io/streamFormats';
import { InputError, type ParseResult, type PointCloud } from '../core/types';

/** What a command read of a file: its geometry and, for a cloud larger than the read budget, which of its points it kept. */
export interface ReadResult extends ParseResult {
  decimated?: Decimation;
}

/** The files beside a streamed cloud (an .npy cloud's arrays, a SemanticKITTI scan's labels), kept in step with its points. */
export interface StreamCompanions {
  /** what a point of them takes once read, counted with the cloud's own against the budget */
  bytesPerPoint: number;
  /** the cloud with their values, of the points kept where it is kept decimated; `warnings` gets those that cannot be kept in step */
  attach(cloud: PointCloud, kept: Decimation | undefined, warnings: string[]): PointCloud;
}

/** Bytes read from disk at a time. */
const CHUNK_BYTES = 1 << 22;

/** `count` float32 values from value `first` on of the file open as `fd`, fewer where it ends sooner. */
const floatsAt = (fd: number) => (first: number, count: number) => {
  const values = new Float32Array(count);
  const bytes = new Uint8Array(values.buffer);
  const n = readSync(fd, bytes, 0, bytes.length, 4 * first);
  return values.subarray(0, Math.floor(n / 4));
};

/** The warning of a cloud kept as every `every`-th of its `total` points. */
function decimationWarning({ total, every }: Decimation, budgetBytes: number): string {
  return `holds more points than fit the read budget of ${formatBytes(budgetBytes)}: ${formatCount(keptOf(total, every))} of its ${formatCount(total)} points were read, 1 in ${every}, evenly through the file`;
}

/** Headerless float32 records (rawRecords), read as a stream by their name: they have no header to be known by. */
export const RAW_RECORDS_NAME = /\.bin$/i;

/** How a file is read as a stream: `recordValues`, the values a point of a headerless .bin where the person gave them, and `terms`, how its refusals ask for a companion. */
export interface StreamOptions {
  companions?: StreamCompanions;
  recordValues?: number;
  terms?: CompanionTerms;
}

/** The cloud of the file at `path` (with its companions) read as a stream within `budgetBytes`, or null where its content is read whole (text, a mesh, ASCII PLY). */
export async function readStreamed(path: string, budgetBytes: number, { companions, recordValues, terms }: StreamOptions = {}): Promise<ReadResult | null> {
  const name = basename(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const size = fstatSync(fd).size;
    let every = 1;
    const extra = companions?.bytesPerPoint ?? 0;
    // a file on disk is read at an offset too: a LAS 1.4 file's records after its points come first
    const readAt = async (begin: number, end: number) => {
      const bytes = new Uint8Array(end - begin);
      return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, begin));
    };
    const keep = (records: RecordFile) => ({ every: (every = decimationFor({ count: records.count, bytesPerPoint: records.bytesPerPoint + extra }, budgetBytes)) });
    // a headerless file's records are known by its name and by values read at their offsets
    const raw = RAW_RECORDS_NAME.test(name) ? rawRecordFile(floatsAt(fd), size, recordValues, terms) : undefined;
    const records = raw && new PointStream(raw, keep(raw));
    const arrival = new StreamArrival(size, keep, undefined, undefined, readAt);
    for (let at = 0; at < size; ) {
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, size - at));
      const n = readSync(fd, chunk, 0, chunk.length, at);
      if (!n) break;
      at += n;
      if (records) {
        records.push(chunk.subarray(0, n));
        continue;
      }
      await arrival.push(chunk.subarray(0, n));
      if (arrival.whole) return null;
    }
    const read = records ? { format: 'bin' as const, points: records } : await arrival.finish();
    if ('whole' in read) return null;
    const decimated = every > 1 ? { total: read.points.file.count, every } : undefined;
    const loaded = read.points.finish();
    if (companions) loaded.data = companions.attach(loaded.data as PointCloud, decimated, (loaded.warnings ??= []));
    const result = parsedResult(read.format, loaded);
    if (!decimated) return result;
    return { ...result, decimated, warnings: [decimationWarning(decimated, budgetBytes), ...result.warnings] };
  } catch (e) {
    // named as parseFiles names a file's faults
    throw e instanceof InputError && !e.message.startsWith(name) ? new InputError(`${name} ${e.message}`) : e;
  } finally {
    closeSync(fd);
  }
}
