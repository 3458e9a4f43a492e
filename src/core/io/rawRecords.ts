// Headerless binary point records (.bin): little-endian float32 values, the same number for every
// point, and nothing else. KITTI's velodyne scans are x y z intensity; an (N, C) array written with
// numpy's tofile (ScanNet's unlabelled scans: x y z r g b) is the same thing. The file does not say
// how many values a point has, so the reader finds it: under the right count each column holds one
// kind of value all the way down, and under a wrong one a column steps through several (x, then r,
// then z, ...), so the rows of one phase of that cycle differ from those of another. That test does
// not depend on the order of the points, which is lost in sampled dumps. It looks at rows spread
// through the file, read by range, so that a file read as a stream (the command line's) is known
// before its records come.
import { formatCount } from '../format';
import { InputError, type InputFile, type PointCloud } from '../types';
import type { FormatLoader, LoadedGeometry } from './loader';
import { checkBudget } from './limits';
import { cloudFromColumns, fieldOf, guessColumns, type Columns } from './pointColumns';
import { eightBitColors } from './colorDepth';
import { firstValues, type RecordFile, type RecordSink } from './recordStream';
import { withKittiLabels } from './semanticKitti';
import { APP_TERMS, type CompanionTerms } from './companionTerms';

/** Values a point may have: x y z and up to 13 more. */
export const RECORD_VALUES: [number, number] = [3, 16];
/** Rows looked at per candidate count: blocks of consecutive rows spread through the file. */
const SAMPLE_BLOCKS = 64;
const BLOCK_ROWS = 256;
/** Cycles a wrong count can put a column through, looked for by comparing the rows of each phase. */
const PHASES = [2, 3, 4, 5, 6, 7, 8];
/**
 * The most a column's phases may differ, as a Kruskal-Wallis statistic in standard deviations of
 * its chi-square law past its mean, for the column to count as one kind of value. Where the phases
 * hold one kind of value that law holds whatever the values' distribution (past 8 by chance: about
 * one test in 2,000 with two phases, one in 200,000 with eight). Measured on ScanNet's two unlabelled dumps (the right count
 * under 4.5, the wrong ones past 4,000) and on five S3DIS rooms thinned to 800-1,500 points, as
 * x y z, x y z r g b, and x y z with an intensity made of their grey (right under 4.5, wrong past
 * 12.9; x y z alone is the hardest, a wrong count mixing only coordinates). Below about a thousand
 * points the two come close (at 300, 3.4 and 4.5), and x y z with normals of a shape in the unit
 * sphere, whose columns all spread alike, is not told from x y z alone: the warning names the
 * count read.
 */
export const MIXED = 8;
/** Magnitudes no coordinate has: other data read as float32 (bytes, integers, text) lands mostly outside them. */
const PLAUSIBLE = [1e-30, 1e9];
/** The share of sampled values outside those magnitudes past which the file holds no floats at all. */
const IMPLAUSIBLE_SHARE = 0.01;

/** The sampled rows' global indices (blocks of consecutive rows, so that every phase is in each block). */
function sampledRows(rows: number): number[] {
  if (rows <= SAMPLE_BLOCKS * BLOCK_ROWS) return Array.from({ length: rows }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < SAMPLE_BLOCKS; b++) {
    const start = Math.floor((b * (rows - BLOCK_ROWS)) / (SAMPLE_BLOCKS - 1));
    for (let i = 0; i < BLOCK_ROWS; i++) out.push(start + i);
  }
  return out;
}

/** Values of a file's rows read by range: `count` values from value `first` on. */
export type ValuesAt = (first: number, count: number) => Float32Array;

/** The rows looked at under a count of values a point: their indices in the file, and their values, `cols` a row. */
interface RowSample {
  rows: number[];
  values: Float32Array;
}

/** The sampled rows of a file of `total` values, `cols` a row, read a block at a time. */
function rowSample(valuesAt: ValuesAt, total: number, cols: number): RowSample {
  const rows = sampledRows(Math.floor(total / cols));
  const values = new Float32Array(rows.length * cols);
  for (let k = 0; k < rows.length; k += BLOCK_ROWS) {
    const block = rows.slice(k, k + BLOCK_ROWS);
    values.set(valuesAt(block[0] * cols, block.length * cols).subarray(0, block.length * cols), k * cols);
  }
  return { rows, values };
}

/** A whole file's values, read by range. */
const wholeValues = (values: Float32Array): ValuesAt => (first, count) => values.subarray(first, first + count);

/**
 * How far apart the phases of a column's sampled rows lie: for each cycle length p looked for, the
 * Kruskal-Wallis H of the p phases (ranks, ties averaged and corrected for), as (H - df) / sqrt(2 df)
 * with df = p - 1; the worst over the cycles.
 */
function sampleMixing({ rows, values }: RowSample, cols: number, column: number): number {
  const sample = rows.map((_, k) => k).filter((k) => Number.isFinite(values[k * cols + column]));
  const n = sample.length;
  if (n < 16) return 0;
  const order = sample.map((_, k) => k).sort((a, b) => values[sample[a] * cols + column] - values[sample[b] * cols + column]);
  const rank = new Float64Array(n);
  let ties = 0;
  for (let lo = 0; lo < n; ) {
    let hi = lo + 1;
    const v = values[sample[order[lo]] * cols + column];
    while (hi < n && values[sample[order[hi]] * cols + column] === v) hi++;
    for (let k = lo; k < hi; k++) rank[order[k]] = (lo + hi + 1) / 2;
    const t = hi - lo;
    ties += t * t * t - t;
    lo = hi;
  }
  const tieCorrection = 1 - ties / (n * n * n - n);
  // one value all the way down: nothing to tell phases apart by
  if (tieCorrection <= 0) return 0;
  let worst = 0;
  for (const p of PHASES) {
    if (n < p * 8) break;
    const sums = new Float64Array(p), counts = new Float64Array(p);
    sample.forEach((s, k) => {
      const i = rows[s];
      sums[i % p] += rank[k];
      counts[i % p]++;
    });
    let h = 0;
    for (let g = 0; g < p; g++) if (counts[g]) h += (sums[g] * sums[g]) / counts[g];
    h = ((12 / (n * (n + 1))) * h - 3 * (n + 1)) / tieCorrection;
    worst = Math.max(worst, (h - (p - 1)) / Math.sqrt(2 * (p - 1)));
  }
  return worst;
}

/** How far apart the phases of a column's rows lie, `cols` values a row (sampleMixing). */
export function columnMixing(values: Float32Array, cols: number, column: number): number {
  return sampleMixing(rowSample(wholeValues(values), values.length, cols), cols, column);
}

/** The counts of values a point that the file's size allows, from the fewest. */
export function countsBySize(values: number): number[] {
  const out: number[] = [];
  for (let cols = RECORD_VALUES[0]; cols <= RECORD_VALUES[1]; cols++) if (values % cols === 0) out.push(cols);
  return out;
}

/**
 * The fewest values a point under which every column holds one kind of value (a multiple of the
 * right count keeps its columns pure too, so the fewest is the right one), or undefined where none
 * does, of a file of `total` values. A wrong count mostly shows in its first column, so it is given
 * up at its first mixed one.
 */
function countOf(valuesAt: ValuesAt, total: number): number | undefined {
  for (const cols of countsBySize(total)) {
    const sample = rowSample(valuesAt, total, cols);
    let pure = true;
    for (let c = 0; c < cols && pure; c++) pure = sampleMixing(sample, cols, c) <= MIXED;
    if (pure) return cols;
  }
  return undefined;
}

/** The count of values a point that `values` show (countOf), or undefined. */
export const recordCount = (values: Float32Array) => countOf(wholeValues(values), values.length);

function asFloats(bytes: Uint8Array): Float32Array {
  // a view needs 4-byte alignment; an unaligned slice of a larger buffer is copied once
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/** The share of sampled finite values outside PLAUSIBLE (zero is plausible; NaN rows are dropped later, with a word, as in every format). */
function implausibleShare(values: Float32Array): number {
  const step = Math.max(1, Math.floor(values.length / 65_536));
  let seen = 0, odd = 0;
  for (let i = 0; i < values.length; i += step) {
    const a = Math.abs(values[i]);
    if (!Number.isFinite(a)) continue;
    seen++;
    if (a !== 0 && !(a >= PLAUSIBLE[0] && a <= PLAUSIBLE[1])) odd++;
  }
  return seen ? odd / seen : 0;
}

/** What a .bin alone is read as, for its refusals, and what to do with a glTF's buffer in the front end's `terms`. */
const notRecords = (terms: CompanionTerms) =>
  `pointlens reads a .bin alone as a headerless float32 array of points (KITTI's velodyne scans: x y z intensity; an (N, C) array written with numpy's tofile); a glTF's buffer is read with its .gltf: ${terms.together('the buffer', 'its .gltf')}`;

/** The count of values a point the sampled values show, or a refusal that says why there is none. */
function foundCount(valuesAt: ValuesAt, total: number, terms: CompanionTerms): number {
  const candidates = countsBySize(total);
  if (!candidates.length) {
    throw new InputError(
      `holds ${formatCount(total)} float32 values, which no count of ${RECORD_VALUES[0]} to ${RECORD_VALUES[1]} values a point divides; ${notRecords(terms)}`,
    );
  }
  const cols = countOf(valuesAt, total);
  if (cols === undefined) {
    throw new InputError(
      `does not read as point records: under every count of values a point its size allows (${candidates.join(', ')}), some column mixes values of different kinds; ${notRecords(terms)}`,
    );
  }
  return cols;
}

/**
 * The values a point of a file of `bytes` bytes, read by range: `chosen` where the person gave the
 * count, else the count its values show; refused where they hold no float32 points. `plausible`:
 * values spread through the file, to tell floats from other data by.
 */
function valuesPerPoint(valuesAt: ValuesAt, bytes: number, plausible: Float32Array, chosen: number | undefined, terms: CompanionTerms): number {
  if (bytes % 4 !== 0) {
    throw new InputError(`is ${bytes} bytes, not a whole number of float32 values; ${notRecords(terms)}`);
  }
  const total = bytes / 4;
  const odd = implausibleShare(plausible);
  if (odd > IMPLAUSIBLE_SHARE) {
    throw new InputError(`does not hold float32 coordinates: ${(100 * odd).toFixed(0)}% of its values are too large or too close to 0 to be coordinates; ${notRecords(terms)}`);
  }
  if (chosen !== undefined && total % chosen !== 0) {
    throw new InputError(`holds ${formatCount(total)} float32 values, which cannot be points of ${chosen} values each (the count chosen): ${formatCount(total)} is not a multiple of ${chosen}`);
  }
  return chosen ?? foundCount(valuesAt, total, terms);
}

/** Which columns are which, from `rows` rows of `cols` values. */
function layoutOf(values: Float32Array, rows: number, cols: number): Columns {
  const layout = guessColumns(values, rows, cols);
  // KITTI's fourth value is the return's intensity, and four-value records in the wild are its layout
  if (cols === 4 && layout.fields.length === 1) layout.fields[0].name = 'intensity';
  return layout;
}

/** What the reader says of a file without a header: how it read its `rows` points. */
function headerlessNote(rows: number, cols: number, layout: Columns, chosen: number | undefined): string {
  const named = [
    'x y z',
    layout.normal && 'a normal',
    layout.color && 'a colour',
    ...layout.fields.map((f) => f.name),
  ].filter(Boolean);
  const why = chosen === undefined ? 'the count under which every column holds one kind of value' : 'the count chosen';
  return `has no header: read as ${formatCount(rows)} points of ${cols} float32 values each (${named.join(', ')}), ${why}`;
}

/**
 * The records of `bytes`, `chosen` values a point where the person gave the count (else the count
 * the values show), with the SemanticKITTI labels among `companions` where one is of its name;
 * `terms`: how a refusal asks for a glTF buffer's .gltf.
 */
export function parseRawRecords(bytes: Uint8Array, name = '', companions: readonly InputFile[] = [], chosen?: number, terms = APP_TERMS): LoadedGeometry {
  const values = bytes.length % 4 === 0 ? asFloats(bytes) : new Float32Array(0);
  const cols = valuesPerPoint(wholeValues(values), bytes.length, values, chosen, terms);
  const rows = values.length / cols;
  checkBudget(rows, 12 + 4 * (cols - 3), 'points');
  const layout = layoutOf(values, rows, cols);
  const notes: string[] = [];
  const labelled = withKittiLabels(cloudFromColumns(values, rows, cols, layout, undefined, notes), name, companions, bytes.length);
  return { data: labelled.cloud, warnings: [...labelled.warnings, ...notes, headerlessNote(rows, cols, layout, chosen)] };
}

/**
 * A file of `bytes` bytes as records for the streamed reader (recordStream), read by range to find
 * its count of values a point (`chosen` where given) and which columns are which: from rows spread
 * through the file where it is too large to look at every one. A record is kept as its values
 * until the end, then read as parseRawRecords reads them.
 */
export function rawRecordFile(valuesAt: ValuesAt, bytes: number, chosen?: number, terms = APP_TERMS): RecordFile {
  const plausible = bytes % 4 === 0 ? rowSample(valuesAt, bytes / 4, 1).values : new Float32Array(0);
  const cols = valuesPerPoint(valuesAt, bytes, plausible, chosen, terms);
  const count = bytes / 4 / cols;
  const sample = rowSample(valuesAt, bytes / 4, cols);
  const layout = layoutOf(sample.values, sample.rows.length, cols);
  // its values as floats while reading, then as many again at most where integer fields and colours are made of them
  const bytesPerPoint = 4 * cols + 4 * (cols - 3);
  const { normal, color, fields } = layout;
  const sink = (capacity: number): RecordSink => {
    checkBudget(capacity, bytesPerPoint, 'points');
    const positions = new Float32Array(capacity * 3);
    const normals = normal && new Float32Array(capacity * 3);
    // the colours' values as the file has them, until all are in: their largest says whether they are 0..1 or 0..255
    const colors = color && new Float32Array(capacity * 3);
    const values = fields.map(() => new Float32Array(capacity));
    const triple = (array: Float32Array, at: number[], dv: DataView, p: number, i: number) => {
      for (let k = 0; k < 3; k++) array[3 * i + k] = dv.getFloat32(p + 4 * at[k], true);
    };
    const fieldBytes = fields.map((f) => 4 * f.column);
    return {
      positions,
      read(dv, start, stride, rows, at) {
        for (let r = 0, p = start, i = at; r < rows; r++, p += stride, i++) {
          triple(positions, layout.position, dv, p, i);
          if (normals) triple(normals, normal!, dv, p, i);
          if (colors) triple(colors, color!, dv, p, i);
          for (let f = 0; f < fieldBytes.length; f++) values[f][i] = dv.getFloat32(p + fieldBytes[f], true);
        }
      },
      columns: () => [positions, normals, colors].flatMap((array) => (array ? [{ array, width: 3 }] : [])).concat(values.map((array) => ({ array, width: 1 }))),
      colorsOf: (points) => colors && eightBitColors(colors, points.length * 3, (i) => 3 * points[Math.floor(i / 3)] + (i % 3), 'unsaid'),
      finish(kept) {
        const notes: string[] = [];
        const cloud: PointCloud = {
          kind: 'points',
          positions: firstValues(positions, 3 * kept),
          ...(normals && { normals: firstValues(normals, 3 * kept) }),
          ...(colors && { colors: eightBitColors(colors, 3 * kept, (i) => i, 'unsaid', notes) }),
          fields: Object.fromEntries(fields.map((f, k) => [f.name, fieldOf(firstValues(values[k], kept))])),
        };
        return { data: cloud, warnings: [...notes, headerlessNote(count, cols, layout, chosen)] };
      },
    };
  };
  return { bodyStart: 0, count, recordBytes: 4 * cols, bytesPerPoint, noun: 'points', sink };
}

export const rawRecordsLoader: FormatLoader = {
  id: 'bin',
  name: 'Headerless float32',
  extensions: ['.bin'],
  strong: false,
  sniff: () => false,
  parse: (bytes, context) => parseRawRecords(bytes, context.name, context.companions, context.recordValues, context.terms),
};
