// NumPy .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html), the form
// two common preparations leave indoor scans in, with per-point arrays in sibling files that only
// mean something together with the main one:
// - ScanNet's VoteNet: `<scene>_vert.npy` (N, 6) xyz rgb, `<scene>_sem_label.npy`, `<scene>_ins_label.npy`;
//   its SUN RGB-D frames and box-only scans: `<scene>_xyz.npy` (N, 3) with `<scene>_rgb.npy` (N, 3) uint8;
// - Pointcept (S3DIS, ScanNet): a folder per scene of `coord.npy` (N, 3) and `color.npy`,
//   `normal.npy`, `segment.npy` / `segment20.npy` / `segment200.npy` and `instance.npy`.
import { nyu40FromScannet20 } from '../ml/scannetLabels';
import { InputError, clipped, type InputFile, type PointCloud, type ScalarArray } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { MAX_ATTRIBUTES, checkBudget } from './limits';
import { bytesLeftOut } from './leftOut';
import { halfToNumber } from './halfFloat';
import { ELEMENT_SIZE, isWiderThanFloat32, npyColors } from './npyTypes';
import { parseStructuredNpy, structuredNpy } from './npyStructured';
import { plural } from '../format';
import { precisionWarnings } from './precision';
import { originOfFirstFinite, shiftNote } from './shift';
import { APP_TERMS, type CompanionTerms } from './companionTerms';

export interface NpyArray {
  shape: number[];
  /** numpy's type string without the byte order, e.g. "f4", "u4", "i8" */
  dtype: string;
  /** the values in C order; 64-bit integers become doubles (exact up to 2^53) */
  data: ScalarArray;
  /** bytes after the values the shape declares */
  extraBytes: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];


function isNpy(b: Uint8Array): boolean {
  return MAGIC.every((m, i) => b[i] === m);
}

function typedView(dtype: string, buffer: ArrayBuffer, n: number): ScalarArray {
  switch (dtype) {
    case 'f2':
      return Float32Array.from(new Uint16Array(buffer, 0, n), halfToNumber);
    case 'f4':
      return new Float32Array(buffer, 0, n);
    case 'f8':
      return new Float64Array(buffer, 0, n);
    case 'i1':
      return new Int8Array(buffer, 0, n);
    case 'u1':
    case 'b1':
      return new Uint8Array(buffer, 0, n);
    case 'i2':
      return new Int16Array(buffer, 0, n);
    case 'u2':
      return new Uint16Array(buffer, 0, n);
    case 'i4':
      return new Int32Array(buffer, 0, n);
    case 'u4':
      return new Uint32Array(buffer, 0, n);
    case 'i8':
      return Float64Array.from(new BigInt64Array(buffer, 0, n), Number);
    case 'u8':
      return Float64Array.from(new BigUint64Array(buffer, 0, n), Number);
    default:
      throw new InputError(`holds NumPy type "${clipped(dtype)}", which is not a number type pointlens reads`);
  }
}

/** What an .npy header says: the array's shape, type and order, and where its values start. */
export interface NpyHeader {
  shape: number[];
  /** numpy's type string without the byte order, e.g. "f4" */
  dtype: string;
  /** bytes of one value */
  size: number;
  bigEndian: boolean;
  fortran: boolean;
  dataStart: number;
}

/** The text of an .npy file's header (a Python dict) and where its values start, from its first bytes; null while its end has not come yet. */
export function npyHeaderText(bytes: Uint8Array): { header: string; dataStart: number } | null {
  if (bytes.length < MAGIC.length) return null;
  if (!isNpy(bytes)) throw new InputError('is not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = bytes[6];
  if (major < 1 || major > 3) throw new InputError(`is NumPy format version ${major}.${bytes[7] ?? 0}; pointlens reads versions 1 to 3`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // version 1 gives the header length in 2 bytes, versions 2 and 3 in 4
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) return null;
  const headerLen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) return null;
  return { header: new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataStart)), dataStart };
}

/** The header of an .npy file from its first bytes, or null while its end has not come yet. */
export function npyHeaderOf(bytes: Uint8Array): NpyHeader | null {
  const text = npyHeaderText(bytes);
  if (!text) return null;
  const { header, dataStart } = text;
  const descr = /'descr'\s*:\s*'([<>|=])([A-Za-z]\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeMatch) throw new InputError('has a NumPy header pointlens cannot read (structured or object arrays are not supported)');
  const dtype = descr[2];
  const size = ELEMENT_SIZE[dtype];
  if (!size) throw new InputError(`holds NumPy type "${clipped(descr[1] + dtype)}", which is not a number type pointlens reads`);
  const shape = shapeMatch[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length)
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new InputError(`has a bad NumPy shape (${clipped(shapeMatch[1])})`);
  return { shape, dtype, size, bigEndian: descr[1] === '>', fortran: fortran[1] === 'True', dataStart };
}

export function parseNpyArray(bytes: Uint8Array): NpyArray {
  const head = npyHeaderOf(bytes);
  if (!head) throw new InputError(isNpy(bytes) ? 'is truncated inside its NumPy header' : 'is not a NumPy .npy file (no \\x93NUMPY magic)');
  const { shape, dtype, size, dataStart } = head;
  const n = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - dataStart;
  if (n * size > available) {
    throw new InputError(`is truncated: its header declares shape (${clipped(shape.join(', '))}), ${n * size} bytes, but only ${available} bytes follow`);
  }
  // a copy gives an aligned buffer of our own; the file's bytes may sit at any offset
  const raw = new Uint8Array(bytes.subarray(dataStart, dataStart + n * size));
  if (head.bigEndian && size > 1) {
    for (let i = 0; i < raw.length; i += size) raw.subarray(i, i + size).reverse();
  }
  let data = typedView(dtype, raw.buffer, n);
  if (head.fortran && shape.length === 2) {
    const [rows, cols] = shape;
    const c = new (data.constructor as new (n: number) => ScalarArray)(n);
    for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) c[r * cols + k] = data[k * rows + r];
    data = c;
  } else if (head.fortran && shape.length > 2) {
    throw new InputError('is a Fortran-ordered NumPy array of more than 2 dimensions, which is not supported');
  }
  return { shape, dtype, data, extraBytes: available - n * size };
}

// `<scene>_vert.npy` with `<scene>_sem_label.npy` / `<scene>_ins_label.npy`; the "_all" forms are
// mmdetection3d's full-resolution export. `<scene>_xyz.npy` with `<scene>_rgb.npy`; boxes are not read.
const MAIN_SUFFIX = /(_vert(_all)?|_xyz)?\.npy$/i;
const LABEL_SUFFIX = /_(sem|ins)_label(_all)?\.npy$/i;
const RGB_SUFFIX = /_rgb\.npy$/i;
const BOX_SUFFIX = /_(bbox(_idx)?|boxes)\.npy$/i;
const SCENE_ARRAYS = ['color', 'normal', 'segment', 'segment20', 'segment200', 'instance'];
const SCENE_ARRAY = new RegExp(`^(${SCENE_ARRAYS.join('|')})\\.npy$`, 'i');
const SCENE_MAIN = /^coord\.npy$/i;

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '');
}

export function isNpyCompanion(name: string): boolean {
  return LABEL_SUFFIX.test(name) || RGB_SUFFIX.test(name) || BOX_SUFFIX.test(name) || SCENE_ARRAY.test(baseName(name));
}

/**
 * The npy file a companion belongs beside, as a test of a main file's name: a VoteNet label, colour
 * or box array's `_vert.npy` or `_xyz.npy` (or bare `.npy`) of the same scene, a Pointcept array's
 * `coord.npy`; null for a name that is no npy companion.
 */
export function npyOwnerTest(companion: string): ((main: string) => boolean) | null {
  const name = baseName(companion);
  if (SCENE_ARRAY.test(name)) return (main) => SCENE_MAIN.test(baseName(main));
  const scene = name.replace(LABEL_SUFFIX, '').replace(RGB_SUFFIX, '').replace(BOX_SUFFIX, '');
  if (scene === name) return null;
  return (main) => baseName(main).replace(MAIN_SUFFIX, '') === scene;
}

/**
 * What a lone file's name makes it the companion of, and what to do, for a refusal: an ordinary
 * (N, 6) cloud saved as `room_rgb.npy` is taken for a VoteNet frame's colours, and only its name
 * says why, with what to do in the front end's `terms`. Undefined for a name that is no npy companion.
 */
export function npyCompanionRefusal(name: string, terms: CompanionTerms): string | undefined {
  const base = baseName(name);
  const scene = (suffix: RegExp) => base.replace(suffix, '');
  const rename = 'or rename it if it is a point cloud of its own';
  if (SCENE_ARRAY.test(base)) return `is taken by its name for an array of a Pointcept scene, read with the scene's coord.npy: ${terms.together('it', "the scene's coord.npy", true)}, ${rename}`;
  if (RGB_SUFFIX.test(base)) return `is taken by its name (ending in _rgb.npy) for the colours of a VoteNet frame's ${scene(RGB_SUFFIX)}_xyz.npy: ${terms.together('it', `${scene(RGB_SUFFIX)}_xyz.npy`)}, ${rename}`;
  if (LABEL_SUFFIX.test(base)) return `is taken by its name for the labels of ${scene(LABEL_SUFFIX)}_vert.npy: ${terms.together('it', `${scene(LABEL_SUFFIX)}_vert.npy`)}, ${rename}`;
  if (BOX_SUFFIX.test(base)) return `is taken by its name for the boxes of ${scene(BOX_SUFFIX)}_vert.npy, which pointlens leaves unread; rename it if it is a point cloud of its own`;
  return undefined;
}

/** The sibling arrays Pointcept writes beside a scene's `coord.npy`. */
export const SCENE_ARRAY_NAMES = SCENE_ARRAYS.map((a) => `${a}.npy`);

function toInt32(a: ScalarArray): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  return out;
}

function companionArray(c: InputFile): NpyArray {
  try {
    return parseNpyArray(c.bytes);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${baseName(c.name)} ${e.message}`);
    throw e;
  }
}

/** The label and colour arrays of the same scene beside a VoteNet `_vert.npy` or `_xyz.npy`. */
function attachSceneFiles(cloud: PointCloud, name: string, companions: InputFile[], warnings: string[]): void {
  const scene = baseName(name).replace(MAIN_SUFFIX, '');
  const n = cloud.positions.length / 3;
  for (const c of companions) {
    const m = LABEL_SUFFIX.exec(c.name) ?? RGB_SUFFIX.exec(c.name);
    if (!m) continue;
    const cname = baseName(c.name);
    const what = RGB_SUFFIX.test(cname) ? 'colours' : 'labels';
    if (cname.slice(0, cname.length - m[0].length) !== scene) {
      warnings.push(`${cname} does not belong to ${baseName(name)}; its ${what} were not used`);
      continue;
    }
    const arr = companionArray(c);
    if (what === 'colours') {
      if (arr.shape.length === 2 && arr.shape[0] === n && arr.shape[1] === 3) cloud.colors = npyColors(arr.data, (i) => i, n, arr.dtype, warnings);
      else warnings.push(`${cname} holds colours in shape (${arr.shape.join(', ')}) for ${plural(n, 'point')}; its colours were not used`);
      continue;
    }
    if (arr.data.length !== n || labelShape(arr.shape).length !== 1) {
      warnings.push(`${cname} holds ${plural(arr.data.length, 'label')} in shape (${arr.shape.join(', ')}) for ${plural(n, 'point')}; its labels were not used`);
      continue;
    }
    cloud.fields[m[1].toLowerCase() === 'sem' ? 'label' : 'instance'] = toInt32(arr.data);
  }
}

/** A label array's shape, a column (N, 1) as `labels[:, None]` saves one taken as the (N) it holds. */
function labelShape(shape: number[]): number[] {
  return shape.length === 2 && shape[1] === 1 ? [shape[0]] : shape;
}

/**
 * The arrays beside a Pointcept `coord.npy`. `segment20.npy` holds ScanNet's 20 classes as indices
 * (-1 unannotated), kept as the NYU40 ids ScanNet's own files carry so that the scene's truth reads
 * as theirs; `segment.npy` and `segment200.npy` are label spaces pointlens does not score against
 * (S3DIS's 13 classes, ScanNet200) and stay fields of their own. Pointcept counts instances from 0
 * with -1 for none, where pointlens (and ScanNet) count from 1 with 0 for none.
 */
function attachSceneArrays(cloud: PointCloud, companions: InputFile[], warnings: string[]): void {
  const n = cloud.positions.length / 3;
  for (const c of companions) {
    const name = baseName(c.name);
    const kind = SCENE_ARRAY.exec(name)?.[1].toLowerCase();
    if (!kind) continue;
    const arr = companionArray(c);
    const width = kind === 'color' || kind === 'normal' ? 3 : 1;
    const fits = arr.shape[0] === n && (width === 3 ? arr.shape.length === 2 && arr.shape[1] === 3 : labelShape(arr.shape).length === 1);
    if (!fits) {
      warnings.push(`${name} holds an array of shape (${arr.shape.join(', ')}) for ${n} points, where (${width === 3 ? `${n}, 3` : n}) belongs; it was not used`);
      continue;
    }
    if (kind === 'color') cloud.colors = npyColors(arr.data, (i) => i, n, arr.dtype, warnings);
    else if (kind === 'normal') cloud.normals = Float32Array.from(arr.data);
    else if (kind === 'segment20') cloud.fields.label = Int32Array.from(nyu40FromScannet20(arr.data));
    else if (kind === 'instance') cloud.fields.instance = Int32Array.from(arr.data, (id) => (id >= 0 ? id + 1 : 0));
    else cloud.fields[kind] = toInt32(arr.data);
  }
}

/** Gives `cloud`, read from the npy file `name`, the arrays of the `companions` that belong beside it; `warnings` gets those that do not. */
export function attachNpyCompanions(cloud: PointCloud, name: string, companions: InputFile[], warnings: string[]): void {
  if (SCENE_MAIN.test(baseName(name))) return attachSceneArrays(cloud, companions, warnings);
  attachSceneFiles(cloud, name, companions, warnings);
  const strays = companions.map((c) => baseName(c.name)).filter((c) => SCENE_ARRAY.test(c));
  if (strays.length) warnings.push(`${strays.join(', ')} belong${strays.length > 1 ? '' : 's'} beside a coord.npy, not ${baseName(name)}; ${strays.length > 1 ? 'they were' : 'it was'} not used`);
}

/** The bytes a point of a companion array takes once read (colours as bytes, normals as floats, labels as 32-bit integers); 0 for one that is not read. */
export function npyCompanionBytesPerPoint(name: string): number {
  const base = baseName(name);
  if (RGB_SUFFIX.test(base) || /^color\.npy$/i.test(base)) return 3;
  if (/^normal\.npy$/i.test(base)) return 12;
  return LABEL_SUFFIX.test(base) || SCENE_ARRAY.test(base) ? 4 : 0;
}

/**
 * Whether an array of `shape` is a cloud saved with a point a column (`points.T`): 3 to 9 rows (x, y,
 * z and a few more values a point) of ten times as many columns, where read as rows it would be
 * a few points of hundreds of values.
 */
export function isTransposedCloud(shape: number[]): boolean {
  return shape.length === 2 && shape[0] >= 3 && shape[0] <= 9 && shape[1] >= 10 * shape[0];
}

/** The array with its rows as columns, and the warning that says so. */
function transposed(arr: NpyArray): { arr: NpyArray; warning: string } {
  const [rows, cols] = arr.shape;
  const data = new (arr.data.constructor as new (n: number) => ScalarArray)(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = arr.data[r * cols + c];
  const warning = `holds a NumPy array of shape (${rows}, ${cols}), a point a column: read as ${plural(cols, 'point')} of ${rows} values (the array transposed)`;
  return { arr: { ...arr, shape: [cols, rows], data }, warning };
}

/** The (points, columns) of an array that holds a point cloud; other shapes are refused, a label array's in the front end's `terms`. */
export function cloudShape(shape: number[], terms = APP_TERMS): [number, number] {
  if (shape.length !== 2 || shape[1] < 3) {
    throw new InputError(
      `holds a NumPy array of shape (${shape.join(', ')}), not a point cloud: pointlens reads (N, 3) xyz or (N, 6) xyz rgb arrays${shape.length === 1 ? ` (a 1-D array is a label file: ${terms.together('it', 'its _vert.npy')})` : ''}`,
    );
  }
  const [n, cols] = shape;
  if (cols > MAX_ATTRIBUTES) {
    throw new InputError(`holds a NumPy array of shape (${n}, ${cols}): ${cols} values a point is not a point cloud; pointlens reads arrays of up to ${MAX_ATTRIBUTES} columns`);
  }
  return [n, cols];
}

export function parseNpyCloud(bytes: Uint8Array, context: Pick<LoaderContext, 'companions' | 'name' | 'terms'>): LoadedGeometry {
  const text = npyHeaderText(bytes);
  const structured = text && structuredNpy(text.header);
  if (structured) {
    const loaded = parseStructuredNpy(bytes, text.header, text.dataStart, structured);
    attachNpyCompanions(loaded.data, context.name, context.companions, loaded.warnings);
    return loaded;
  }
  const read = parseNpyArray(bytes);
  const turned = isTransposedCloud(read.shape) ? transposed(read) : undefined;
  const arr = turned?.arr ?? read;
  const [n, cols] = cloudShape(arr.shape, context.terms);
  checkBudget(n, 15 + 4 * Math.max(0, cols - 3), 'points');
  const d = arr.data;
  // the first finite row's neighbourhood, as the stream reader (npyRecords) takes it, so that both read a file alike
  const origin = isWiderThanFloat32(arr.dtype) ? originOfFirstFinite(n, (i, c) => d[i * cols + c]) : undefined;
  const positions = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) positions[i * 3 + c] = d[i * cols + c] - (origin?.[c] ?? 0);
  const cloud: PointCloud = { kind: 'points', positions, fields: {} };
  const warnings = turned ? [turned.warning] : [];
  let next = 3;
  if (cols >= 6) {
    cloud.colors = npyColors(d, (i) => Math.floor(i / 3) * cols + 3 + (i % 3), n, arr.dtype, warnings);
    next = 6;
  }
  for (let c = next; c < cols; c++) {
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) f[i] = d[i * cols + c];
    cloud.fields[`column_${c}`] = f;
  }
  if (isWiderThanFloat32(arr.dtype)) warnings.push(...precisionWarnings(positions));
  if (origin) warnings.push(shiftNote(origin, 'its first row'));
  if (arr.extraBytes > 0) warnings.push(bytesLeftOut(arr.extraBytes, n, 'rows', cols * ELEMENT_SIZE[arr.dtype]));
  attachNpyCompanions(cloud, context.name, context.companions, warnings);
  // ScanNet and S3DIS, the sources of .npy scans, are z-up
  return { data: cloud, upAxis: 'z', warnings, ...(origin && { origin }) };
}

export const npyLoader: FormatLoader = {
  id: 'npy',
  name: 'NumPy',
  extensions: ['.npy'],
  strong: true,
  sniff: isNpy,
  parse: (bytes, context) => parseNpyCloud(bytes, context),
};
