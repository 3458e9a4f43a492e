// PCD, the Point Cloud Library's format (https://pointclouds.org/documentation/tutorials/pcd_file_format.html):
// ascii, binary and binary_compressed. Our own reader rather than loaders.gl's PCDLoader, which
// drops intensity and label, swaps packed colours to BGR, reads compressed colours as 0, assumes a
// fixed field order in compressed bodies and reads past the end of truncated ones.
import { plural } from '../format';
import { InputError, type PointCloud, type ScalarArray } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { progressReporter } from './loader';
import { ByteScanner, countLines } from './scanner';
import { decompressLzf } from './lzf';
import { textBody } from './text';
import { MAX_ATTRIBUTES, checkBudget } from './limits';
import { bytesLeftOut, linesLeftOut } from './leftOut';
import { precisionWarnings } from './precision';
import { originOfPoints, shiftNote } from './shift';

interface PcdField {
  name: string;
  size: number;
  type: 'I' | 'U' | 'F';
  count: number;
}

interface PcdHeader {
  fields: PcdField[];
  points: number;
  data: 'ascii' | 'binary' | 'binary_compressed';
  bodyStart: number;
}

const HEADER_KEYS = ['VERSION', 'FIELDS', 'SIZE', 'TYPE', 'COUNT', 'WIDTH', 'HEIGHT', 'VIEWPOINT', 'POINTS', 'DATA'];

function isPcd(b: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 256));
  const first = head.split('\n').find((l) => l.trim() && !l.startsWith('#'));
  return /^# \.PCD/.test(head) || (!!first && /^(VERSION|FIELDS)\s/.test(first));
}

function parseHeader(bytes: Uint8Array): PcdHeader {
  const values: Record<string, string[]> = {};
  let pos = 0;
  while (pos < bytes.length && !values.DATA) {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = bytes.length;
    const line = new TextDecoder('latin1').decode(bytes.subarray(pos, end)).trim();
    pos = end + 1;
    if (!line || line.startsWith('#')) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (!HEADER_KEYS.includes(key.toUpperCase())) throw new InputError(`has an unknown PCD header line "${line.slice(0, 60)}"`);
    values[key.toUpperCase()] = rest;
  }
  for (const key of ['FIELDS', 'SIZE', 'TYPE', 'DATA']) {
    if (!values[key]) throw new InputError(`has no ${key} line in its PCD header`);
  }
  const names = values.FIELDS;
  const counts = values.COUNT ?? names.map(() => '1');
  if (values.SIZE.length !== names.length || values.TYPE.length !== names.length || counts.length !== names.length) {
    throw new InputError('has a PCD header whose FIELDS, SIZE, TYPE and COUNT lines do not match');
  }
  const fields = names.map((name, i): PcdField => {
    const size = Number(values.SIZE[i]);
    const type = values.TYPE[i].toUpperCase();
    const count = Number(counts[i]);
    if (![1, 2, 4, 8].includes(size) || !['I', 'U', 'F'].includes(type) || (type === 'F' && size < 4) || !(Number.isInteger(count) && count > 0)) {
      throw new InputError(`has a PCD field "${name}" of unknown type ${type}${size} x ${counts[i]}`);
    }
    return { name, size, type: type as PcdField['type'], count };
  });
  const points = values.POINTS ? Number(values.POINTS[0]) : Number(values.WIDTH?.[0]) * Number(values.HEIGHT?.[0] ?? 1);
  if (!Number.isSafeInteger(points) || points < 0) throw new InputError('has no valid POINTS (or WIDTH and HEIGHT) in its PCD header');
  const data = values.DATA[0]?.toLowerCase();
  if (data !== 'ascii' && data !== 'binary' && data !== 'binary_compressed') throw new InputError(`has an unknown PCD DATA kind "${values.DATA[0]}"`);
  return { fields, points, data, bodyStart: pos };
}

function arrayFor(f: PcdField, n: number): ScalarArray {
  if (f.type === 'F') return f.size === 8 ? new Float64Array(n) : new Float32Array(n);
  if (f.size === 8) return new Float64Array(n);
  const signed = f.type === 'I';
  if (f.size === 1) return signed ? new Int8Array(n) : new Uint8Array(n);
  if (f.size === 2) return signed ? new Int16Array(n) : new Uint16Array(n);
  return signed ? new Int32Array(n) : new Uint32Array(n);
}

function readValue(dv: DataView, p: number, f: PcdField): number {
  if (f.type === 'F') return f.size === 8 ? dv.getFloat64(p, true) : dv.getFloat32(p, true);
  const signed = f.type === 'I';
  switch (f.size) {
    case 1:
      return signed ? dv.getInt8(p) : dv.getUint8(p);
    case 2:
      return signed ? dv.getInt16(p, true) : dv.getUint16(p, true);
    case 4:
      return signed ? dv.getInt32(p, true) : dv.getUint32(p, true);
    default:
      return Number(signed ? dv.getBigInt64(p, true) : dv.getBigUint64(p, true));
  }
}

/** One column per field component, named `name` (or `name_k` when COUNT > 1). */
interface Column {
  name: string;
  field: PcdField;
  /** component index within the field */
  k: number;
  values: ScalarArray;
}

const isPackedColor = (f: PcdField) => (f.name === 'rgb' || f.name === 'rgba') && f.size === 4;

/**
 * The fields whose values are kept, in file order, until MAX_ATTRIBUTES values a point: a wide
 * descriptor (PCL's VFH has 308) is skipped with a warning rather than becoming hundreds of fields.
 */
function keptFields(fields: PcdField[], warnings: string[]): PcdField[] {
  let width = 0;
  return fields.filter((f) => {
    if (width + f.count > MAX_ATTRIBUTES) {
      warnings.push(`field "${f.name.slice(0, 60)}" holds ${f.count} values a point, more than the ${MAX_ATTRIBUTES} pointlens keeps; it was skipped`);
      return false;
    }
    width += f.count;
    return true;
  });
}

function columnsOf(fields: PcdField[], n: number): Column[] {
  return fields.flatMap((f) =>
    Array.from({ length: f.count }, (_, k) => ({
      name: f.count > 1 ? `${f.name}_${k}` : f.name,
      field: f,
      k,
      // packed colours keep their 32 bits whatever TYPE says
      values: isPackedColor(f) ? new Uint32Array(n) : arrayFor(f, n),
    })),
  );
}

/**
 * Reads the ascii body, a point a line: a line with a value too many or too few is refused where it
 * is, instead of shifting every point after it. Says what follows the points the header declares.
 */
function readAscii(bytes: Uint8Array, h: PcdHeader, columns: Column[], report: (done: number) => void, warnings: string[]): void {
  const s = new ByteScanner(textBody(bytes.subarray(h.bodyStart), 'PCD'));
  const perPoint = h.fields.reduce((n, f) => n + f.count, 0);
  // the body's line numbers, counted from the file's first line (countLines gives the header's lines and one more)
  const wrongCount = (values: number) => new InputError(`line ${countLines(bytes, 0, h.bodyStart) - 1 + s.lineNumber()} has ${values} values; the header declares ${perPoint} for a point`);
  // skipped fields have no columns; their values are still read past
  const byField = h.fields.map((f) => columns.filter((c) => c.field === f));
  // packed rgb in ascii is the float whose bits hold the colour (TYPE F), or the integer itself
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < h.points; i++) {
    if (!s.skipSpace()) throw new InputError(`is truncated: it ends after ${i} of the ${h.points} points its header declares`);
    let read = 0;
    for (let fi = 0; fi < h.fields.length; fi++) {
      const f = h.fields[fi];
      const kept = byField[fi];
      for (let k = 0; k < f.count; k++) {
        if (read > 0 && !s.skipInlineSpace()) throw wrongCount(read);
        const v = s.number();
        read++;
        if (!kept.length) continue;
        if (isPackedColor(f) && f.type === 'F') {
          f32[0] = v;
          kept[k].values[i] = u32[0];
        } else kept[k].values[i] = v;
      }
    }
    if (s.skipInlineSpace()) {
      for (; s.skipInlineSpace(); read++) s.token();
      throw wrongCount(read);
    }
    report(i);
  }
  const lines = s.linesLeft();
  if (lines) warnings.push(linesLeftOut(lines, h.points, 'points'));
}

/** Reads every column from `dv`; `locate` gives a column's first byte and the step between points. */
function readColumns(dv: DataView, n: number, columns: Column[], locate: (c: Column) => [number, number]): void {
  for (const c of columns) {
    const [start, step] = locate(c);
    const f = isPackedColor(c.field) ? { ...c.field, type: 'U' as const } : c.field;
    const out = c.values;
    for (let i = 0, p = start; i < n; i++, p += step) out[i] = readValue(dv, p, f);
  }
}

/** Byte offset of each field within a record, and the record size. */
function fieldOffsets(fields: PcdField[]): { offsets: Map<PcdField, number>; record: number } {
  const offsets = new Map<PcdField, number>();
  let record = 0;
  for (const f of fields) {
    offsets.set(f, record);
    record += f.size * f.count;
  }
  return { offsets, record };
}

function readBinary(bytes: Uint8Array, h: PcdHeader, columns: Column[], warnings: string[]): void {
  const { offsets, record } = fieldOffsets(h.fields);
  const extra = bytes.length - h.bodyStart - record * h.points;
  if (extra > 0) warnings.push(bytesLeftOut(extra, h.points, 'points', record));
  const dv = new DataView(bytes.buffer, bytes.byteOffset + h.bodyStart, record * h.points);
  readColumns(dv, h.points, columns, (c) => [offsets.get(c.field)! + c.k * c.field.size, record]);
}

function readCompressed(bytes: Uint8Array, h: PcdHeader, columns: Column[]): void {
  if (bytes.length < h.bodyStart + 8) throw new InputError('is truncated before its compressed PCD data');
  const head = new DataView(bytes.buffer, bytes.byteOffset + h.bodyStart, 8);
  const compressed = head.getUint32(0, true);
  const size = head.getUint32(4, true);
  const { offsets, record } = fieldOffsets(h.fields);
  if (size !== record * h.points) throw new InputError(`declares ${h.points} points (${record * h.points} bytes) but its compressed data holds ${size} bytes`);
  if (h.bodyStart + 8 + compressed > bytes.length) throw new InputError(`is truncated: its compressed data needs ${compressed} bytes, but ${bytes.length - h.bodyStart - 8} follow`);
  const raw = decompressLzf(bytes.subarray(h.bodyStart + 8, h.bodyStart + 8 + compressed), size);
  // uncompressed, the body is field by field (all points' x, then all y, ...): a field that
  // starts at byte o of a record starts at o * points here
  readColumns(new DataView(raw.buffer), h.points, columns, (c) => [offsets.get(c.field)! * h.points + c.k * c.field.size, c.field.size * c.field.count]);
}

function unpackColors(packed: ScalarArray, n: number): Uint8Array {
  const colors = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const v = packed[i] >>> 0;
    colors[i * 3] = (v >> 16) & 255;
    colors[i * 3 + 1] = (v >> 8) & 255;
    colors[i * 3 + 2] = v & 255;
  }
  return colors;
}

export function parsePcd(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LoadedGeometry {
  const h = parseHeader(bytes);
  const n = h.points;
  const record = h.fields.reduce((s, f) => s + f.size * f.count, 0);
  const values = h.fields.reduce((s, f) => s + f.count, 0);
  if (h.data === 'binary' && record * n > bytes.length - h.bodyStart) {
    throw new InputError(`declares ${n} points (${record * n} bytes), but only ${bytes.length - h.bodyStart} bytes follow its header: the file is truncated or its header is wrong`);
  }
  // an ascii value takes at least a digit and a separator
  if (h.data === 'ascii' && n * values * 2 > bytes.length - h.bodyStart + 1) {
    throw new InputError(`declares ${plural(n, 'point')} of ${plural(values, 'value')}, but only ${bytes.length - h.bodyStart} bytes follow its header: the file is truncated or its header is wrong`);
  }
  const warnings: string[] = [];
  const kept = keptFields(h.fields, warnings);
  // the kept columns, positions, normals and colours, and a compressed body's decompressed copy
  const keptBytes = kept.reduce((s, f) => s + (isPackedColor(f) ? 4 : f.size) * f.count, 0);
  checkBudget(n, keptBytes + 27 + (h.data === 'binary_compressed' ? record : 0), 'points');
  const columns = columnsOf(kept, n);
  if (h.data === 'ascii') readAscii(bytes, h, columns, progressReporter(context?.onProgress, n), warnings);
  else if (h.data === 'binary') readBinary(bytes, h, columns, warnings);
  else readCompressed(bytes, h, columns);

  const byName = new Map(columns.map((c) => [c.name, c.values]));
  const [x, y, z] = ['x', 'y', 'z'].map((k) => byName.get(k));
  if (!x || !y || !z) throw new InputError('has no x, y and z fields');
  // positions wider than floats are kept relative to the middle of their points where they lie far from zero (shift.ts)
  const xyz = [x, y, z];
  const wide = xyz.some((a) => !(a instanceof Float32Array) && a.BYTES_PER_ELEMENT >= 4);
  const origin = wide ? originOfPoints(n, (i, k) => xyz[k][i]) : undefined;
  const [ox, oy, oz] = origin ?? [0, 0, 0];
  const positions = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    positions[i * 3] = x[i] - ox;
    positions[i * 3 + 1] = y[i] - oy;
    positions[i * 3 + 2] = z[i] - oz;
  }
  if (wide) warnings.push(...precisionWarnings(positions));
  if (origin) warnings.push(shiftNote(origin, 'the middle of its points'));
  const cloud: PointCloud = { kind: 'points', positions, fields: {} };
  const used = new Set(['x', 'y', 'z', '_']);
  const normal = ['normal_x', 'normal_y', 'normal_z'].map((k) => byName.get(k));
  if (normal.every(Boolean)) {
    cloud.normals = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) cloud.normals[i * 3 + k] = normal[k]![i];
    ['normal_x', 'normal_y', 'normal_z'].forEach((k) => used.add(k));
  }
  const packed = byName.get('rgb') ?? byName.get('rgba');
  if (packed) {
    cloud.colors = unpackColors(packed, n);
    used.add('rgb').add('rgba');
  }
  for (const c of columns) if (!used.has(c.name) && !c.name.startsWith('_')) cloud.fields[c.name] = c.values;
  // PCL's sensors and LiDAR datasets are mostly z-up; ModelNet exports (no colour) are y-up
  return { data: cloud, warnings, ...(origin && { origin }) };
}

export const pcdLoader: FormatLoader = {
  id: 'pcd',
  name: 'PCD',
  extensions: ['.pcd'],
  strong: true,
  sniff: isPcd,
  parse: (bytes, context) => parsePcd(bytes, context),
};
