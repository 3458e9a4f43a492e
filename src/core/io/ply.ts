// PLY, ascii and binary (http://paulbourke.net/dataformats/ply/). Our own parser: loaders.gl's builds
// a JS array per property and reads the binary body value by value; ours keeps every vertex
// property (ScanNet's `label`, scalar fields). Binary bodies with fixed-size records are read
// column by column through one DataView, straight into the typed arrays that the result keeps:
// one tight loop per property, each with one read type, ran 4x faster than a single row-major
// pass that switches on each value's type (12 ms against 49 ms for 500k ScanNet points of
// x y z rgb label instance, Node 20).
import { sensibleByteOrder } from './plyByteOrder';
import { InputError, clipped, type Mesh, type PointCloud, type ScalarArray } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { ByteScanner } from './scanner';
import { IndexBuilder, checkIndex } from './indexBuilder';
import { eightBitColors, type ColorConvention } from './colorDepth';
import { INTEGER_RANGE, plyTypes, type PlyType, scalarArrayFor } from './plyTypes';
import { MAX_ATTRIBUTES, checkBudget } from './limits';
import { bytesLeftOut, linesLeftOut } from './leftOut';
import { FACE_COLORS_LEFT_NOTE, FACE_COLORS_NOTE, FaceColors } from './faceColors';
import { precisionWarnings } from './precision';
import { originNear, originOfFirstFinite, shiftNote, type Origin } from './shift';
import { readNote, type PlyNotes } from './plyNotes';
import { plural } from '../format';

type PlyEncoding = 'ascii' | 'binary_little_endian' | 'binary_big_endian';

interface PlyProperty {
  name: string;
  type: PlyType;
  /** set for list properties: the type of the count that precedes the values */
  countType?: PlyType;
}

export interface PlyElement {
  name: string;
  count: number;
  properties: PlyProperty[];
}

export interface PlyHeader {
  encoding: PlyEncoding;
  elements: PlyElement[];
  bodyStart: number;
  /** what pointlens's header comments state (plyNotes.ts), as it writes its exports */
  notes: PlyNotes;
}

const END_HEADER = Array.from('end_header', (c) => c.charCodeAt(0));

/** Headers have no size limit (long comments carry scanner metadata); the search is one pass of indexOf. */
export function findHeaderEnd(bytes: Uint8Array): number {
  const marker = END_HEADER;
  outer: for (let i = bytes.indexOf(marker[0]); i >= 0 && i + marker.length <= bytes.length; i = bytes.indexOf(marker[0], i + 1)) {
    for (let k = 1; k < marker.length; k++) if (bytes[i + k] !== marker[k]) continue outer;
    // the line must end; tolerate spaces and CRLF before the LF
    let p = i + marker.length;
    while (p < bytes.length && (bytes[p] === 32 || bytes[p] === 13)) p++;
    if (p < bytes.length && bytes[p] === 10) return p + 1;
    if (p >= bytes.length) return p;
  }
  return -1;
}

export function parsePlyHeader(bytes: Uint8Array): PlyHeader {
  if (!(bytes[0] === 0x70 && bytes[1] === 0x6c && bytes[2] === 0x79)) throw new InputError('is not a PLY file: it does not start with "ply"');
  const bodyStart = findHeaderEnd(bytes);
  if (bodyStart < 0) {
    // "ply" then CR alone: classic Mac line ends, which a binary body after them would not survive being rewritten
    if (bytes[3] === 13 && bytes[4] !== 10) throw new InputError('has a PLY header whose lines end in CR alone (classic Mac line ends); pointlens reads PLY headers whose lines end in LF or CRLF');
    throw new InputError('has no "end_header" line: the PLY header is incomplete');
  }
  const lines = new TextDecoder('latin1').decode(bytes.subarray(0, bodyStart)).split(/\r?\n/);
  let encoding: PlyEncoding | undefined;
  const notes: PlyNotes = {};
  const elements: PlyElement[] = [];
  for (const raw of lines.slice(1)) {
    const parts = raw.trim().split(/\s+/);
    const key = parts[0];
    if (key === 'comment') readNote(raw, notes);
    else if (key === 'format') {
      if (parts[1] !== 'ascii' && parts[1] !== 'binary_little_endian' && parts[1] !== 'binary_big_endian') {
        throw new InputError(`has an unknown PLY format "${parts[1]}"`);
      }
      encoding = parts[1];
    } else if (key === 'element') {
      const count = Number(parts[2]);
      if (!parts[1] || !/^\d+$/.test(parts[2] ?? '') || !Number.isSafeInteger(count)) {
        throw new InputError(`has a bad PLY element line: "${raw.trim()}"`);
      }
      elements.push({ name: parts[1], count, properties: [] });
    } else if (key === 'property') {
      const el = elements[elements.length - 1];
      if (!el) throw new InputError('has a PLY property before any element');
      if (parts[1] === 'list') {
        const countType = plyTypes[parts[2]];
        const type = plyTypes[parts[3]];
        if (!countType || !type || !parts[4]) throw new InputError(`has a bad PLY list property: "${raw.trim()}"`);
        el.properties.push({ name: parts[4], type, countType });
      } else {
        const type = plyTypes[parts[1]];
        if (!type || !parts[2]) throw new InputError(`has a bad PLY property: "${raw.trim()}"`);
        el.properties.push({ name: parts[2], type });
      }
    }
  }
  if (!encoding) throw new InputError('has no "format" line in its PLY header');
  return { encoding, elements, bodyStart, notes };
}

/**
 * The least number of body bytes an element can take. Checked against the file size before any
 * allocation, so that a header that declares 2^31 vertices in a 1 kB file fails at once.
 */
function minElementBytes(el: PlyElement, encoding: PlyEncoding): number {
  if (encoding === 'ascii') return 2 * el.properties.length;
  let n = 0;
  for (const p of el.properties) n += p.countType ? p.countType.size : p.type.size;
  return n;
}

export function checkDeclaredSizes(header: PlyHeader, bodyBytes: number): void {
  let need = 0;
  for (const el of header.elements) {
    need += el.count * minElementBytes(el, header.encoding);
    // the last ascii value needs no separator after it
    if (need - 1 > bodyBytes) {
      throw new InputError(
        `declares ${plural(el.count, `${el.name} element`)} (at least ${plural(need, 'byte')}), but only ${plural(bodyBytes, 'byte')} ${bodyBytes === 1 ? 'follows' : 'follow'} the header: the file is truncated or its header is wrong`,
      );
    }
  }
}

// Where each vertex property goes.
export type Slot =
  | { kind: 'position' | 'normal'; component: number }
  | { kind: 'color'; component: number }
  | { kind: 'field' }
  | { kind: 'skip' };

export const POSITION = ['x', 'y', 'z'];
const NORMAL_NAMES = [
  ['nx', 'ny', 'nz'],
  ['normal_x', 'normal_y', 'normal_z'],
];
const COLOR_NAMES = [
  ['red', 'green', 'blue'],
  ['diffuse_red', 'diffuse_green', 'diffuse_blue'],
  ['r', 'g', 'b'],
];

function findTriple(props: PlyProperty[], candidates: string[][]): string[] | undefined {
  const names = new Set(props.map((p) => p.name));
  return candidates.find((c) => c.every((n) => names.has(n)));
}

export function vertexSlots(props: PlyProperty[], warnings: string[]): Slot[] {
  const normals = findTriple(props, NORMAL_NAMES);
  const colors = findTriple(props, COLOR_NAMES);
  let fields = 0;
  const slots = props.map((p): Slot => {
    if (p.countType) return { kind: 'skip' };
    const pi = POSITION.indexOf(p.name);
    if (pi >= 0) return { kind: 'position', component: pi };
    if (normals && normals.includes(p.name)) return { kind: 'normal', component: normals.indexOf(p.name) };
    if (colors && colors.includes(p.name)) return { kind: 'color', component: colors.indexOf(p.name) };
    return ++fields > MAX_ATTRIBUTES ? { kind: 'skip' } : { kind: 'field' };
  });
  if (fields > MAX_ATTRIBUTES) warnings.push(`has ${fields} vertex properties besides position, normal and colour; only the first ${MAX_ATTRIBUTES} were kept`);
  const lists = props.filter((p) => p.countType).map((p) => p.name);
  if (lists.length) warnings.push(`has vertex properties that are lists (${clipped(lists.join(', '))}), which were not read: pointlens keeps one value a property`);
  const repeated = repeatedNames(props);
  if (repeated.length) warnings.push(`declares vertex properties more than once (${clipped(repeated.join(', '))}); the values of the last of each were read`);
  return slots;
}

/** Property names that a header declares more than once, each once. */
function repeatedNames(props: PlyProperty[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const p of props) (seen.has(p.name) ? repeated : seen).add(p.name);
  return [...repeated];
}

/** Whether x, y or z is stored in a type that holds more than a 32-bit float keeps (doubles, 32-bit integers). */
export function hasWidePositions(el: PlyElement): boolean {
  return el.properties.some((p) => POSITION.includes(p.name) && !p.countType && p.type.size >= 4 && p.type.name !== 'float32');
}

export interface VertexOutput {
  positions: Float32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
  fields: Record<string, ScalarArray>;
  /** colour columns stored as they are in the file when they are not uchar; converted at the end (colorDepth) */
  colorFloat?: Float64Array;
  /** what the colour properties' type says of their values: float ones are 0..1 by convention */
  colorConvention: ColorConvention;
}

/** The array and layout one vertex property is written into. */
export interface ColumnTarget {
  out: ScalarArray | Float64Array;
  stride: number;
  offset: number;
  /** subtracted from each value before it is stored: a position's origin (shift.ts) */
  shift?: number;
}

/** Bytes a vertex's arrays take while it is read (colours that are not uchar are kept as doubles until the end). */
export function vertexBytes(el: PlyElement, slots: Slot[]): number {
  const colorProps = el.properties.filter((_, i) => slots[i].kind === 'color');
  const colorIsByte = colorProps.every((p) => p.type.name === 'uint8');
  let bytesEach = 12 + (slots.some((s) => s.kind === 'normal') ? 12 : 0) + (colorProps.length ? (colorIsByte ? 3 : 27) : 0);
  el.properties.forEach((p, i) => (bytesEach += slots[i].kind === 'field' ? p.type.size : 0));
  return bytesEach;
}

export function allocateVertices(el: PlyElement, slots: Slot[]): { out: VertexOutput; targets: (ColumnTarget | null)[] } {
  const n = el.count;
  const colorProps = el.properties.filter((_, i) => slots[i].kind === 'color');
  const colorIsByte = colorProps.every((p) => p.type.name === 'uint8');
  checkBudget(n, vertexBytes(el, slots), 'vertices');
  const out: VertexOutput = { positions: new Float32Array(n * 3), fields: {}, colorConvention: colorProps.length > 0 && colorProps[0].type.float ? 'fractions' : 'integers' };
  if (slots.some((s) => s.kind === 'normal')) out.normals = new Float32Array(n * 3);
  if (colorProps.length) {
    out.colors = new Uint8Array(n * 3);
    if (!colorIsByte) out.colorFloat = new Float64Array(n * 3);
  }
  const targets = el.properties.map((p, i): ColumnTarget | null => {
    const s = slots[i];
    switch (s.kind) {
      case 'position':
        return { out: out.positions, stride: 3, offset: s.component };
      case 'normal':
        return { out: out.normals!, stride: 3, offset: s.component };
      case 'color':
        return { out: out.colorFloat ?? out.colors!, stride: 3, offset: s.component };
      case 'field': {
        const arr = scalarArrayFor(p.type, n);
        out.fields[p.name] = arr;
        return { out: arr, stride: 1, offset: 0 };
      }
      default:
        return null;
    }
  });
  return { out, targets };
}

export function finishColors(out: VertexOutput): void {
  if (out.colorFloat && out.colors) out.colors.set(eightBitColors(out.colorFloat, out.colorFloat.length, (i) => i, out.colorConvention));
}

// One loop per source type keeps each loop monomorphic in its DataView read.
export function readColumn(dv: DataView, start: number, stride: number, n: number, type: PlyType, le: boolean, t: ColumnTarget): void {
  const out = t.out;
  const os = t.stride;
  let o = t.offset;
  const sh = t.shift ?? 0;
  let p = start;
  switch (type.name) {
    case 'float32':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getFloat32(p, le) - sh;
      break;
    case 'float64':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getFloat64(p, le) - sh;
      break;
    case 'uint8':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getUint8(p) - sh;
      break;
    case 'int8':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getInt8(p) - sh;
      break;
    case 'uint16':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getUint16(p, le) - sh;
      break;
    case 'int16':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getInt16(p, le) - sh;
      break;
    case 'uint32':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getUint32(p, le) - sh;
      break;
    case 'int32':
      for (let i = 0; i < n; i++, p += stride, o += os) out[o] = dv.getInt32(p, le) - sh;
      break;
  }
}

function readScalar(dv: DataView, p: number, type: PlyType, le: boolean): number {
  switch (type.name) {
    case 'uint8':
      return dv.getUint8(p);
    case 'int8':
      return dv.getInt8(p);
    case 'uint16':
      return dv.getUint16(p, le);
    case 'int16':
      return dv.getInt16(p, le);
    case 'uint32':
      return dv.getUint32(p, le);
    case 'int32':
      return dv.getInt32(p, le);
    case 'float32':
      return dv.getFloat32(p, le);
    case 'float64':
      return dv.getFloat64(p, le);
  }
}

function isFaceList(p: PlyProperty): boolean {
  return !!p.countType && (p.name === 'vertex_indices' || p.name === 'vertex_index');
}

/** What a `face` or `tristrips` element's index lists become: the triangles of each list, checked against the vertices. */
interface FaceLists {
  /** property k's colour component (0 red, 1 green, 2 blue), -1 where it is none: a face element that colours its faces */
  colorAt: number[];
  beginRow(row: number): void;
  begin(): void;
  corner(index: number, row: number): void;
  color(c: number, value: number): void;
}

/** The colour properties of a face element, as `FaceLists.colorAt` gives them; null where it has none. */
function faceColorAt(el: PlyElement): number[] | null {
  if (el.name !== 'face') return null;
  const triple = findTriple(el.properties.filter((p) => !p.countType), COLOR_NAMES);
  return triple ? el.properties.map((p) => (p.countType ? -1 : triple.indexOf(p.name))) : null;
}

function faceLists(el: PlyElement, vertexCount: number, indices: IndexBuilder, faceColors: FaceColors | null): FaceLists {
  const none = { colorAt: [], beginRow: () => {}, color: () => {} };
  if (el.name === 'tristrips') {
    return {
      ...none,
      begin: () => indices.beginStrips(),
      corner(v, row) {
        if (v !== -1) checkIndex(v, vertexCount, row);
        indices.stripCorner(v);
      },
    };
  }
  return {
    ...none,
    ...(faceColors && { colorAt: faceColorAt(el)!, beginRow: (row: number) => faceColors.begin(row), color: (c: number, v: number) => faceColors.color(c, v) }),
    begin: () => indices.beginFace(),
    corner(v, row) {
      checkIndex(v, vertexCount, row);
      indices.corner(v);
      faceColors?.corner(v);
    },
  };
}

const FACE_ELEMENTS = ['face', 'tristrips'];

export function truncated(el: PlyElement, done: number): InputError {
  return new InputError(`is truncated: it ends after ${done} of the ${el.count} ${el.name} elements its header declares`);
}

/** A list's length as the file gives it; a negative or fractional one would step the reader backwards. */
function listLength(n: number, el: PlyElement, row: number): number {
  if (!(Number.isInteger(n) && n >= 0)) throw new InputError(`${el.name} ${row + 1} has a list of length ${n}`);
  return n;
}

/**
 * The origin a binary vertex element's positions are kept relative to, from its first row with
 * finite positions among those from byte `at` that `dv` holds (shift.ts): where they are wider than
 * floats and lie far from zero, and its rows are of one size.
 */
export function vertexOrigin(el: PlyElement, dv: DataView, at: number, le: boolean): Origin | undefined {
  if (!hasWidePositions(el) || el.count === 0 || el.properties.some((p) => p.countType)) return undefined;
  const stride = el.properties.reduce((t, p) => t + p.type.size, 0);
  const offsets = POSITION.map((n) => {
    const k = el.properties.findIndex((p) => p.name === n);
    return { at: el.properties.slice(0, k).reduce((t, p) => t + p.type.size, 0), type: el.properties[k].type };
  });
  const rows = Math.min(el.count, Math.floor((dv.byteLength - at) / stride));
  return originOfFirstFinite(rows, (i, k) => readScalar(dv, at + i * stride + offsets[k].at, offsets[k].type, le));
}

/** Has the position targets take `origin` off each value they store. */
export function shiftPositions(targets: (ColumnTarget | null)[], slots: Slot[], origin: Origin): void {
  targets.forEach((t, k) => {
    if (t && slots[k].kind === 'position') t.shift = origin[t.offset];
  });
}

class BinaryBody {
  readonly dv: DataView;
  readonly le: boolean;
  pos: number;
  /** what the positions are kept relative to, once the vertices are read (from the first row, before any is stored) */
  origin: Origin | undefined;

  constructor(
    bytes: Uint8Array,
    header: PlyHeader,
    private readonly report: (f: number) => void,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.le = header.encoding === 'binary_little_endian';
    this.pos = header.bodyStart;
  }

  fixedStride(el: PlyElement): number | null {
    let s = 0;
    for (const p of el.properties) {
      if (p.countType) return null;
      s += p.type.size;
    }
    return s;
  }

  /** Reads the vertices into `targets`; binary values always fit their types, so there is nothing to say. */
  readVertices(el: PlyElement, targets: (ColumnTarget | null)[], slots: Slot[]): string | undefined {
    this.origin = vertexOrigin(el, this.dv, this.pos, this.le);
    if (this.origin) shiftPositions(targets, slots, this.origin);
    const stride = this.fixedStride(el);
    if (stride === null) {
      this.walkRows(el, (i, prop, k, p) => {
        const t = targets[k];
        if (t && !prop.countType) t.out[t.offset + i * t.stride] = readScalar(this.dv, p, prop.type, this.le);
      });
      return;
    }
    const available = Math.floor((this.dv.byteLength - this.pos) / Math.max(stride, 1));
    if (available < el.count) throw truncated(el, available);
    let off = 0;
    el.properties.forEach((p, k) => {
      const t = targets[k];
      if (t) readColumn(this.dv, this.pos + off, stride, el.count, p.type, this.le, t);
      off += p.type.size;
      this.report((this.pos + ((k + 1) / el.properties.length) * stride * el.count) / this.dv.byteLength);
    });
    this.pos += stride * el.count;
  }

  readFaces(el: PlyElement, polygons: FaceLists): void {
    const dv = this.dv;
    const le = this.le;
    const end = dv.byteLength;
    const listIndex = el.properties.findIndex(isFaceList);
    let p = this.pos;
    for (let i = 0; i < el.count; i++) {
      polygons.beginRow(i);
      for (let k = 0; k < el.properties.length; k++) {
        const prop = el.properties[k];
        if (!prop.countType) {
          if (polygons.colorAt[k] >= 0) {
            if (p + prop.type.size > end) throw truncated(el, i);
            polygons.color(polygons.colorAt[k], readScalar(dv, p, prop.type, le));
          }
          p += prop.type.size;
          continue;
        }
        if (p + prop.countType.size > end) throw truncated(el, i);
        const n = listLength(readScalar(dv, p, prop.countType, le), el, i);
        p += prop.countType.size;
        const size = prop.type.size;
        if (p + n * size > end) throw truncated(el, i);
        if (k === listIndex) {
          polygons.begin();
          for (let j = 0; j < n; j++) polygons.corner(readScalar(dv, p + j * size, prop.type, le), i);
        }
        p += n * size;
      }
      if (p > end) throw truncated(el, i);
      if ((i & 0xffff) === 0) this.report(p / end);
    }
    this.pos = p;
  }

  skip(el: PlyElement): void {
    const stride = this.fixedStride(el);
    if (stride === 0) return;
    if (stride !== null) {
      if (this.pos + stride * el.count > this.dv.byteLength) throw truncated(el, Math.floor((this.dv.byteLength - this.pos) / stride));
      this.pos += stride * el.count;
      return;
    }
    this.walkRows(el, () => {});
  }

  /** Bytes after the last element, which the header does not declare. */
  leftOut(last: PlyElement): string | undefined {
    const extra = this.dv.byteLength - this.pos;
    return extra > 0 ? bytesLeftOut(extra, last.count, `${last.name} elements`, this.fixedStride(last) ?? undefined) : undefined;
  }

  private walkRows(el: PlyElement, visit: (row: number, prop: PlyProperty, k: number, pos: number) => void): void {
    const end = this.dv.byteLength;
    let p = this.pos;
    for (let i = 0; i < el.count; i++) {
      for (let k = 0; k < el.properties.length; k++) {
        const prop = el.properties[k];
        if (prop.countType) {
          if (p + prop.countType.size > end) throw truncated(el, i);
          const n = listLength(readScalar(this.dv, p, prop.countType, this.le), el, i);
          visit(i, prop, k, p);
          p += prop.countType.size + n * prop.type.size;
        } else {
          if (p + prop.type.size > end) throw truncated(el, i);
          visit(i, prop, k, p);
          p += prop.type.size;
        }
      }
    }
    if (p > end) throw truncated(el, el.count - 1);
    this.pos = p;
  }
}

/** Whether an element's rows all hold the same number of values: those the header declares. */
const hasFixedRows = (el: PlyElement) => el.properties.every((p) => !p.countType);

/**
 * ASCII PLY writes an element a line. Each row's values are read from its own line, so that a row
 * with a value too many or too few is refused where it is instead of shifting every row after it.
 */
class AsciiBody {
  readonly s: ByteScanner;
  /** what the vertices' positions were kept relative to, once read */
  origin: Origin | undefined;
  /** values read so far from the current row */
  private inRow = 0;

  constructor(
    bytes: Uint8Array,
    header: PlyHeader,
    private readonly report: (f: number) => void,
  ) {
    this.s = new ByteScanner(bytes, header.bodyStart);
  }

  /** Moves to the next row, past any blank lines. */
  private beginRow(el: PlyElement, row: number): void {
    if (!this.s.skipSpace()) throw truncated(el, row);
    this.inRow = 0;
  }

  private value(el: PlyElement, row: number): number {
    if (!this.s.skipInlineSpace()) {
      if (this.s.pos >= this.s.end) throw truncated(el, row);
      const needs = hasFixedRows(el) ? `the header declares ${el.properties.length} for a ${el.name}` : `${el.name} ${row + 1} needs more by the header and its list lengths`;
      throw new InputError(`line ${this.s.lineNumber()} has ${this.inRow} values; ${needs}`);
    }
    this.inRow++;
    return this.s.number();
  }

  /** Refuses a row whose line goes on after its last value. */
  private endRow(el: PlyElement, row: number): void {
    if (!this.s.skipInlineSpace()) return;
    const line = this.s.lineNumber();
    let values = this.inRow;
    for (; this.s.skipInlineSpace(); values++) this.s.token();
    const takes = hasFixedRows(el) ? `the header declares ${this.inRow} for a ${el.name}` : `${el.name} ${row + 1} takes ${this.inRow} by the header and its list lengths`;
    throw new InputError(`line ${line} has ${values} values; ${takes}`);
  }

  private list(el: PlyElement, row: number): number {
    return listLength(this.value(el, row), el, row);
  }

  /**
   * Reads the vertices into `targets`. Text can hold values its declared integer types cannot (a
   * `uchar` colour of 300, or 1.5): a typed array would wrap them (300 to 44), so they are rounded
   * and clamped to the type's range, and said.
   */
  readVertices(el: PlyElement, targets: (ColumnTarget | null)[], slots: Slot[]): string | undefined {
    const props = el.properties;
    const total = this.s.bytes.length;
    // wide positions far from zero are kept relative to the first finite row's (shift.ts): its values are held as read until its end
    let decided = !hasWidePositions(el);
    const first = [0, 0, 0];
    const ranges = props.map((p) => (p.countType ? undefined : INTEGER_RANGE[p.type.name]));
    let misfits = 0;
    let firstMisfit = '';
    for (let i = 0; i < el.count; i++) {
      this.beginRow(el, i);
      for (let k = 0; k < props.length; k++) {
        if (props[k].countType) {
          const n = this.list(el, i);
          for (let j = 0; j < n; j++) this.value(el, i);
          continue;
        }
        let v = this.value(el, i);
        const range = ranges[k];
        if (range && !(Number.isInteger(v) && v >= range[0] && v <= range[1])) {
          if (!misfits++) firstMisfit = `${v} for ${props[k].name}, a ${props[k].type.name}`;
          v = Math.min(range[1], Math.max(range[0], Math.round(v)));
        }
        const t = targets[k];
        if (t) t.out[t.offset + i * t.stride] = v - (t.shift ?? 0);
        if (!decided && slots[k].kind === 'position' && t) first[t.offset] = v;
      }
      this.endRow(el, i);
      // a row left NaN or infinite, dropped later, decides no origin: the first whole one does
      if (!decided && first.every(Number.isFinite)) {
        decided = true;
        this.origin = originNear(first);
        if (this.origin) {
          shiftPositions(targets, slots, this.origin);
          targets.forEach((t, k) => t && slots[k].kind === 'position' && (t.out[t.offset + i * t.stride] = first[t.offset] - this.origin![t.offset]));
        }
      }
      if ((i & 0xffff) === 0) this.report(this.s.pos / total);
    }
    return misfits ? `has ${misfits.toLocaleString('en-US')} values its integer properties cannot hold (the first: ${firstMisfit}); they were rounded and clamped to their types' ranges` : undefined;
  }

  readFaces(el: PlyElement, polygons: FaceLists): void {
    const props = el.properties;
    const listIndex = props.findIndex(isFaceList);
    const total = this.s.bytes.length;
    for (let i = 0; i < el.count; i++) {
      this.beginRow(el, i);
      polygons.beginRow(i);
      for (let k = 0; k < props.length; k++) {
        if (!props[k].countType) {
          const v = this.value(el, i);
          if (polygons.colorAt[k] >= 0) polygons.color(polygons.colorAt[k], v);
          continue;
        }
        const n = this.list(el, i);
        if (k !== listIndex) {
          for (let j = 0; j < n; j++) this.value(el, i);
          continue;
        }
        polygons.begin();
        for (let j = 0; j < n; j++) polygons.corner(this.value(el, i), i);
      }
      this.endRow(el, i);
      if ((i & 0xffff) === 0) this.report(this.s.pos / total);
    }
  }

  /** Lines of values after the last element, which the header does not declare. */
  leftOut(last: PlyElement): string | undefined {
    const lines = this.s.linesLeft();
    return lines ? linesLeftOut(lines, last.count, `${last.name} elements`) : undefined;
  }

  skip(el: PlyElement): void {
    // rows without properties take no bytes, however many the header declares
    if (!el.properties.length) return;
    for (let i = 0; i < el.count; i++) {
      this.beginRow(el, i);
      for (const p of el.properties) {
        const n = p.countType ? this.list(el, i) : 1;
        for (let j = 0; j < n; j++) this.value(el, i);
      }
      this.endRow(el, i);
    }
  }
}

/** The element the body ends with: the last one the header gives rows. */
function lastElementWithRows(header: PlyHeader): PlyElement {
  const withRows = header.elements.filter((e) => e.count > 0 && e.properties.length > 0);
  return withRows[withRows.length - 1] ?? header.elements[header.elements.length - 1];
}

/** A geometry read with what its header notes of it: the up, unit and coordinate system it states, and its label fields' classes. */
export function withNotes(header: PlyHeader, loaded: LoadedGeometry): LoadedGeometry {
  const { up, unit, crs, classes } = header.notes;
  const named = Object.entries(classes ?? {}).filter(([field]) => field in loaded.data.fields);
  return { ...loaded, ...(up && { statedUp: up }), ...(unit && { unit }), ...(crs && { crs }), ...(named.length && { data: { ...loaded.data, fieldClasses: Object.fromEntries(named) } }) };
}

export function parsePly(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LoadedGeometry {
  const { header, warning: byteOrder } = sensibleByteOrder(parsePlyHeader(bytes), bytes);
  checkDeclaredSizes(header, bytes.length - header.bodyStart);
  const vertexEl = header.elements.find((e) => e.name === 'vertex');
  if (!vertexEl) throw new InputError('has no "vertex" element: there are no points in it');
  if (!POSITION.every((n) => vertexEl.properties.some((p) => p.name === n && !p.countType))) {
    throw new InputError('has no x, y, z vertex properties');
  }
  const onProgress = context?.onProgress;
  const report = (f: number) => onProgress?.(Math.min(1, f));
  const body = header.encoding === 'ascii' ? new AsciiBody(bytes, header, report) : new BinaryBody(bytes, header, report);
  const warnings: string[] = byteOrder ? [byteOrder] : [];
  const slots = vertexSlots(vertexEl.properties, warnings);
  const { out, targets } = allocateVertices(vertexEl, slots);
  let indices: IndexBuilder | null = null;
  let faceCount = 0;
  let faceColors: FaceColors | null = null;
  let faceColorConvention: ColorConvention = 'integers';
  let origin: Origin | undefined;
  for (const el of header.elements) {
    if (el === vertexEl) {
      // positions wider than floats are kept relative to the first one's neighbourhood where they lie far from zero
      const misfits = body.readVertices(el, targets, slots);
      origin = body.origin;
      if (misfits) warnings.push(misfits);
    }
    else if (FACE_ELEMENTS.includes(el.name) && el.properties.some(isFaceList) && el.count > 0 && !indices) {
      // the header gives the vertex count, so faces are checked and kept wherever the file puts them
      indices = new IndexBuilder(el.count * 3);
      const colorAt = faceColorAt(el);
      if (colorAt && out.colors) warnings.push(FACE_COLORS_LEFT_NOTE);
      else if (colorAt) {
        faceColors = new FaceColors(el.count, vertexEl.count);
        faceColorConvention = el.properties[colorAt.indexOf(0)].type.float ? 'fractions' : 'integers';
      }
      body.readFaces(el, faceLists(el, vertexEl.count, indices, faceColors));
      // a strip list is one row however many triangles it holds: those are the faces a person counts
      faceCount = el.name === 'tristrips' ? indices.length / 3 : el.count;
    } else body.skip(el);
  }
  const leftOut = body.leftOut(lastElementWithRows(header));
  if (leftOut) warnings.push(leftOut);
  finishColors(out);
  if (faceColors) {
    out.colors = faceColors.vertexColors(faceColorConvention);
    warnings.push(FACE_COLORS_NOTE);
  }
  const { positions, normals, colors, fields } = out;
  if (hasWidePositions(vertexEl)) warnings.push(...precisionWarnings(positions));
  if (origin) warnings.push(shiftNote(origin, 'its first vertex'));
  // ScanNet's labelled PLYs are z-up; most other PLY producers (scanners' meshes, ModelNet
  // conversions, Stanford models) use y-up.
  if (indices && faceCount > 0) {
    const mesh: Mesh = { kind: 'mesh', positions, normals, colors, indices: indices.finish(), faceCount, groups: [], fields };
    return withNotes(header, { data: mesh, warnings, ...(origin && { origin }) });
  }
  const cloud: PointCloud = { kind: 'points', positions, normals, colors, fields };
  return withNotes(header, { data: cloud, warnings, ...(origin && { origin }) });
}

export const plyLoader: FormatLoader = {
  id: 'ply',
  name: 'PLY',
  extensions: ['.ply'],
  strong: true,
  sniff: (b) => b[0] === 0x70 && b[1] === 0x6c && b[2] === 0x79 && (b[3] === 10 || b[3] === 13),
  parse: (bytes, context) => parsePly(bytes, context),
};
