// LAS 1.0-1.4 and LAZ (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities).
// Uncompressed points are fixed-size records, read by our own decoder (lasRecords), the same one
// that reads a LAS file as a stream. LAZ is decompressed by LASzip's decoder (laz-perf, in WASM)
// into batches of the same records, which go through the same stream: so a LAZ, too, can be kept as
// an even subsample or a region. The header is checked against the file size first: a decompressor
// reads whatever bytes the header points at, so a point-data offset inside the header would give
// the header back as points.
import { concatBytes } from './concatBytes';
import type { FormatLoader, LazPerfFactory, LoaderContext, LoadedGeometry } from './loader';
import { isLas, lasHeaderOf, type LasHeader } from './lasHeader';
import { checkLaz, LazInMemory } from './lazDecoder';
import type { LazChunkIndex } from './lazChunkIndex';
import { lasRecords } from './lasRecords';
import { PointStream, readRecords, type KeepRule, type RecordFile } from './recordStream';

/** The points of a LAZ file as LASzip gives them back: records one after another from the first byte, with nothing after them. */
export function lazRecords(h: LasHeader): RecordFile {
  return { ...lasRecords(h), bodyStart: 0, trailerStart: undefined };
}

/**
 * A LAZ file read as its bytes come, from its first: what its header says is checked, and the
 * arrays of the points to keep (every one, an even subsample, a region's) are made, before the
 * decoder is given anything; its bytes go into the decoder's memory as they come where its size
 * is known (gathered first where it is not); its records are decompressed once all have come.
 */
export class LazArrival {
  private gathered: Uint8Array[] = [];
  /** once finished, for a file kept as an even subsample (whose regions may be read again, lazRegion): where each chunk lies and the box of its points */
  chunks?: LazChunkIndex;

  private constructor(
    readonly stream: PointStream,
    private readonly file: LazInMemory | null,
    private readonly lazPerf: LazPerfFactory | undefined,
  ) {}

  /** `header` from the file's first bytes; `size`: its bytes, 0 where unknown; Node's decoder where `lazPerf` is not given. */
  static async open(header: LasHeader, size: number, keep: (records: RecordFile) => KeepRule, lazPerf?: LazPerfFactory): Promise<LazArrival> {
    checkLaz(header, size);
    const records = lazRecords(header);
    const stream = new PointStream(records, keep(records));
    return new LazArrival(stream, size ? await LazInMemory.open(size, lazPerf) : null, lazPerf);
  }

  push(chunk: Uint8Array): void {
    if (this.file) this.file.push(chunk);
    else this.gathered.push(chunk);
  }

  /** Decompresses the file into the stream, which `onBatch` sees after each batch, and frees the decoder's memory. */
  async finish(onBatch?: (stream: PointStream) => void): Promise<PointStream> {
    let file = this.file;
    if (!file) {
      const bytes = concatBytes(this.gathered);
      this.gathered = [];
      checkLaz(lasHeaderOf(bytes), bytes.length);
      file = await LazInMemory.open(bytes.length, this.lazPerf);
      file.push(bytes);
    }
    try {
      // the header again, against the bytes that came
      const h = lasHeaderOf(file.bytes());
      const { keep } = this.stream;
      this.chunks = file.decompress(h, this.stream, () => onBatch?.(this.stream), !('box' in keep) && keep.every > 1);
      return this.stream;
    } finally {
      file.free();
    }
  }
}

/** A whole LAZ file's bytes decompressed into a stream that keeps what `keep` says (see LazArrival). */
export async function lazStream(bytes: Uint8Array, keep: (records: RecordFile) => KeepRule, lazPerf?: LazPerfFactory, onBatch?: (stream: PointStream) => void): Promise<PointStream> {
  const arrival = await LazArrival.open(lasHeaderOf(bytes), bytes.length, keep, lazPerf);
  arrival.push(bytes);
  return arrival.finish(onBatch);
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
