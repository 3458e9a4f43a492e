// LAS 1.0-1.4 and LAZ (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities).
// Uncompressed points are fixed-size records, read by our own decoder (lasRecords), the same one
// that reads a LAS file as a stream. LAZ is decompressed by LASzip's decoder (laz-perf, in WASM)
// one record at a time, and each record goes through the same decoder. The header is checked
// against the file size first: a decompressor reads whatever bytes the header points at, so a
// point-data offset inside the header would give the header back as points.
import { createLazPerf, type LazPerf } from 'laz-perf';
import { InputError } from '../types';
import type { FormatLoader, LazPerfFactory, LoaderContext, LoadedGeometry } from './loader';
import { checkBudget } from './limits';
import { checkLazChunks, DECODED_BYTES_PER_POINT, isLas, lasHeaderOf, type LasHeader } from './lasHeader';
import { lasRecords } from './lasRecords';
import { readRecords } from './recordStream';

// In Node one decoder serves every file: each new one adds listeners to the process, which keep it,
// and its memory, alive. One that threw is not used again (see readLaz).
let nodeDecoder: Promise<LazPerf> | undefined;
const lazPerfInNode: LazPerfFactory = () => (nodeDecoder ??= createLazPerf());

/** Point formats LASzip's decoder reads; those with waveform packets (4, 5, 9, 10) it does not. */
const LAZ_FORMATS = [0, 1, 2, 3, 6, 7, 8];

/** Records decompressed between progress reports. */
const PROGRESS_EVERY = 1 << 16;

const UNREADABLE = 'has LAZ data that could not be decompressed: the file is corrupt, truncated, or not written by LASzip';

async function readLaz(h: LasHeader, bytes: Uint8Array, lazPerf: LazPerfFactory, onProgress?: (f: number) => void): Promise<LoadedGeometry> {
  if (!LAZ_FORMATS.includes(h.pointFormat)) throw new InputError(`is LAZ of point format ${h.pointFormat} (with waveforms), which LASzip's decoder does not read; pointlens reads it uncompressed`);
  checkLazChunks(bytes, h);
  const sink = lasRecords(h).sink(h.count);
  const laz = await lazPerf();
  const file = laz._malloc(bytes.length);
  const record = laz._malloc(h.recordLength);
  const reader = new laz.LASZip();
  let read = 0;
  try {
    laz.HEAPU8.set(bytes, file);
    reader.open(file, bytes.length);
    if (reader.getCount() !== h.count || reader.getPointFormat() !== h.pointFormat || reader.getPointLength() !== h.recordLength) throw new InputError(UNREADABLE);
    let view = new DataView(laz.HEAPU8.buffer);
    for (; read < h.count; read++) {
      reader.getPoint(record);
      // the WASM memory is replaced where it grows
      if (view.buffer !== laz.HEAPU8.buffer) view = new DataView(laz.HEAPU8.buffer);
      sink.read(view, record, h.recordLength, 1, read);
      if (read % PROGRESS_EVERY === 0) onProgress?.(read / h.count);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    // laz-perf cannot catch its own exceptions: one thrown part-way leaves the decoder in a state
    // nothing says, so it is not used again; and it throws a bare pointer, where the user can act on this
    nodeDecoder = undefined;
    throw new InputError(read ? `${UNREADABLE} (it failed after ${read} of ${h.count} points)` : UNREADABLE);
  } finally {
    reader.delete();
    laz._free(file);
    laz._free(record);
  }
  return sink.finish(h.count);
}

export async function parseLas(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress' | 'lazPerf'>): Promise<LoadedGeometry> {
  const h = lasHeaderOf(bytes);
  checkBudget(h.count, DECODED_BYTES_PER_POINT, 'points');
  if (!h.compressed) return readRecords(lasRecords(h), bytes, context?.onProgress);
  return readLaz(h, bytes, context?.lazPerf ?? lazPerfInNode, context?.onProgress);
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
