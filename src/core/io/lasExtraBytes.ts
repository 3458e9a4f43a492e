// The extra bytes a LAS point record may carry after its format's own fields, as the file's Extra
// Bytes record describes them (LAS 1.4 R15, "Extra Bytes", user id LASF_Spec, record id 4: 192
// bytes a dimension). Vendors and datasets keep per-point measures there (amplitude, reflectance,
// deviation, height above ground) and, in some labelled sets, the labels themselves.
import type { ScalarArray } from '../types';
import { plural } from '../format';

const EXTRA_BYTES_USER_ID = 'LASF_Spec';
const EXTRA_BYTES_RECORD_ID = 4;
export const DESCRIPTOR_BYTES = 192;

/** Whether a record (a VLR, or in LAS 1.4 an EVLR) is the Extra Bytes record. */
export const isExtraBytesRecord = (r: { userId: string; recordId: number }) => r.userId === EXTRA_BYTES_USER_ID && r.recordId === EXTRA_BYTES_RECORD_ID;

/** Bytes of each data type the spec numbers 1 to 10 (unsigned and signed 8, 16, 32, 64 bits, float, double). */
const TYPE_BYTES = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8];
/** types 11 to 30, deprecated by LAS 1.4 R15: 2 or 3 values of type (t - 11) % 10 + 1 */
const ARRAY_TYPES = { first: 11, last: 30 };

/** One described dimension, as pointlens reads it. */
export interface ExtraDim {
  /** the field's name: the descriptor's, made a safe attribute name */
  name: string;
  /** byte of the record at which the value starts */
  at: number;
  /** the spec's data type, 1 to 10 */
  type: number;
  /** value = stored * scale + offset, where the descriptor says either */
  scale: number;
  offset: number;
  scaled: boolean;
  /** the stored value that means "no value", where the descriptor gives one */
  noData?: number;
}

export interface ExtraBytes {
  dims: ExtraDim[];
  warnings: string[];
}

const NOTHING: ExtraBytes = { dims: [], warnings: [] };

/** A stored value of `type` at byte `at`; 64-bit integers as the nearest double. */
export function readTyped(dv: DataView, at: number, type: number): number {
  switch (type) {
    case 1: return dv.getUint8(at);
    case 2: return dv.getInt8(at);
    case 3: return dv.getUint16(at, true);
    case 4: return dv.getInt16(at, true);
    case 5: return dv.getUint32(at, true);
    case 6: return dv.getInt32(at, true);
    case 7: return Number(dv.getBigUint64(at, true));
    case 8: return Number(dv.getBigInt64(at, true));
    case 9: return dv.getFloat32(at, true);
    default: return dv.getFloat64(at, true);
  }
}

const INT_ARRAYS: Record<number, new (n: number) => ScalarArray> = { 1: Uint8Array, 2: Int8Array, 3: Uint16Array, 4: Int16Array, 5: Uint32Array, 6: Int32Array };

/** The array a dimension's values are kept in: its own integer type where they are stored as they are, floats where they are not. */
export function extraArray(d: ExtraDim, n: number): ScalarArray {
  if (!d.scaled && d.noData === undefined && INT_ARRAYS[d.type]) return new INT_ARRAYS[d.type](n);
  // a float stays a float; a double, a 64-bit integer or a scaled value needs a double's 53 bits
  return d.type === 9 && !d.scaled ? new Float32Array(n) : new Float64Array(n);
}

/** Bytes a point takes in the arrays of `dims`. */
export const extraBytesPerPoint = (dims: readonly ExtraDim[]) => dims.reduce((s, d) => s + extraArray(d, 0).BYTES_PER_ELEMENT, 0);

/** A descriptor's name as an attribute name: letters, digits and underscores, not one already taken. */
function fieldName(raw: string, taken: Set<string>): string {
  const base = raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'extra';
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

/**
 * The extra dimensions of records of `recordLength` bytes whose format takes `standardBytes`, as
 * the Extra Bytes record's `body` describes them (undefined where the file has none, or where
 * `evlrsUnread`: none was among the records read, and those after the points were not). `taken`:
 * the names of the fields read already. Bytes no descriptor covers, and dimensions pointlens does
 * not read, are said.
 */
export function extraDimsOf(body: Uint8Array | undefined, standardBytes: number, recordLength: number, taken: readonly string[], evlrsUnread = false): ExtraBytes {
  const extra = recordLength - standardBytes;
  if (extra <= 0) return NOTHING;
  const unread = evlrsUnread ? ' before the points (those after them were not read, as the file was read as it came)' : '';
  if (!body) return { dims: [], warnings: [`its point records have ${plural(extra, 'extra byte')} that no Extra Bytes record${unread} describes; ${extra === 1 ? 'it was' : 'they were'} not read`] };
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const names = new Set(taken);
  const dims: ExtraDim[] = [];
  const skipped: string[] = [];
  let at = standardBytes;
  for (let d = 0; (d + 1) * DESCRIPTOR_BYTES <= body.length; d++) {
    const o = d * DESCRIPTOR_BYTES;
    const type = dv.getUint8(o + 2);
    const options = dv.getUint8(o + 3);
    const raw = new TextDecoder('latin1').decode(body.subarray(o + 4, o + 36)).replace(/\0.*$/s, '');
    const size = type === 0 ? options : type <= 10 ? TYPE_BYTES[type] : type <= ARRAY_TYPES.last ? TYPE_BYTES[((type - ARRAY_TYPES.first) % 10) + 1] * (type <= 20 ? 2 : 3) : -1;
    if (size < 0) {
      skipped.push(`"${raw}" (data type ${type}, which the spec does not define) and the bytes after it`);
      at = recordLength;
      break;
    }
    if (at + size > recordLength) {
      skipped.push(`"${raw}" and those after it (they describe more bytes than the records' ${extra} extra)`);
      break;
    }
    if (type === 0 || type > 10) {
      skipped.push(`"${raw}" (${type === 0 ? `${size} undocumented bytes` : 'an array type, deprecated by LAS 1.4'})`);
    } else {
      const scaled = (options & 0b11000) !== 0;
      const scale = options & 0b1000 ? dv.getFloat64(o + 112, true) : 1;
      const offset = options & 0b10000 ? dv.getFloat64(o + 136, true) : 0;
      // the no-data value is stored as the type's widest: an integer as 64 bits, a float as a double
      const noData = options & 1 ? (type <= 8 ? (type % 2 ? Number(dv.getBigUint64(o + 40, true)) : Number(dv.getBigInt64(o + 40, true))) : dv.getFloat64(o + 40, true)) : undefined;
      if (!Number.isFinite(scale) || scale === 0 || !Number.isFinite(offset)) {
        skipped.push(`"${raw}" (its scale ${scale} or offset ${offset} is not a finite number, the scale not 0)`);
      } else {
        dims.push({ name: fieldName(raw, names), at, type, scale, offset, scaled, ...(noData !== undefined && { noData }) });
      }
    }
    at += size;
  }
  const warnings = skipped.length ? [`its Extra Bytes record describes ${skipped.join(', ')}, which pointlens does not read`] : [];
  if (at < recordLength && !skipped.length) warnings.push(`its point records have ${plural(recordLength - at, 'extra byte')} after those its Extra Bytes record describes; ${recordLength - at === 1 ? 'it was' : 'they were'} not read`);
  return { dims, warnings };
}
