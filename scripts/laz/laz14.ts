// What every LAZ 1.4 file of point format 7 that the test writers make shares: the records, the
// 375-byte header and LASzip's record (the product's compressor, src/core/io/laz: POINT14 and RGB14,
// and BYTE14 where the records carry extra bytes, chunks of variable size). The writers (writeCopc,
// writeLaz14) choose the chunks.
import { laszipRecordBody, LASZIP_RECORD_ID, LASZIP_USER_ID, VARIABLE_CHUNKS } from '../../src/core/io/laz/laszipRecord';
import { recordBytes, type PointLayout } from '../../src/core/io/laz/layeredChunk';

/** the test writers' records: format 7, with `extraBytes` after its 36 */
export const formatSeven = (extraBytes = 0): PointLayout => ({ rgb: true, nir: false, extraBytes });
export const FORMAT_SEVEN = formatSeven();
export const RECORD_BYTES = recordBytes(FORMAT_SEVEN);

export const HEADER_BYTES = 375;
export const VLR_HEADER_BYTES = 54;
/** LASzip's record body for records with `extraBytes` after format 7's (a third item, BYTE14, where there are any) */
export const laszipVlrBytes = (extraBytes = 0) => laszipRecordBody(formatSeven(extraBytes), VARIABLE_CHUNKS).length;
export const LASZIP_VLR_BYTES = laszipVlrBytes();

export function text(out: Uint8Array, at: number, s: string, length: number): void {
  for (let i = 0; i < Math.min(s.length, length); i++) out[at + i] = s.charCodeAt(i);
}

/**
 * The box of `positions` (metres; doubles where a test writes far coordinates, so not the app's
 * float32 computeBounds), and its middle on the grid of `scale`: the header's offset, which the
 * integers are relative to.
 */
export function boxOf(positions: ArrayLike<number>, scale: number): { min: number[]; max: number[]; center: number[] } {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    min[i % 3] = Math.min(min[i % 3], positions[i]);
    max[i % 3] = Math.max(max[i % 3], positions[i]);
  }
  return { min, max, center: [0, 1, 2].map((k) => Math.round((min[k] + max[k]) / 2 / scale) * scale) };
}

/** The format-7 records of `positions` (metres) and `colors` (0-255) about `center`: one return a pulse, `classes` in the class byte where given, every other field zero. */
export function formatSevenRecords(positions: ArrayLike<number>, colors: ArrayLike<number>, center: number[], scale: number, classes?: ArrayLike<number>): { records: Uint8Array; ints: Int32Array } {
  const n = positions.length / 3;
  const records = new Uint8Array(n * RECORD_BYTES);
  const dv = new DataView(records.buffer);
  const ints = new Int32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const o = i * RECORD_BYTES;
    for (let k = 0; k < 3; k++) {
      ints[i * 3 + k] = Math.round((positions[i * 3 + k] - center[k]) / scale);
      dv.setInt32(o + 4 * k, ints[i * 3 + k], true);
      dv.setUint16(o + 30 + 2 * k, Math.round(colors[i * 3 + k]) * 257, true);
    }
    records[o + 14] = 0x11;
    if (classes) records[o + 16] = classes[i];
  }
  return { records, ints };
}

export interface Header14 {
  pointDataOffset: number;
  records: number;
  scale: number;
  /** the header's offset */
  center: number[];
  min: number[];
  max: number[];
  count: number;
  /** where extended records start and how many there are; none where undefined */
  evlr?: { offset: number; count: number };
  /** bytes a record, where it carries extra bytes after format 7's 36 */
  recordLength?: number;
}

/** The LAS 1.4 header of a LASzip-compressed point format 7 file. */
export function writeHeader14(out: Uint8Array, h: Header14): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  text(out, 0, 'LASF', 4);
  out[24] = 1;
  out[25] = 4;
  text(out, 26, 'pointlens tests', 32);
  text(out, 58, 'pointlens LAZ writer', 32);
  dv.setUint16(94, HEADER_BYTES, true);
  dv.setUint32(96, h.pointDataOffset, true);
  dv.setUint32(100, h.records, true);
  // bit 7: LASzip-compressed, as LASzip marks it
  out[104] = 7 | 0x80;
  dv.setUint16(105, h.recordLength ?? RECORD_BYTES, true);
  for (let k = 0; k < 3; k++) {
    dv.setFloat64(131 + 8 * k, h.scale, true);
    dv.setFloat64(155 + 8 * k, h.center[k], true);
    dv.setFloat64(179 + 16 * k, h.max[k], true);
    dv.setFloat64(187 + 16 * k, h.min[k], true);
  }
  if (h.evlr) {
    dv.setBigUint64(235, BigInt(h.evlr.offset), true);
    dv.setUint32(243, h.evlr.count, true);
  }
  dv.setBigUint64(247, BigInt(h.count), true);
  dv.setBigUint64(255, BigInt(h.count), true);
}

/** LASzip's record at byte `at`, for records with `extraBytes` after format 7's; returns the byte after it. */
export function writeLaszipRecord(out: Uint8Array, at: number, extraBytes = 0): number {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const body = laszipRecordBody(formatSeven(extraBytes), VARIABLE_CHUNKS);
  text(out, at + 2, LASZIP_USER_ID, 16);
  dv.setUint16(at + 18, LASZIP_RECORD_ID, true);
  dv.setUint16(at + 20, body.length, true);
  text(out, at + 22, 'LASzip layered chunked', 32);
  out.set(body, at + VLR_HEADER_BYTES);
  return at + VLR_HEADER_BYTES + body.length;
}

/** A dimension of the extra bytes: its name, its LAS data type (1 to 10) and each source point's value. */
export interface ExtraDimSource {
  name: string;
  type: number;
  values: ArrayLike<number>;
}

/** Bytes of the LAS data types 1 to 10. */
const TYPE_BYTES = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8];

export const extraBytesLength = (dims: readonly ExtraDimSource[]) => dims.reduce((s, d) => s + TYPE_BYTES[d.type], 0);

/** The Extra Bytes record's body (LAS 1.4 R15: 192 bytes a dimension, no scale, offset or no-data value). */
export function extraBytesRecord(dims: readonly ExtraDimSource[]): Uint8Array {
  const body = new Uint8Array(192 * dims.length);
  dims.forEach((d, k) => {
    body[192 * k + 2] = d.type;
    text(body, 192 * k + 4, d.name, 32);
  });
  return body;
}

/** Writes point `i`'s values of `dims` into the record at `at` (the extra bytes start at its byte 36). */
export function writeExtraValues(dv: DataView, at: number, dims: readonly ExtraDimSource[], i: number): void {
  let o = at + RECORD_BYTES;
  for (const { type, values } of dims) {
    const v = values[i];
    if (type === 1) dv.setUint8(o, v);
    else if (type === 2) dv.setInt8(o, v);
    else if (type === 3) dv.setUint16(o, v, true);
    else if (type === 4) dv.setInt16(o, v, true);
    else if (type === 5) dv.setUint32(o, v, true);
    else if (type === 6) dv.setInt32(o, v, true);
    else if (type === 7) dv.setBigUint64(o, BigInt(v), true);
    else if (type === 8) dv.setBigInt64(o, BigInt(v), true);
    else if (type === 9) dv.setFloat32(o, v, true);
    else dv.setFloat64(o, v, true);
    o += TYPE_BYTES[type];
  }
}
