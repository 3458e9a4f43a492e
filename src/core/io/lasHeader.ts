// The header of a LAS 1.0-1.4 file (https://www.asprs.org/divisions-committees/lidar-division/laser-las-file-format-exchange-activities),
// read and checked against the file size before anything is decoded, the layout of its point
// records, and the checks on what was decoded, shared by the whole-file and the streamed readers.
import { plural } from '../format';
import { InputError } from '../types';
import { declaredUnits, type DeclaredUnits } from './lasUnits';
import { EVLR_HEADER_BYTES, evlrPlace, lasEvlrs, lasEvlrsAt, lasVlrs, type LasVlr, type OffsetReader } from './lasVlrs';
import { DESCRIPTOR_BYTES, extraDimsOf, isExtraBytesRecord, type ExtraBytes } from './lasExtraBytes';
import { LAS_POINT_FIELDS } from './lasClasses';
import { LAS_COLOR_FIELDS } from './lasColors';

/** A LAS or LAZ file's signature. */
export const isLas = (b: Uint8Array) => b[0] === 0x4c && b[1] === 0x41 && b[2] === 0x53 && b[3] === 0x46;

const HEADER_SIZE_12 = 227;
/** LAS 1.3 adds where its waveform data start */
const HEADER_SIZE_13 = 235;
/** LAS 1.4 adds its extended records and 64-bit point counts */
const HEADER_SIZE_14 = 375;
/** Bytes a stream waits for before it reads a header: the largest header, LAS 1.4's. */
export const LAS_HEADER_MAX = HEADER_SIZE_14;

/** Where a point record keeps what pointlens reads of it, by point format (spec, "Point Data Record Format 0" to "10"). */
export interface RecordLayout {
  /** bytes of a record; a file's records may be longer (extra bytes), never shorter */
  bytes: number;
  /** red, green, blue, 16 bits each */
  colorAt?: number;
  /** the classification's byte, and the bits of it that are the class */
  classAt: number;
  classBits: number;
  /** the byte of the classification flags (synthetic, key point, withheld, then overlap), from bit `flagShift`, `flags` of them */
  flagsAt: number;
  flagShift: number;
  flags: number;
  /** bits of byte 14 that hold the return's number, the pulse's number of returns in as many above them */
  returnBits: number;
  /** the flight line or scan position a point came from (16 bits) */
  sourceAt: number;
  /** GPS time (a double), in the formats that have it */
  gpsAt?: number;
  /** the byte whose bits 6 and 7 are the scan direction and the edge of flight line */
  scanBitsAt: number;
  /** the scan angle: a signed integer of `scanAngleBytes` bytes, in steps of `scanAngleStep` degrees */
  scanAngleAt: number;
  scanAngleBytes: 1 | 2;
  scanAngleStep: number;
  /** bits 4-5 of the flags byte: the scanner channel, in formats 6-10 */
  channel: boolean;
  /** near infrared (16 bits), in formats 8 and 10 */
  nirAt?: number;
}

/** The byte of every format's user data. */
export const USER_DATA_AT = 17;

// formats 0-5 keep the class in the low 5 bits of byte 15 and three flags above it, and a point's
// return and its pulse's returns in 3 bits each of byte 14; formats 6-10 (LAS 1.4) give the class
// byte 16 whole, four flags the low bits of byte 15, and 4 bits each to the returns
// the scan angle is a whole degree in a signed byte (16) in formats 0-5, a 16-bit count of 0.006°
// (18) in 6-10, which also give the scan direction and edge bits byte 15 and add a scanner channel
const LEGACY = { classAt: 15, classBits: 31, flagsAt: 15, flagShift: 5, flags: 3, returnBits: 3, sourceAt: 18, scanBitsAt: 14, scanAngleAt: 16, scanAngleBytes: 1, scanAngleStep: 1, channel: false } as const;
const EXTENDED = { classAt: 16, classBits: 255, flagsAt: 15, flagShift: 0, flags: 4, returnBits: 4, sourceAt: 20, gpsAt: 22, scanBitsAt: 15, scanAngleAt: 18, scanAngleBytes: 2, scanAngleStep: 0.006, channel: true } as const;
const LAYOUTS: RecordLayout[] = [
  { bytes: 20, ...LEGACY },
  { bytes: 28, gpsAt: 20, ...LEGACY },
  { bytes: 26, colorAt: 20, ...LEGACY },
  { bytes: 34, colorAt: 28, gpsAt: 20, ...LEGACY },
  { bytes: 57, gpsAt: 20, ...LEGACY },
  { bytes: 63, colorAt: 28, gpsAt: 20, ...LEGACY },
  { bytes: 30, ...EXTENDED },
  { bytes: 36, colorAt: 30, ...EXTENDED },
  { bytes: 38, colorAt: 30, nirAt: 36, ...EXTENDED },
  { bytes: 59, ...EXTENDED },
  { bytes: 67, colorAt: 30, nirAt: 36, ...EXTENDED },
];

/** The layout of point format `format`, which `lasHeaderOf` has checked is one of 0 to 10. */
export const recordLayout = (format: number): RecordLayout => LAYOUTS[format];

export interface LasHeader {
  compressed: boolean;
  count: number;
  pointFormat: number;
  headerSize: number;
  /** byte of the first point record */
  dataOffset: number;
  recordLength: number;
  /** the header's point counts by return (1st to 5th, to 15th in LAS 1.4); writers that leave them unset write zeros */
  countsByReturn: number[];
  scale: number[];
  offset: number[];
  min: number[];
  max: number[];
  /** what its projection records say of its unit of length */
  units: DeclaredUnits;
  /** byte at which what follows the points starts (LAS 1.3 and 1.4 waveforms, LAS 1.4 extended records); undefined where nothing does */
  trailerStart?: number;
  /** the dimensions its records carry after their format's own fields, as its Extra Bytes record describes them */
  extra: ExtraBytes;
}

/** LASzip's own record (https://github.com/LASzip/LASzip, laszip.hpp: "laszip encoded", 22204) */
const LASZIP_USER_ID = 'laszip encoded';
const LASZIP_RECORD_ID = 22204;
/** compressors 2 and 3 (layered, for point formats 6-10): points in chunks, each begun afresh, listed in a chunk table after the point data */
export const LASZIP_CHUNKED = [2, 3];
export const LASZIP_VARIABLE_CHUNKS = 0xffffffff;

/** LASzip's compressor and chunk size, from its variable-length record; undefined where there is none. */
export function laszipRecord(bytes: Uint8Array, headerSize: number, dataOffset: number): { compressor: number; chunkSize: number } | undefined {
  const records = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(100, true);
  const laszip = lasVlrs(bytes, headerSize, records, dataOffset).find((r) => r.userId === LASZIP_USER_ID && r.recordId === LASZIP_RECORD_ID && r.body.length >= 16);
  if (!laszip) return undefined;
  const body = new DataView(laszip.body.buffer, laszip.body.byteOffset, laszip.body.byteLength);
  return { compressor: body.getUint16(0, true), chunkSize: body.getUint32(12, true) };
}

/**
 * A chunked LAZ file's points come in chunks, as many as its chunk table (after the points) says,
 * each of the fixed chunk size but the last. The decompressor reads an entry for every chunk the
 * table lists (4 billion of them hang it), and it goes on past the last chunk for as many points
 * as the header declares, decoding bytes that are not points into points that do not exist. So
 * the number of chunks must fit both the declared count and the bytes the chunks take.
 */
export function checkLazChunks(bytes: Uint8Array, { headerSize, dataOffset, count }: LasHeader): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const laszip = laszipRecord(bytes, headerSize, dataOffset);
  if (!laszip || !LASZIP_CHUNKED.includes(laszip.compressor)) return;
  if (dataOffset + 8 > dv.byteLength) throw new InputError(`is truncated: its LAZ point data ends before the chunk table's position`);
  const table = Number(dv.getBigInt64(dataOffset, true));
  // -1: the writer did not say where the table is; the decompressor reads the chunks in order then
  if (table === -1) return;
  if (table < dataOffset + 8 || table + 8 > dv.byteLength) {
    throw new InputError(`has a bad LAZ chunk table position (byte ${table} of ${dv.byteLength}): the file is truncated or corrupt`);
  }
  const chunks = dv.getUint32(table + 4, true);
  const chunkBytes = table - (dataOffset + 8);
  if (chunks > Math.max(1, count) || chunks > chunkBytes) {
    throw new InputError(`has a LAZ chunk table that lists ${chunks} chunks for ${count} points in ${chunkBytes} bytes: the file is corrupt`);
  }
  const { chunkSize } = laszip;
  if (chunkSize === 0 || chunkSize === LASZIP_VARIABLE_CHUNKS) return;
  const expected = Math.ceil(count / chunkSize);
  if (chunks !== expected) {
    throw new InputError(
      `declares ${count} points, which fill ${plural(expected, 'LAZ chunk')} of ${plural(chunkSize, 'point')}, but its LAZ data holds ${plural(chunks, 'chunk')}: the file is truncated or its header is wrong`,
    );
  }
}

/** A header whose counts by return add up to another number than its point count: one of them is wrong, and the file was likely cut or edited. */
export function countWarnings(h: LasHeader): string[] {
  const byReturn = h.countsByReturn.reduce((a, b) => a + b, 0);
  return byReturn > 0 && byReturn !== h.count
    ? [`its header declares ${h.count} points but ${byReturn} by return; the file may be truncated or its header wrong`]
    : [];
}

/**
 * The header of a LAS or LAZ file from its first `LAS_HEADER_MAX` bytes or more (fewer where that
 * is the whole file), checked against the file's size (`fileBytes`, the bytes' length where they
 * are the whole file). `evlrs`: its extended records read apart from `bytes` (extraBytesEvlrsAt),
 * where the file is read as it comes.
 */
export function lasHeaderOf(bytes: Uint8Array, fileBytes = bytes.length, evlrs?: LasVlr[]): LasHeader {
  if (fileBytes < HEADER_SIZE_12) throw new InputError(`is truncated: a LAS header takes ${HEADER_SIZE_12} bytes, the file has ${fileBytes}`);
  // a .las/.laz name brings a file here without its signature
  if (!isLas(bytes)) throw new InputError('does not start with the LAS signature "LASF": it is not a LAS or LAZ file');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = dv.getUint8(24);
  const minor = dv.getUint8(25);
  if (major !== 1 || minor > 4) throw new InputError(`is LAS ${major}.${minor}; pointlens reads LAS 1.0 to 1.4`);
  const headerSize = dv.getUint16(94, true);
  const extended = minor === 4;
  if (extended && (fileBytes < HEADER_SIZE_14 || bytes.length < HEADER_SIZE_14)) throw new InputError(`is truncated: a LAS 1.4 header takes ${HEADER_SIZE_14} bytes, the file has ${fileBytes}`);
  const formatByte = dv.getUint8(104);
  const compressed = (formatByte & 0xc0) !== 0;
  const pointFormat = formatByte & 0x3f;
  if (pointFormat >= LAYOUTS.length) throw new InputError(`uses LAS point format ${pointFormat}, which the LAS specification does not define (it defines 0 to ${LAYOUTS.length - 1})`);
  const dataOffset = dv.getUint32(96, true);
  const recordLength = dv.getUint16(105, true);
  const u64 = (at: number) => Number(dv.getBigUint64(at, true));
  // LAS 1.4 counts in 64 bits, and leaves the 32-bit legacy count at zero where it cannot hold it
  const count = (extended && u64(247)) || dv.getUint32(107, true);
  const least = extended ? HEADER_SIZE_14 : HEADER_SIZE_12;
  if (headerSize < least) throw new InputError(`has a bad LAS header: it says it takes ${headerSize} bytes, but a LAS 1.${minor} header takes ${least}`);
  if (dataOffset < headerSize || dataOffset > fileBytes) {
    throw new InputError(`has a bad LAS header: its points start at byte ${dataOffset}, which is not between the end of its ${headerSize}-byte header and the end of the file (${fileBytes} bytes)`);
  }
  const layout = LAYOUTS[pointFormat];
  if (recordLength < layout.bytes) {
    throw new InputError(`has a bad LAS header: its point records are ${recordLength} bytes, but format ${pointFormat} takes ${layout.bytes}`);
  }
  if (!compressed && dataOffset + count * recordLength > fileBytes) {
    throw new InputError(
      `declares ${count} points (${count * recordLength} bytes from byte ${dataOffset}), but the file has ${fileBytes} bytes: it is truncated or its header is wrong`,
    );
  }
  const f64 = (at: number) => dv.getFloat64(at, true);
  const scale = [0, 1, 2].map((k) => f64(131 + 8 * k));
  // coordinates are integers times the scale: a scale of 0 puts every point at the offset
  if (!scale.every((s) => Number.isFinite(s) && s !== 0)) {
    throw new InputError(`has a bad LAS header: its x, y, z scale factors are ${scale.join(', ')}; each must be a finite number other than 0`);
  }
  const countsByReturn = extended ? Array.from({ length: 15 }, (_, k) => u64(255 + 8 * k)) : [0, 1, 2, 3, 4].map((k) => dv.getUint32(111 + 4 * k, true));
  const extraRecord = extraBytesRecordOf(bytes, headerSize, dataOffset, extended, evlrs);
  // what follows the points and is not points: waveforms (LAS 1.3 and 1.4), extended records (1.4)
  const trailers = [minor >= 3 && headerSize >= HEADER_SIZE_13 && bytes.length >= HEADER_SIZE_13 ? u64(227) : 0, extended ? u64(235) : 0].filter((at) => at > 0);
  return {
    compressed,
    count,
    pointFormat,
    headerSize,
    dataOffset,
    recordLength,
    countsByReturn,
    scale,
    offset: [0, 1, 2].map((k) => f64(155 + 8 * k)),
    max: [0, 1, 2].map((k) => f64(179 + 16 * k)),
    min: [0, 1, 2].map((k) => f64(187 + 16 * k)),
    units: declaredUnits(bytes, headerSize, dv.getUint32(100, true), dataOffset),
    ...(trailers.length && { trailerStart: Math.min(...trailers) }),
    extra: extraDimsOf(extraRecord.body, layout.bytes, recordLength, [...LAS_POINT_FIELDS, ...LAS_COLOR_FIELDS], extraRecord.evlrsUnread),
  };
}

/**
 * The body of the Extra Bytes record: among the records before the points or, as LAS 1.4 allows,
 * among the extended records after them, where `bytes` (the file's from its first) reach them (a
 * file read whole) or they were read apart (`evlrs`); not in the first bytes of a file read as it
 * comes without them (`evlrsUnread` then).
 */
function extraBytesRecordOf(bytes: Uint8Array, headerSize: number, dataOffset: number, extended: boolean, evlrs?: LasVlr[]): { body?: Uint8Array; evlrsUnread: boolean } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const inVlrs = lasVlrs(bytes, headerSize, dv.getUint32(100, true), dataOffset).find(isExtraBytesRecord);
  if (inVlrs || !extended) return { body: inVlrs?.body, evlrsUnread: false };
  const place = evlrPlace(bytes);
  if (!place || place.offset < dataOffset) return { evlrsUnread: false };
  if (evlrs) return { body: evlrs.find(isExtraBytesRecord)?.body, evlrsUnread: false };
  return { body: lasEvlrs(bytes, place.offset, place.count).find(isExtraBytesRecord)?.body, evlrsUnread: place.offset + EVLR_HEADER_BYTES > bytes.length };
}

/** A record's extra bytes number at most 65535, each described at most once: descriptors past as many are not read. */
const EXTRA_BYTES_BODY_MAX = DESCRIPTOR_BYTES * 65536;

/**
 * The Extra Bytes record among the extended records of the LAS 1.4 file whose first bytes are
 * `head`, read at their offset by `read` (see lasEvlrsAt), to be given to lasHeaderOf.
 */
export const extraBytesEvlrsAt = (head: Uint8Array, read: OffsetReader, fileBytes: number): Promise<LasVlr[] | undefined> =>
  lasEvlrsAt(head, read, fileBytes, isExtraBytesRecord, EXTRA_BYTES_BODY_MAX);

/** Whether the header declares a box: finite, not inside out, and not left at zero (some writers leave it unset). */
export function declaresBox(h: Pick<LasHeader, 'min' | 'max'>): boolean {
  const valid = [0, 1, 2].every((k) => Number.isFinite(h.min[k]) && Number.isFinite(h.max[k]) && h.min[k] <= h.max[k]);
  return valid && [...h.min, ...h.max].some((v) => v !== 0);
}

/**
 * Points outside the bounding box the header declares (beyond one step of the coordinate grid and
 * float32 rounding) were decoded from bytes that are not theirs: a LAZ header that declares more
 * points than its data holds makes the decoder invent them. Those are dropped, and said, unless
 * they are most of the file: then the box is stale, not the points (lasRecords). A header whose box
 * is empty or all zero (some writers leave it unset) is not checked.
 */
export function pointsOutsideHeaderBox(positions: Float32Array, h: Pick<LasHeader, 'min' | 'max' | 'scale'>, origin: readonly number[] = [0, 0, 0]): Uint8Array | null {
  if (!declaresBox(h)) return null;
  // the box in the positions' frame (less the origin they are kept relative to)
  const min = h.min.map((v, k) => v - origin[k]);
  const max = h.max.map((v, k) => v - origin[k]);
  const tol = [0, 1, 2].map((k) => Math.abs(h.scale[k]) + (Math.abs(min[k]) + Math.abs(max[k])) * 2 ** -22);
  const n = positions.length / 3;
  let outside: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i * 3 + k];
      if (v < min[k] - tol[k] || v > max[k] + tol[k]) {
        outside ??= new Uint8Array(n);
        outside[i] = 1;
      }
    }
  }
  return outside;
}

