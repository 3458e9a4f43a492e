// Point clouds stored as fixed-size records after a header (binary PLY, uncompressed LAS, NPY)
// read as their bytes arrive. A format says where its records start, how long each is and how to
// decode them (a RecordFile); the stream does the rest for all of them: it carries a record cut by
// a chunk's end over to the next chunk, keeps every record or an even subsample (a cloud larger
// than the read budget), or only the records inside a box (a region seen in detail), and never
// holds more of the file than one chunk.
import type { Bounds } from '../geometry/bounds';
import type { SignedAxis } from '../geometry/signedAxis';
import { InputError, type PointCloud, type ScalarArray, type UpAxis } from '../types';
import type { Origin } from './shift';
import type { LoadedGeometry } from './loader';
import { bytesLeftOut } from './leftOut';

/** A per-point array of a sink, `width` values a point. */
export interface SinkColumn {
  array: { [i: number]: number; length: number };
  width: number;
}

/** Arrays for a number of points, filled from records. */
export interface RecordSink {
  /** decodes `rows` records, the first at byte `start` of `dv` and each `stride` bytes after the last, into points `at` onwards */
  read(dv: DataView, start: number, stride: number, rows: number, at: number): void;
  readonly positions: Float32Array;
  /** every per-point array, in one order for every sink of a file, to move points between sinks */
  columns(): SinkColumn[];
  /** 8-bit colours of the given points as the finished cloud would have them, where it has colours */
  colorsOf(points: ArrayLike<number>): Uint8Array | undefined;
  /** the cloud of the first `n` points; `fields`: those of a layer a region's read refines, where a format decides some of its fields by the points read (LAS) */
  finish(n: number, fields?: ReadonlySet<string>): LoadedGeometry;
}

/** What a format tells the stream about a file, from its header. */
export interface RecordFile {
  /** byte at which the first record starts */
  bodyStart: number;
  /** records the header declares */
  count: number;
  recordBytes: number;
  /** the most bytes a point's arrays take while reading, to set against the read budget */
  bytesPerPoint: number;
  /** what a record is called in messages ("vertex elements", "points") */
  noun: string;
  /** where data that are not records start after them (a LAS file's waveforms), where a format has such data */
  trailerStart?: number;
  /** arrays for `capacity` points */
  sink(capacity: number): RecordSink;
  /** what the positions are kept relative to (shift.ts), as far as the records read so far tell; for a preview before the end */
  origin?(): Origin | undefined;
  /** the up its format's files use, where it has one (LoadedGeometry.upAxis) */
  upAxis?: UpAxis;
  /** the up the file states itself (LoadedGeometry.statedUp) */
  statedUp?: SignedAxis;
}

/** Which records a stream keeps: every `every`-th one, or every `every`-th of those inside `box`, up to `max`. */
export type KeepRule = { every: number } | { every: number; box: Bounds; max: number };

const ALL: KeepRule = { every: 1 };

/** A cloud kept as every `every`-th of its file's `total` points. */
export interface Decimation {
  total: number;
  every: number;
}

/** How many of `count` records keeping every `every`-th leaves. */
export const keptOf = (count: number, every: number) => Math.ceil(count / every);

export class PointStream {
  /** records read so far */
  rows = 0;
  /** points kept so far */
  kept = 0;
  /** records seen inside the box so far (a box rule) */
  inside = 0;
  private readonly sink: RecordSink;
  private scratch: RecordSink | null = null;
  /** bytes of a record cut by the end of the last chunk */
  private carry = new Uint8Array(0);
  /** bytes still to skip before the first record */
  private skip: number;
  /** bytes of the file given so far */
  private seen = 0;

  /** `file` from the file's header; the stream is then given the file's bytes from its very first. */
  constructor(
    readonly file: RecordFile,
    readonly keep: KeepRule = ALL,
  ) {
    if (!(keep.every >= 1 && Number.isInteger(keep.every))) throw new Error(`cannot keep every ${keep.every}th point`);
    this.skip = file.bodyStart;
    this.sink = file.sink('box' in keep ? keep.max : keptOf(file.count, keep.every));
  }

  /** Reads the whole records of `chunk` (with what the previous chunk left). */
  push(chunk: Uint8Array): void {
    this.seen += chunk.length;
    if (this.skip) {
      const n = Math.min(this.skip, chunk.length);
      this.skip -= n;
      chunk = chunk.subarray(n);
    }
    if (!chunk.length || this.rows >= this.file.count) return;
    let bytes = chunk;
    if (this.carry.length) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    const size = this.file.recordBytes;
    const rows = Math.min(Math.floor(bytes.length / size), this.file.count - this.rows);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if ('box' in this.keep) this.keepInside(dv, rows, this.keep.box, this.keep.max);
    else this.keepEvery(dv, rows);
    this.rows += rows;
    // bytes after the last record are trailing: nothing to keep
    this.carry = this.rows < this.file.count ? bytes.slice(rows * size) : new Uint8Array(0);
  }

  private keepEvery(dv: DataView, rows: number): void {
    const { every } = this.keep;
    const first = Math.ceil(this.rows / every) * every;
    const end = this.rows + rows;
    if (first >= end) return;
    const n = Math.floor((end - 1 - first) / every) + 1;
    const size = this.file.recordBytes;
    this.sink.read(dv, (first - this.rows) * size, every * size, n, this.kept);
    this.kept += n;
  }

  /** Decodes the chunk's records into a scratch sink, then moves those inside the box that the rule keeps. */
  private keepInside(dv: DataView, rows: number, box: Bounds, max: number): void {
    if (!rows) return;
    if (!this.scratch || this.scratch.positions.length < rows * 3) this.scratch = this.file.sink(rows);
    const scratch = this.scratch;
    scratch.read(dv, 0, this.file.recordBytes, rows, 0);
    const p = scratch.positions;
    const from = scratch.columns();
    const to = this.sink.columns();
    const { min, max: top } = box;
    const { every } = this.keep;
    for (let i = 0; i < rows && this.kept < max; i++) {
      const x = p[3 * i];
      const y = p[3 * i + 1];
      const z = p[3 * i + 2];
      if (!(x >= min[0] && x <= top[0] && y >= min[1] && y <= top[1] && z >= min[2] && z <= top[2])) continue;
      if (this.inside++ % every) continue;
      for (let c = 0; c < from.length; c++) {
        const w = from[c].width;
        const src = from[c].array;
        const dst = to[c].array;
        for (let k = 0; k < w; k++) dst[this.kept * w + k] = src[i * w + k];
      }
      this.kept++;
    }
  }

  /** Every `step`-th point kept so far, at most `max` of them, as a cloud of its own (copied). */
  sample(max: number): PointCloud {
    const step = Math.max(1, Math.ceil(this.kept / max));
    const n = Math.ceil(this.kept / step);
    const rows = Uint32Array.from({ length: n }, (_, k) => k * step);
    const positions = new Float32Array(n * 3);
    const all = this.sink.positions;
    for (let k = 0; k < n; k++) for (let c = 0; c < 3; c++) positions[3 * k + c] = all[3 * rows[k] + c];
    return { kind: 'points', positions, colors: this.sink.colorsOf(rows), fields: {} };
  }

  /** Whether a box rule has kept its `max` points: no record after can change what it keeps. */
  get full(): boolean {
    return 'box' in this.keep && this.kept >= this.keep.max;
  }

  /** The cloud, once every record has come (or, for a full box rule, once it is full); `fields`: see RecordSink.finish. */
  finish(fields?: ReadonlySet<string>): LoadedGeometry {
    if (this.rows < this.file.count && !this.full) throw new InputError(`is truncated: it ends after ${this.rows} of the ${this.file.count} ${this.file.noun} its header declares`);
    const result = this.sink.finish(this.kept, fields);
    const { bodyStart, count, recordBytes, noun, trailerStart = Infinity } = this.file;
    const extra = Math.min(this.seen, trailerStart) - (bodyStart + count * recordBytes);
    return extra > 0 ? { ...result, warnings: [...(result.warnings ?? []), bytesLeftOut(extra, count, noun, recordBytes)] } : result;
  }
}

/** A typed array's first `n` values: itself where that is all of it, else a copy (the rest is never used). */
export function firstValues<T extends ScalarArray>(array: T, n: number): T {
  return (array.length === n ? array : array.slice(0, n)) as T;
}

/** Records passed to the stream at a time when a whole file is read, so that progress can be reported. */
const WHOLE_FILE_SLICE = 1 << 22;

/** A whole file's records (its bytes from the first), read through the same stream. */
export function readRecords(file: RecordFile, bytes: Uint8Array, onProgress?: (f: number) => void): LoadedGeometry {
  const stream = new PointStream(file);
  for (let at = 0; at < bytes.length; at += WHOLE_FILE_SLICE) {
    stream.push(bytes.subarray(at, at + WHOLE_FILE_SLICE));
    onProgress?.(Math.min(1, (at + WHOLE_FILE_SLICE) / bytes.length));
  }
  return stream.finish();
}
