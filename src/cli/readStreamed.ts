// A lone cloud of records (binary PLY, LAS, LAZ, NPY) read from disk a chunk at a time through the
// stream the app reads one opened alone with (core/io/readStream): the file is never held whole,
// and past the read budget an even subsample of its points is kept, every n-th record, with a
// warning that says so.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { formatCount } from '../core/format';
import { formatBytes } from '../core/io/limits';
import { parsedResult } from '../core/io/parseFiles';
import { keptOf, type Decimation } from '../core/io/recordStream';
import { StreamArrival } from '../core/io/readStream';
import { decimationFor } from '../core/io/streamFormats';
import { InputError, type ParseResult } from '../core/types';

/** What a command read of a file: its geometry and, for a cloud larger than the read budget, which of its points it kept. */
export interface ReadResult extends ParseResult {
  decimated?: Decimation;
}

/** Bytes read from disk at a time. */
const CHUNK_BYTES = 1 << 22;

/** The warning of a cloud kept as every `every`-th of its `total` points. */
function decimationWarning({ total, every }: Decimation, budgetBytes: number): string {
  return `holds more points than fit the read budget of ${formatBytes(budgetBytes)}: ${formatCount(keptOf(total, every))} of its ${formatCount(total)} points were read, 1 in ${every}, evenly through the file`;
}

/** The cloud of the file at `path` read as a stream within `budgetBytes`, or null where its content is read whole (text, a mesh, ASCII PLY). */
export async function readStreamed(path: string, budgetBytes: number): Promise<ReadResult | null> {
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
    const arrival = new StreamArrival(size, (records) => ({ every: (every = decimationFor(records, budgetBytes)) }));
    for (let at = 0; at < size; ) {
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, size - at));
      const n = readSync(fd, chunk, 0, chunk.length, at);
      if (!n) break;
      at += n;
      await arrival.push(chunk.subarray(0, n));
      if (arrival.whole) return null;
    }
    const read = await arrival.finish();
    if ('whole' in read) return null;
    const result = parsedResult(read.format, read.points.finish());
    if (every === 1) return result;
    const decimated = { total: read.points.file.count, every };
    return { ...result, decimated, warnings: [decimationWarning(decimated, budgetBytes), ...result.warnings] };
  } catch (e) {
    // named as parseFiles names a file's faults
    throw e instanceof InputError && !e.message.startsWith(name) ? new InputError(`${name} ${e.message}`) : e;
  } finally {
    closeSync(fd);
  }
}
