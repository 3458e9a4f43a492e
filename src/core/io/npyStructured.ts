// A structured NumPy array: a record a point, each value named, as PDAL's writers.numpy and numpy's
// record arrays save a cloud ([('X', '<f8'), ('Y', '<f8'), ('Z', '<f8'), ('Intensity', '<u2'), ...]).
// x, y and z are the positions, red, green and blue the colours, nx, ny and nz the normals, whatever
// their case; every other field is kept by its name, a LAS dimension's in the LAS readers' spelling
// (PDAL's Classification as classification), so that it is read as a LAS file's is.
import { clipped, InputError, type PointCloud, type ScalarArray } from '../types';
import { LAS_POINT_FIELDS } from './lasClasses';
import { MAX_ATTRIBUTES, checkBudget } from './limits';
import { bytesLeftOut } from './leftOut';
import { ELEMENT_SIZE, isWiderThanFloat32, npyColors, valueReader } from './npyTypes';
import { precisionWarnings } from './precision';
import { originOfFirstFinite, shiftNote } from './shift';
import type { LoadedGeometry } from './loader';

interface NpyField {
  name: string;
  /** numpy's type string without the byte order */
  dtype: string;
  bigEndian: boolean;
  /** bytes into the record */
  offset: number;
}

export interface StructuredNpy {
  fields: NpyField[];
  recordBytes: number;
}

const ENTRY = /\(\s*'([^']*)'\s*,\s*'([<>|=])([A-Za-z])(\d+)'\s*(,\s*\([^)]*\)\s*)?\)/g;

/** The fields of a structured array's header, or null where its type is a plain number type. */
export function structuredNpy(header: string): StructuredNpy | null {
  const list = /'descr'\s*:\s*\[(.*)\]/s.exec(header);
  if (!list) return null;
  const fields: NpyField[] = [];
  let offset = 0;
  for (const [, name, order, kind, digits, subarray] of list[1].matchAll(ENTRY)) {
    // numpy names the padding an aligned type leaves between its fields '' (or f<k>), of type V
    if (kind === 'V') {
      offset += Number(digits);
      continue;
    }
    if (subarray) throw new InputError(`holds a structured NumPy array whose field "${clipped(name)}" is itself an array, which pointlens does not read: save a field a value`);
    const dtype = kind + digits;
    if (!ELEMENT_SIZE[dtype]) throw new InputError(`holds a structured NumPy array whose field "${clipped(name)}" is of type "${clipped(order + dtype)}", which is not a number type pointlens reads`);
    fields.push({ name, dtype, bigEndian: order === '>', offset });
    offset += ELEMENT_SIZE[dtype];
  }
  if (list[1].replace(ENTRY, '').replace(/[\s,]/g, '')) throw new InputError('holds a structured NumPy array with nested or titled fields, which pointlens does not read: save a field a value');
  return { fields, recordBytes: offset };
}

const TRIPLES = {
  position: [['x', 'y', 'z']],
  color: [['red', 'green', 'blue'], ['r', 'g', 'b']],
  normal: [['nx', 'ny', 'nz'], ['normal_x', 'normal_y', 'normal_z']],
};

const ARRAY_OF: Record<string, new (n: number) => ScalarArray> = {
  f2: Float32Array, f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, b1: Uint8Array,
  i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array, i8: Float64Array, u8: Float64Array,
};

/** The fields a triple of `candidates` names, whatever their case, in order; undefined where the array has none of them whole. */
function tripleOf(fields: NpyField[], candidates: string[][]): NpyField[] | undefined {
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const names = candidates.find((c) => c.every((n) => byName.has(n)));
  return names?.map((n) => byName.get(n)!);
}

/** The name a field is kept by: a LAS dimension's as the LAS readers spell it, any other as the file does. */
function fieldName(name: string): string {
  const lower = name.toLowerCase();
  return (LAS_POINT_FIELDS as readonly string[]).includes(lower) ? lower : name;
}

/** The cloud of a structured array whose header text is `header`, its records from `dataStart` of `bytes`. */
export function parseStructuredNpy(bytes: Uint8Array, header: string, dataStart: number, { fields, recordBytes }: StructuredNpy): LoadedGeometry & { data: PointCloud; warnings: string[] } {
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!shape || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new InputError('has a NumPy header pointlens cannot read (no shape it can take)');
  if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
    throw new InputError(`holds a structured NumPy array of shape (${clipped(shape.join(', '))}), not a point cloud: pointlens reads one record a point, in shape (N)`);
  }
  const positions = tripleOf(fields, TRIPLES.position);
  if (!positions) throw new InputError(`holds a structured NumPy array with no x, y and z fields (its fields: ${clipped(fields.map((f) => f.name).join(', '))})`);
  const colors = tripleOf(fields, TRIPLES.color);
  const normals = tripleOf(fields, TRIPLES.normal);
  const taken = new Set([...positions, ...(colors ?? []), ...(normals ?? [])]);
  const others = fields.filter((f) => !taken.has(f));
  const kept = others.slice(0, MAX_ATTRIBUTES);
  const n = shape[0];
  const available = bytes.length - dataStart;
  if (n * recordBytes > available) throw new InputError(`is truncated: its header declares ${n} records of ${recordBytes} bytes, but only ${available} bytes follow`);
  checkBudget(n, 12 + (colors ? 3 + 24 : 0) + (normals ? 12 : 0) + kept.reduce((t, f) => t + ELEMENT_SIZE[f.dtype], 0), 'points');

  const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart, n * recordBytes);
  const column = (f: NpyField) => {
    const read = valueReader(f.dtype, !f.bigEndian);
    return (i: number) => read(dv, i * recordBytes + f.offset);
  };
  const xyz = positions.map(column);
  const wide = positions.some((f) => isWiderThanFloat32(f.dtype));
  const origin = wide ? originOfFirstFinite(n, (i, c) => xyz[c](i)) : undefined;
  const cloud: PointCloud = { kind: 'points', positions: new Float32Array(n * 3), fields: {} };
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) cloud.positions[3 * i + c] = xyz[c](i) - (origin?.[c] ?? 0);
  const warnings: string[] = [];
  if (colors) {
    const rgb = colors.map(column);
    const values = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) values[3 * i + c] = rgb[c](i);
    cloud.colors = npyColors(values, (i) => i, n, colors[0].dtype, warnings);
  }
  if (normals) {
    const nxyz = normals.map(column);
    cloud.normals = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) cloud.normals[3 * i + c] = nxyz[c](i);
  }
  for (const f of kept) {
    const out = new ARRAY_OF[f.dtype](n);
    const value = column(f);
    for (let i = 0; i < n; i++) out[i] = value(i);
    cloud.fields[fieldName(f.name)] = out;
  }
  if (others.length > kept.length) warnings.push(`has ${others.length} fields besides position, colour and normal; only the first ${MAX_ATTRIBUTES} were kept`);
  if (wide) warnings.push(...precisionWarnings(cloud.positions));
  if (origin) warnings.push(shiftNote(origin, 'its first record'));
  if (available > n * recordBytes) warnings.push(bytesLeftOut(available - n * recordBytes, n, 'records', recordBytes));
  return { data: cloud, upAxis: 'z', warnings, ...(origin && { origin }) };
}
