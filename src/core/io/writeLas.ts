// LAS 1.4 of a point cloud (LAS 1.4 R15), for the GIS and CAD tools a survey goes back to, in the
// point format of the LAS the points were read from where it holds what they carry, else the
// smallest that does (lasWriteFormat). Each of a LAS point's own fields the points have (intensity,
// returns, scan direction and edge, classification and its flags, scanner channel, scan angle in
// its format's unit, user data, point source id, GPS time, colours, near infrared) goes back to its
// place, so that a tile read and written back keeps its records, as survey tools expect: colours
// of more than 8 bits too, from the 16-bit values kept of them (lasColors).
// Coordinates are integers on the scale and offset of the LAS the points
// were read from, so that a tile written back unchanged keeps its integers;
// of other points (or of points past 32 bits on that grid), integers of 0.001 of the file's unit
// from an offset at their middle, coarser where a scan spans too far for 32 bits at that step. The
// fields a LAS point has a place for go there where their values fit it; every other field is a
// dimension of its own type in an Extra Bytes record, as PDAL and LAStools write them.
import { InputError, type Geometry, type LasGrid, type LengthUnit, type ScalarArray } from '../types';
import { formatCount } from '../format';
import { METRES_PER } from '../units';
import { LAS_CLASS_FIELD, LAS_FLAG_FIELDS } from './lasClasses';
import { keepsSourceColor, LAS_COLOR_FIELDS } from './lasColors';
import { recordLayout, USER_DATA_AT } from './lasHeader';
import { formatNeeds, lasWriteFormat } from './lasWriteFormat';
import { parseWkt } from './lasUnits';
import { plyTypeOf, type PlyTypeName } from './plyTypes';
import { inFileCoordinates, type Origin } from './shift';
import { PROGRESS_BLOCK, type WriteProgress } from './writePly';

/** What the LAS keeps besides its points. */
export interface LasWriteOptions {
  origin?: Origin;
  unit?: LengthUnit;
  /** the coordinate system's name, where only its name is known (a PLY's note, a LAS's GeoTIFF keys) */
  crs?: string;
  /** the coordinate system as the source's own OGC WKT record gave it: written back as it is */
  crsWkt?: string;
  /** the scale and offset of the LAS the points were read from, in the file's coordinates: theirs are kept where every point fits */
  lasGrid?: LasGrid;
  /** the label field whose values become the points' LAS classes, in place of the file's classification */
  classFrom?: string;
  /** the points are to be compressed by writeLaz, which codes point formats 6 to 8 of scanner channel 0 */
  forLaz?: boolean;
}

export interface WrittenLas {
  bytes: Uint8Array;
  /** what a person should know of how the points were written (a coarser step, classes out of range) */
  notes: string[];
}

const HEADER_BYTES = 375;
const VLR_HEADER_BYTES = 54;
const DESCRIPTOR_BYTES = 192;
const NAME_BYTES = 32;
/** global encoding bit 4: the coordinate system is WKT, as LAS 1.4 requires of formats 6-10 */
const WKT_ENCODING = 16;
const STEP = 0.001;
const INT32_MAX = 2 ** 31 - 1;
/** the spec's Extra Bytes data types, by the array type a field is kept in */
const EXTRA_TYPE: Record<PlyTypeName, number> = { uint8: 1, int8: 2, uint16: 3, int16: 4, uint32: 5, int32: 6, float32: 9, float64: 10 };
const WKT_UNIT_NAMES: Record<LengthUnit, string> = { m: 'metre', cm: 'centimetre', mm: 'millimetre', ft: 'foot', ftUS: 'US survey foot' };
/** The file's classification, kept as an extra dimension when another field gives the classes. */
export const SOURCE_CLASS_FIELD = 'source_classification';

/** Whether every value is a whole number from 0 to `max`: then it has its place in a LAS point. */
function fitsSlot(data: ScalarArray | undefined, max: number): data is ScalarArray {
  if (!data) return false;
  for (let i = 0; i < data.length; i++) if (!(Number.isInteger(data[i]) && data[i] >= 0 && data[i] <= max)) return false;
  return true;
}

/**
 * The steps and offset of the coordinates: the source's `given` grid where every point lies within
 * 32-bit integers on it; else 0.001 of the unit from the points' middle, coarser by tens where they
 * span past 32-bit integers at it.
 */
function grid(file: ArrayLike<number>, n: number, given: LasGrid | undefined, notes: string[]): { scale: number[]; offset: number[] } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < 3 * n; i++) {
    const v = file[i];
    if (!Number.isFinite(v)) throw new Error(`point ${Math.floor(i / 3)} has a coordinate that is not a number (${v}): LAS cannot hold it`);
    lo[i % 3] = Math.min(lo[i % 3], v);
    hi[i % 3] = Math.max(hi[i % 3], v);
  }
  if (given) {
    const fits = given.scale.every((s, k) => !n || Math.round(Math.max(Math.abs(hi[k] - given.offset[k]), Math.abs(lo[k] - given.offset[k])) / Math.abs(s)) <= INT32_MAX);
    if (fits) return { scale: [...given.scale], offset: [...given.offset] };
    notes.push(`the points lie past what 32-bit integers hold in steps of ${given.scale.join(', ')} from ${given.offset.join(', ')}, the scale and offset of the LAS they were read from: they are written on a grid of their own`);
  }
  const offset = n ? lo.map((l, k) => Math.round((l + hi[k]) / 2)) : [0, 0, 0];
  const reach = n ? Math.max(...offset.map((o, k) => Math.max(hi[k] - o, o - lo[k]))) : 0;
  let tens = 0;
  while (reach / (STEP * 10 ** tens) > INT32_MAX) tens++;
  const scale = Number((STEP * 10 ** tens).toPrecision(1));
  if (tens) notes.push(`the points span ${reach.toPrecision(3)} units from their middle, past what 32-bit integers hold in steps of ${STEP}: coordinates are kept in steps of ${scale}`);
  return { scale: [scale, scale, scale], offset };
}

/**
 * The scan angles (degrees) as `format` stores them: whole degrees in a signed byte in formats 0-5,
 * steps of 0.006° within ±180° in 6-10, said where a value is rounded to them. Angles a format has
 * no room for are kept whole as a dimension of their own (undefined), with a word.
 */
function scanAngleSlot(degrees: ScalarArray | undefined, format: number, notes: string[]): Int16Array | undefined {
  if (!degrees) return undefined;
  const { scanAngleBytes, scanAngleStep } = recordLayout(format);
  const [min, max] = scanAngleBytes === 1 ? [-128, 127] : [-30_000, 30_000];
  const steps = new Int16Array(degrees.length);
  let rounded = 0;
  for (let i = 0; i < degrees.length; i++) {
    const q = Math.round(degrees[i] / scanAngleStep);
    if (!(q >= min && q <= max)) {
      notes.push(`scan_angle has values such as ${degrees[i]}°, past the ${(max * scanAngleStep).toPrecision(3)}° point format ${format} holds: it is kept as a dimension of its own, not in the LAS scan angle`);
      return undefined;
    }
    // a float32 of a step is within a hundredth of it
    if (Math.abs(q * scanAngleStep - degrees[i]) > scanAngleStep / 100) rounded++;
    steps[i] = q;
  }
  if (rounded) notes.push(`${formatCount(rounded)} points have a scan_angle between point format ${format}'s steps of ${scanAngleStep}°: it is rounded to them`);
  return steps;
}

/**
 * What each 8-bit colour is multiplied by to its 16 bits: the factor of the LAS the colours were
 * read from (`grid`), so that they come back as they were; else 257, 255 to 65535. `kept16`: the
 * source's own 16-bit colours are kept (lasColors), and written where a point's was not changed.
 */
function colorScaleFor(grid: LasGrid | undefined, colors: boolean, kept16: boolean, notes: string[]): number {
  if (grid?.colorScale) return grid.colorScale;
  if (colors && !kept16 && grid?.pointFormat !== undefined && recordLayout(grid.pointFormat).colorAt !== undefined) {
    notes.push(`the colours are written from the 8 bits they were read at, times 257: the low bytes of the source's 16-bit colours are not kept`);
  }
  return 257;
}

const isFloat = (values: ScalarArray) => values instanceof Float32Array || values instanceof Float64Array;

/**
 * A field of decimals chosen as the classes (a distance, a deviation) would make nearly every point
 * class 0: it is refused, naming the fields of whole numbers. A label field the file keeps as floats
 * (a PLY's `float label`) holds whole numbers only, and is taken.
 */
function refuseMeasure(fields: Record<string, ScalarArray>, classFrom: string, n: number): void {
  const values = fields[classFrom];
  if (!isFloat(values)) return;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v) || Number.isInteger(v)) continue;
    const whole = Object.keys(fields).filter((name) => !isFloat(fields[name]));
    throw new InputError(`${classFrom} holds measures (such as ${Number(v.toPrecision(4))}), not classes: a LAS's classes are taken from a field of whole numbers${whole.length ? `, such as ${whole.join(', ')}` : ', and the points have none'}`);
  }
}

/** The classes of the points, and the field they came from where it is not the file's classification (kept whole as an extra dimension). */
function classesOf(fields: Record<string, ScalarArray>, classFrom: string | undefined, n: number, notes: string[]): Uint8Array {
  const name = classFrom ?? LAS_CLASS_FIELD;
  const source = fields[name];
  if (!source) {
    if (classFrom) throw new InputError(`there is no field "${classFrom}" to take the classes from: the points have ${Object.keys(fields).join(', ') || 'no fields'}`);
    return new Uint8Array(n);
  }
  if (classFrom) refuseMeasure(fields, classFrom, n);
  const classes = new Uint8Array(n);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (Number.isInteger(v) && v >= 0 && v <= 255) classes[i] = v;
    else outside++;
  }
  if (classFrom && classFrom !== LAS_CLASS_FIELD) notes.push(`the LAS classes (0 to 255) are the values of ${classFrom}, also kept whole as its own dimension`);
  if (outside) notes.push(`${formatCount(outside)} points have a ${name} that is no LAS class (not a whole number from 0 to 255, such as -1): their class is 0, never classified${name === LAS_CLASS_FIELD ? '' : `, and ${name} keeps their value`}`);
  return classes;
}

/**
 * The WKT of the system the source declared: its own (a LAS record's, or a PLY note that is WKT), else
 * an engineering (local) system of its name and unit, which says the unit without a projection.
 */
function wktOf({ crs, crsWkt, unit }: LasWriteOptions, notes: string[]): string | undefined {
  if (crsWkt) return crsWkt;
  if (crs && parseWkt(crs)) return crs;
  if (!unit) {
    // a local system must give a unit, and metres would be a guess
    if (crs) notes.push(`the coordinate system is known here only by its name, ${crs}, without its unit: the LAS declares none`);
    return undefined;
  }
  if (crs) notes.push(`the coordinate system is known here only by its name, ${crs}: the LAS names it, with its unit, as a local system, without its projection`);
  const name = (crs ?? 'unknown').replace(/"/g, "'");
  return `LOCAL_CS["${name}",LOCAL_DATUM["unknown",0],UNIT["${WKT_UNIT_NAMES[unit]}",${METRES_PER[unit]}],AXIS["X",EAST],AXIS["Y",NORTH],AXIS["Z",UP]]`;
}

function ascii(target: Uint8Array, at: number, text: string, max: number): void {
  for (let k = 0; k < Math.min(text.length, max); k++) target[at + k] = text.charCodeAt(k) & 0x7f;
}

/** A variable length record: its 54-byte header, then `body`. */
export function vlr(userId: string, recordId: number, description: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(VLR_HEADER_BYTES + body.length);
  const dv = new DataView(out.buffer);
  ascii(out, 2, userId, 16);
  dv.setUint16(18, recordId, true);
  dv.setUint16(20, body.length, true);
  ascii(out, 22, description, 32);
  out.set(body, VLR_HEADER_BYTES);
  return out;
}

interface ExtraColumn {
  name: string;
  data: ScalarArray;
  stride: number;
  component: number;
  type: PlyTypeName;
  size: number;
}

/** Names of at most 32 characters, told apart where cutting them made two the same. */
function extraNames(names: string[], notes: string[]): string[] {
  const taken = new Set<string>();
  const cut: string[] = [];
  const out = names.map((name) => {
    let short = name.slice(0, NAME_BYTES);
    for (let k = 2; taken.has(short); k++) short = `${name.slice(0, NAME_BYTES - String(k).length - 1)}_${k}`;
    taken.add(short);
    if (short !== name) cut.push(`${name} as ${short}`);
    return short;
  });
  if (cut.length) notes.push(`LAS names a dimension in at most ${NAME_BYTES} characters: ${cut.join(', ')}`);
  return out;
}

function extraBytesRecord(columns: ExtraColumn[]): Uint8Array {
  const body = new Uint8Array(DESCRIPTOR_BYTES * columns.length);
  columns.forEach((c, d) => {
    body[d * DESCRIPTOR_BYTES + 2] = EXTRA_TYPE[c.type];
    ascii(body, d * DESCRIPTOR_BYTES + 4, c.name, NAME_BYTES);
  });
  return vlr('LASF_Spec', 4, 'extra bytes', body);
}

function writeValue(dv: DataView, at: number, type: PlyTypeName, v: number): void {
  switch (type) {
    case 'uint8': return dv.setUint8(at, v);
    case 'int8': return dv.setInt8(at, v);
    case 'uint16': return dv.setUint16(at, v, true);
    case 'int16': return dv.setInt16(at, v, true);
    case 'uint32': return dv.setUint32(at, v, true);
    case 'int32': return dv.setInt32(at, v, true);
    case 'float32': return dv.setFloat32(at, v, true);
    case 'float64': return dv.setFloat64(at, v, true);
  }
}

/**
 * `geometry` (a mesh as its vertices) as LAS 1.4, with `extraFields` (predictions, say) after its
 * own fields, winning on a name clash. Positions kept relative to an `origin` are written in the
 * file's coordinates. Each LAS field of the points (see the top of this file) takes its place in
 * the point format where every value fits; a field that does not, or that the format has no place
 * for, is kept as an extra dimension instead, with a note.
 * `onProgress` hears how far it is, a block of points at a time.
 */
export function writeLas(geometry: Geometry, extraFields: Record<string, ScalarArray> = {}, options: LasWriteOptions = {}, onProgress?: WriteProgress): WrittenLas {
  const notes: string[] = [];
  const n = geometry.positions.length / 3;
  if (geometry.kind === 'mesh') notes.push(`LAS holds points: the mesh is saved as its ${formatCount(n)} vertices, without its triangles`);
  const fields = { ...geometry.fields, ...extraFields };
  for (const [name, data] of Object.entries(fields)) if (data.length !== n) throw new Error(`field "${name}" has ${data.length} values for ${n} points`);
  const file = options.origin ? inFileCoordinates(geometry.positions, options.origin) : geometry.positions;
  const { scale, offset } = grid(file, n, options.lasGrid, notes);

  const classes = classesOf(fields, options.classFrom, n, notes);
  const colors = geometry.colors;
  const pointFormat = lasWriteFormat(formatNeeds(fields, classes, !!colors), options.lasGrid?.pointFormat, !!options.forLaz, notes);
  const layout = recordLayout(pointFormat);
  const placed = new Set<string>([LAS_CLASS_FIELD]);
  /** `name`'s values where they fit a LAS slot of 0 to `max`; `noPlace`: why the file has none for them */
  const slot = (name: string, max: number, noPlace?: string | false) => {
    const data = fields[name];
    if (!data) return undefined;
    if (noPlace) {
      notes.push(`${name} is kept as a dimension of its own: ${noPlace}`);
      return undefined;
    }
    if (fitsSlot(data, max)) {
      placed.add(name);
      return data;
    }
    notes.push(`${name} has values that are not whole numbers from 0 to ${max}: it is kept as a dimension of its own, not in the LAS ${name}`);
    return undefined;
  };
  const returnMax = 2 ** layout.returnBits - 1;
  const intensity = slot('intensity', 0xffff);
  const returnNumber = slot('return_number', returnMax);
  const returns = slot('number_of_returns', returnMax);
  const source = slot('point_source_id', 0xffff);
  const userData = slot('user_data', 0xff);
  const scanDirection = slot('scan_direction', 1);
  const edge = slot('edge_of_flight_line', 1);
  const noPlace = `point format ${pointFormat} has no place for it`;
  const flags = LAS_FLAG_FIELDS.map((name, b) => slot(name, 1, b >= layout.flags && noPlace));
  // writeLaz's coder keeps one context, that of channel 0
  const channel = slot('scanner_channel', 3, !layout.channel ? noPlace : options.forLaz && 'LAZ is written here of scanner channel 0 only');
  const nir = slot('nir', 0xffff, layout.nirAt === undefined && noPlace);
  const source16 = colors && layout.colorAt !== undefined && LAS_COLOR_FIELDS.every((name) => name in fields) ? LAS_COLOR_FIELDS.map((name) => slot(name, 0xffff)) : undefined;
  const sourceColors = source16?.every((values) => values) ? (source16 as ScalarArray[]) : undefined;
  const scanAngle = scanAngleSlot(fields.scan_angle, pointFormat, notes);
  if (scanAngle) placed.add('scan_angle');
  const gps = fields.gps_time;
  if (gps) placed.add('gps_time');

  const rest = Object.entries(fields).filter(([name]) => !placed.has(name) || (name === LAS_CLASS_FIELD && options.classFrom && options.classFrom !== LAS_CLASS_FIELD));
  const normals = geometry.normals;
  const named = [
    ...(normals ? ['nx', 'ny', 'nz'].map((name, k) => ({ name, data: normals, stride: 3, component: k })) : []),
    ...rest.map(([name, data]) => ({ name: name === LAS_CLASS_FIELD ? SOURCE_CLASS_FIELD : name, data, stride: 1, component: 0 })),
  ];
  const names = extraNames(named.map((c) => c.name), notes);
  const standard = layout.bytes;
  let recordLength = standard;
  const extras: ExtraColumn[] = named.map((c, k) => {
    const { name: type, size } = plyTypeOf(c.data);
    recordLength += size;
    return { ...c, name: names[k], type, size };
  });
  if (recordLength > 0xffff) throw new Error(`the points carry ${extras.length} fields, ${recordLength} bytes a point: more than a LAS point record holds (65535 bytes)`);

  const wkt = wktOf(options, notes);
  const wktBytes = wkt && new TextEncoder().encode(`${wkt}\0`);
  if (wktBytes && wktBytes.length > 0xffff) throw new Error(`its coordinate system's WKT takes ${wktBytes.length} bytes, more than a LAS record holds (65535)`);
  const records = [...(wktBytes ? [vlr('LASF_Projection', 2112, 'OGC WKT', wktBytes)] : []), ...(extras.length ? [extraBytesRecord(extras)] : [])];
  const dataOffset = HEADER_BYTES + records.reduce((s, r) => s + r.length, 0);
  const total = dataOffset + recordLength * n;
  if (!Number.isSafeInteger(total) || total > 2 ** 31) throw new Error(`${formatCount(n)} points take ${total} bytes as LAS, more than pointlens writes in one file (2 GiB)`);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);

  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const byReturn = new Array<number>(15).fill(0);
  const colorScale = colorScaleFor(options.lasGrid, !!colors, !!sourceColors, notes);
  let recoloured = 0;
  const { returnBits, scanBitsAt, flagsAt, flagShift, classAt, sourceAt, gpsAt, colorAt, nirAt, scanAngleAt } = layout;
  for (let i = 0, p = dataOffset; i < n; i++, p += recordLength) {
    if (i % PROGRESS_BLOCK === 0) onProgress?.(i / n);
    for (let k = 0; k < 3; k++) {
      const q = Math.round((file[3 * i + k] - offset[k]) / scale[k]);
      dv.setInt32(p + 4 * k, q, true);
      const v = q * scale[k] + offset[k];
      lo[k] = Math.min(lo[k], v);
      hi[k] = Math.max(hi[k], v);
    }
    if (intensity) dv.setUint16(p + 12, intensity[i], true);
    // a point with no returns recorded is its pulse's single return
    const r = returnNumber ? returnNumber[i] : 1;
    out[p + 14] = r | ((returns ? returns[i] : 1) << returnBits);
    if (r >= 1) byReturn[r - 1]++;
    // the bytes below share bits (formats 0-5 keep the class and flags in one byte): each is or-ed in
    out[p + scanBitsAt] |= (scanDirection ? scanDirection[i] << 6 : 0) | (edge ? edge[i] << 7 : 0);
    for (let b = 0; b < flags.length; b++) if (flags[b]) out[p + flagsAt] |= flags[b]![i] << (flagShift + b);
    if (channel) out[p + flagsAt] |= channel[i] << 4;
    out[p + classAt] |= classes[i];
    if (scanAngle) writeValue(dv, p + scanAngleAt, layout.scanAngleBytes === 1 ? 'int8' : 'int16', scanAngle[i]);
    if (userData) out[p + USER_DATA_AT] = userData[i];
    if (source) dv.setUint16(p + sourceAt, source[i], true);
    if (gps && gpsAt !== undefined) dv.setFloat64(p + gpsAt, gps[i], true);
    if (colors && colorAt !== undefined) {
      const own = sourceColors && keepsSourceColor(colors, sourceColors, i);
      if (sourceColors && !own) recoloured++;
      for (let c = 0; c < 3; c++) dv.setUint16(p + colorAt + 2 * c, own ? sourceColors[c][i] : colors[3 * i + c] * colorScale, true);
    }
    if (nir && nirAt !== undefined) dv.setUint16(p + nirAt, nir[i], true);
    let at = p + standard;
    for (const e of extras) {
      writeValue(dv, at, e.type, e.data[i * e.stride + e.component]);
      at += e.size;
    }
  }

  if (recoloured) notes.push(`${formatCount(recoloured)} points whose colour changed since the LAS was read are written from their 8 bits, times ${colorScale}; the others keep the source's 16-bit colours`);

  ascii(out, 0, 'LASF', 4);
  dv.setUint16(6, WKT_ENCODING, true);
  out[24] = 1;
  out[25] = 4;
  ascii(out, 26, 'OTHER', 32);
  ascii(out, 58, 'pointlens', 32);
  const today = new Date();
  dv.setUint16(90, Math.floor((today.getTime() - Date.UTC(today.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, true);
  dv.setUint16(92, today.getUTCFullYear(), true);
  dv.setUint16(94, HEADER_BYTES, true);
  dv.setUint32(96, dataOffset, true);
  dv.setUint32(100, records.length, true);
  dv.setUint8(104, pointFormat);
  dv.setUint16(105, recordLength, true);
  // the legacy counts (bytes 107-130), of 32 bits and five returns, are LAS 1.4's for formats 0-5
  // only: of formats 6-10 it requires 0, and their counts are the 64-bit ones
  if (pointFormat < 6) {
    dv.setUint32(107, n, true);
    for (let k = 0; k < 5; k++) dv.setUint32(111 + 4 * k, byReturn[k], true);
  }
  for (let k = 0; k < 3; k++) {
    dv.setFloat64(131 + 8 * k, scale[k], true);
    dv.setFloat64(155 + 8 * k, offset[k], true);
    dv.setFloat64(179 + 16 * k, n ? hi[k] : 0, true);
    dv.setFloat64(187 + 16 * k, n ? lo[k] : 0, true);
  }
  dv.setBigUint64(247, BigInt(n), true);
  byReturn.forEach((c, k) => dv.setBigUint64(255 + 8 * k, BigInt(c), true));
  let at = HEADER_BYTES;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return { bytes: out, notes };
}
