// LAS 1.0-1.4 and LAZ (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities).
// Uncompressed points are fixed-size records, read by our own decoder (lasRecords), the same one
// that reads a LAS file as a stream. LAZ is decompressed by LASzip's decoder (laz-perf, in WASM)
// into batches of the same records, which go through the same stream: so a LAZ, too, can be kept as
// an even subsample or a region. The header is checked
// against the file size first: a decompressor reads whatever bytes the header points at, so a
// point-data offset inside the header would give the header back as points.
import { createLazPerf, type LazPerf } from 'laz-perf';
import { InputError } from '../types';
import type { FormatLoader, LazPerfFactory, LoaderContext, LoadedGeometry } from './loader';
import { checkLazChunks, isLas, lasHeaderOf, type LasHeader } from './lasHeader';
import { lasRecords } from './lasRecords';
import { PointStream, readRecords, type KeepRule, type RecordFile } from './recordStream';

// In Node one decoder serves every file: each new one adds listeners to the process, which keep it,
// and its memory, alive. One that threw is not used again (see decompressLaz): its listeners go with it.
const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;
// one signature for both events, which @types/node types apart
const listenersOf = (event: (typeof PROCESS_EVENTS)[number]) => process.listeners(event as 'uncaughtException') as Array<(...args: unknown[]) => void>;
let nodeDecoder: { laz: Promise<LazPerf>; listeners: Promise<Array<{ event: string; listener: (...args: unknown[]) => void }>> } | undefined;
const lazPerfInNode: LazPerfFactory = () => {
  if (!nodeDecoder) {
    const before = PROCESS_EVENTS.map(listenersOf);
    const laz = createLazPerf();
    const listeners = laz.then(() => PROCESS_EVENTS.flatMap((event, k) => listenersOf(event).filter((l) => !before[k].includes(l)).map((listener) => ({ event, listener }))));
    nodeDecoder = { laz, listeners };
  }
  return nodeDecoder.laz;
};

/** Drops Node's decoder, and the listeners it added to the process. */
function dropNodeDecoder(): void {
  const dropped = nodeDecoder;
  nodeDecoder = undefined;
  void dropped?.listeners.then((added) => added.forEach(({ event, listener }) => process.removeListener(event, listener)), () => {});
}

/** Point formats LASzip's decoder reads; those with waveform packets (4, 5, 9, 10) it does not. */
const LAZ_FORMATS = [0, 1, 2, 3, 6, 7, 8];

/** Bytes of records decompressed at a time, then passed to the stream together (records are 20 bytes to 64 kB). */
const BATCH_BYTES = 1 << 20;

const UNREADABLE = 'has LAZ data that could not be decompressed: the file is corrupt, truncated, or not written by LASzip';

/** The points of a LAZ file as LASzip gives them back: records one after another from the first byte, with nothing after them. */
export function lazRecords(h: LasHeader): RecordFile {
  return { ...lasRecords(h), bodyStart: 0, trailerStart: undefined };
}

/**
 * Decompresses the LAZ file `bytes` (whose header is `h`) into `stream`, a stream of lazRecords(h)
 * that keeps what its rule says (every point, an even subsample, a region), and calls `onBatch`
 * after each batch of records.
 */
async function decompressLaz(h: LasHeader, bytes: Uint8Array, stream: PointStream, lazPerf: LazPerfFactory, onBatch?: () => void): Promise<void> {
  if (!LAZ_FORMATS.includes(h.pointFormat)) throw new InputError(`is LAZ of point format ${h.pointFormat} (with waveforms), which LASzip's decoder does not read; pointlens reads it uncompressed`);
  checkLazChunks(bytes, h);
  const laz = await lazPerf();
  const file = laz._malloc(bytes.length);
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / h.recordLength));
  const batch = laz._malloc(perBatch * h.recordLength);
  const reader = new laz.LASZip();
  let read = 0;
  try {
    laz.HEAPU8.set(bytes, file);
    reader.open(file, bytes.length);
    if (reader.getCount() !== h.count || reader.getPointFormat() !== h.pointFormat || reader.getPointLength() !== h.recordLength) throw new InputError(UNREADABLE);
    while (read < h.count) {
      const n = Math.min(perBatch, h.count - read);
      for (let k = 0; k < n; k++, read++) reader.getPoint(batch + k * h.recordLength);
      // read after the batch: the WASM memory is replaced where it grows
      stream.push(laz.HEAPU8.subarray(batch, batch + n * h.recordLength));
      onBatch?.();
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    // laz-perf cannot catch its own exceptions: one thrown part-way leaves the decoder in a state
    // nothing says, so it is not used again; and it throws a bare pointer, where the user can act on this
    dropNodeDecoder();
    throw new InputError(read ? `${UNREADABLE} (it failed after ${read} of ${h.count} points)` : UNREADABLE);
  } finally {
    reader.delete();
    laz._free(file);
    laz._free(batch);
  }
}

/**
 * A whole LAZ file decompressed into a stream that keeps what `keep` says of its records (every
 * one, an even subsample, a region's); `onBatch` sees the stream after each batch.
 */
export async function lazStream(bytes: Uint8Array, keep: (records: RecordFile) => KeepRule, lazPerf = lazPerfInNode, onBatch?: (stream: PointStream) => void): Promise<PointStream> {
  const h = lasHeaderOf(bytes);
  const records = lazRecords(h);
  const stream = new PointStream(records, keep(records));
  await decompressLaz(h, bytes, stream, lazPerf, () => onBatch?.(stream));
  return stream;
}

export async function parseLas(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress' | 'lazPerf'>): Promise<LoadedGeometry> {
  const h = lasHeaderOf(bytes);
  // the stream's arrays check the read budget before they are allocated
  if (!h.compressed) return readRecords(lasRecords(h), bytes, context?.onProgress);
  const stream = await lazStream(bytes, () => ({ every: 1 }), context?.lazPerf, (s) => context?.onProgress?.(s.rows / h.count));
  return stream.finish();
}

export const lasLoader: FormatLoader = {
  id: 'las',
  name: 'LAS',
  extensions: ['.las', '.laz'],
  strong: true,
  // lidar's format: aerial and street surveys, buildings, rooms; its coordinates are a survey's
  scansOnly: true,
  upDefined: true,
  sniff: isLas,
  parse: (bytes, context) => parseLas(bytes, context),
};
