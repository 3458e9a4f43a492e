// The data contracts every layer shares. Typed arrays only, so that a parse result can be
// transferred between workers and serialised without copying field by field.
import type { SignedAxis } from './geometry/signedAxis';

export type ScalarArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export type UpAxis = 'y' | 'z';

/** A unit of length (core/units.ts): metres, centimetres, millimetres, feet, US survey feet. */
export type LengthUnit = 'm' | 'cm' | 'mm' | 'ft' | 'ftUS';

/** What a label field's id stands for, as a file names it (core/io/plyNotes: a pointlens export). */
export interface NamedClass {
  id: number;
  name: string;
  /** rgb 0..255 */
  color: [number, number, number];
}

export interface PointCloud {
  kind: 'points';
  /** xyz, 3 floats a point */
  positions: Float32Array;
  /** rgb 0..255, 3 bytes a point */
  colors?: Uint8Array;
  /** unit normals, 3 floats a point */
  normals?: Float32Array;
  /** every other per-point property by its name in the file (label, instance, intensity, ...) */
  fields: Record<string, ScalarArray>;
  /** the classes label fields' ids stand for, by field, where the file names them */
  fieldClasses?: Record<string, NamedClass[]>;
}

export interface MeshGroup {
  name: string;
  /** first index into `indices` and number of indices (a multiple of 3) */
  start: number;
  count: number;
  /** the material the file names for these faces (OBJ usemtl) */
  material?: string;
  /** diffuse colour 0..1 from a material, where the file gave one */
  color?: [number, number, number];
}

export interface Mesh {
  kind: 'mesh';
  positions: Float32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
  uvs?: Float32Array;
  /** triangles after triangulation of the file's polygons */
  indices: Uint32Array;
  /** faces as the file listed them, before triangulation */
  faceCount: number;
  groups: MeshGroup[];
  /** other per-vertex properties by name */
  fields: Record<string, ScalarArray>;
  /** the classes label fields' ids stand for, by field, where the file names them */
  fieldClasses?: Record<string, NamedClass[]>;
}

export type Geometry = PointCloud | Mesh;

export type FormatId = 'ply' | 'obj' | 'off' | 'stl' | 'gltf' | 'pcd' | 'las' | 'xyz' | 'npy' | 'bin';

/**
 * How a LAS file stores its points: coordinates as integers times `scale` plus `offset`, axis by
 * axis, in the file's own coordinates, in records of `pointFormat`, colours as 8 bits times
 * `colorScale`. A LAS written of the same points in them gives back the same records.
 */
export interface LasGrid {
  scale: [number, number, number];
  offset: [number, number, number];
  pointFormat?: number;
  /** what the file's 16-bit colours are of the 8 bits read: 1 (8-bit values), 256 or 257; absent where their low bytes say more */
  colorScale?: number;
}

/** A box a file's header declares, in the file's own coordinates (not less any origin). */
export interface DeclaredBox {
  min: [number, number, number];
  max: [number, number, number];
}

export interface ParseResult {
  format: FormatId;
  data: Geometry;
  /** points dropped because a coordinate was NaN or infinite */
  droppedNonFinite: number;
  /** things the user should know that did not stop the parse */
  warnings: string[];
  /** the up axis the format's usual producers use, where one is known */
  upAxis?: UpAxis;
  /** the unit of length the file itself declares (a LAS file's coordinate system), where it names one */
  unit?: LengthUnit;
  /** the coordinate system the file names (a LAS file's WKT record or GeoTIFF keys), where it names one */
  crs?: string;
  /** the coordinate system as the file's own WKT record gives it, where it has one: a LAS export keeps it */
  crsWkt?: string;
  /** the box the file's header declares, in its own coordinates (a LAS file's), where it declares one */
  declaredBox?: DeclaredBox;
  /** the scale and offset a LAS file's coordinates are stored with: a LAS export of its points keeps them */
  lasGrid?: LasGrid;
  /** where the file's coordinates lie far from zero: they are `positions` plus this (core/io/shift.ts) */
  origin?: [number, number, number];
  /** the up the file states itself (core/io/plyNotes.ts: a PLY pointlens exported) */
  statedUp?: SignedAxis;
}

/** An input to a parser: one file's bytes and name, plus any files dropped with it (OBJ+MTL, NPY siblings). */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/** A file read by byte range instead of whole (on disk, for the command line), where a reader needs only parts of it. */
export interface RangedFile {
  name: string;
  size: number;
  /** bytes `begin` up to `end`, fewer where the file ends sooner */
  read(begin: number, end: number): Uint8Array;
}

/** 3D box, ScanNet's convention: centre and full size, square to the axes unless turned about one through its centre. */
export interface Box3 {
  center: [number, number, number];
  size: [number, number, number];
  /** where the box is turned (found square to a room's walls, which are not square to the file's axes): radians, right-handed about the + end of `axis` (0 x, 1 y, 2 z) */
  turn?: { axis: 0 | 1 | 2; radians: number };
}

export interface LabelledBox extends Box3 {
  label: string;
  classIndex: number;
  score: number;
  points: number;
  /** the same box drawn around its points square to the room's walls, where they are not square to the file's axes */
  square?: Box3;
}

// C0 and C1 control characters and the bidirectional overrides: a file's bytes quoted in a
// message must not drive the user's terminal (an OSC title, a screen clear) or reorder the text.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character written as a visible escape (`\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Text from a file, cut to what a message can quote: a lying header may repeat itself for kilobytes. */
export function clipped(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An error meant for the person using the app: its message is shown as it is, made printable here once for every caller. */
export class InputError extends Error {
  constructor(message: string) {
    super(printable(message));
    this.name = 'InputError';
  }
}
