// Binary little-endian PLY of a point cloud, keeping every field with its own type, so that a
// labelled cloud exported by the app (or `pointlens segment --out`) reads back unchanged here,
// in CloudCompare or in Open3D.
import type { LasGrid, LengthUnit, Mesh, PointCloud, ScalarArray } from '../types';
import type { SignedAxis } from '../geometry/signedAxis';
import { plyTypeOf } from './plyTypes';
import { inFileCoordinates, type Origin } from './shift';
import { noteComments, type PlyNotes } from './plyNotes';

const PLY_TYPE_NAMES = { int8: 'char', uint8: 'uchar', int16: 'short', uint16: 'ushort', int32: 'int', uint32: 'uint', float32: 'float', float64: 'double' } as const;

interface Column {
  name: string;
  data: ScalarArray;
  stride: number;
  component: number;
}

/** Writes points `from` to `to` of column `c`, whose value sits `offset` bytes into each record. */
function writeColumn(dv: DataView, c: Column, offset: number, recordSize: number, from: number, to: number): void {
  const { data, stride, component } = c;
  const type = plyTypeOf(data).name;
  let p = offset + from * recordSize;
  let i = component + from * stride;
  for (let k = from; k < to; k++, p += recordSize, i += stride) {
    const v = data[i];
    switch (type) {
      case 'float32':
        dv.setFloat32(p, v, true);
        break;
      case 'float64':
        dv.setFloat64(p, v, true);
        break;
      case 'uint8':
        dv.setUint8(p, v);
        break;
      case 'int8':
        dv.setInt8(p, v);
        break;
      case 'uint16':
        dv.setUint16(p, v, true);
        break;
      case 'int16':
        dv.setInt16(p, v, true);
        break;
      case 'uint32':
        dv.setUint32(p, v, true);
        break;
      case 'int32':
        dv.setInt32(p, v, true);
        break;
    }
  }
}

/** Points written between two reports of progress: a few milliseconds' work. */
export const PROGRESS_BLOCK = 65_536;

/** Told the part of the points written so far, 0..1, while a large file is made. */
export type WriteProgress = (fraction: number) => void;

/** What the PLY says besides its points: where they are kept relative to, and its header notes. */
export type PlyWriteOptions = PlyNotes & { origin?: Origin; crsWkt?: string; lasGrid?: LasGrid };

/**
 * What a file read (a layer, a parse result) passes on to a file made of it, shown with `up`: its origin, and the unit and
 * coordinate system it declares (its WKT, and the scale and offset of its coordinates, for a LAS made of it). A file of the
 * points moved elsewhere gives `{ ...source, lasGrid: undefined }`: the source's grid is no grid of theirs.
 */
export function fromSource(source: { origin?: Origin; unit?: LengthUnit; crs?: string; crsWkt?: string; lasGrid?: LasGrid }, up: SignedAxis): PlyWriteOptions {
  return { up, ...(source.origin && { origin: source.origin }), ...(source.unit && { unit: source.unit }), ...(source.crs && { crs: source.crs }), ...(source.crsWkt && { crsWkt: source.crsWkt }), ...(source.lasGrid && { lasGrid: source.lasGrid }) };
}

/**
 * `extraFields` (predictions, say) are written after the cloud's own fields and win on a name clash.
 * Positions kept relative to an `origin` are written back in the file's coordinates, as doubles.
 * The up the cloud was shown with and the classes of its label fields (its own, and `classes` for
 * the extra ones) are stated in the header (plyNotes.ts) for reading back. `onProgress` hears how far
 * it is, a block of points at a time.
 */
export function writePly(cloud: PointCloud | Mesh, extraFields: Record<string, ScalarArray> = {}, { origin, ...notes }: PlyWriteOptions = {}, onProgress?: WriteProgress): Uint8Array {
  const n = cloud.positions.length / 3;
  const columns: Column[] = [];
  const triple = (names: string[], data: ScalarArray) => names.forEach((name, k) => columns.push({ name, data, stride: 3, component: k }));
  triple(['x', 'y', 'z'], origin ? inFileCoordinates(cloud.positions, origin) : cloud.positions);
  if (cloud.normals) triple(['nx', 'ny', 'nz'], cloud.normals);
  if (cloud.colors) triple(['red', 'green', 'blue'], cloud.colors);
  const fields = { ...cloud.fields, ...extraFields };
  for (const [name, data] of Object.entries(fields)) {
    if (!/^[^\s]+$/.test(name)) throw new Error(`writePly: field name "${name}" cannot be a PLY property name`);
    if (data.length !== n) throw new Error(`writePly: field "${name}" has ${data.length} values for ${n} points`);
    columns.push({ name, data, stride: 1, component: 0 });
  }
  // a mesh keeps its faces, as the triangles it was drawn with
  const triangles = cloud.kind === 'mesh' ? cloud.indices.length / 3 : 0;
  const header =
    ['ply', 'format binary_little_endian 1.0', 'comment written by pointlens', ...noteComments({ ...notes, classes: { ...cloud.fieldClasses, ...notes.classes } }).map((line) => `comment ${line}`), `element vertex ${n}`]
      .concat(columns.map((c) => `property ${PLY_TYPE_NAMES[plyTypeOf(c.data).name]} ${c.name}`))
      .concat(triangles ? [`element face ${triangles}`, 'property list uchar uint vertex_indices'] : [])
      .concat(['end_header'])
      .join('\n') + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const recordSize = columns.reduce((s, c) => s + plyTypeOf(c.data).size, 0);
  const out = new Uint8Array(headerBytes.length + recordSize * n + 13 * triangles);
  out.set(headerBytes);
  const dv = new DataView(out.buffer);
  const offsets = columns.map((_, k) => headerBytes.length + columns.slice(0, k).reduce((s, c) => s + plyTypeOf(c.data).size, 0));
  for (let from = 0; from < n; from += PROGRESS_BLOCK) {
    onProgress?.(from / n);
    const to = Math.min(n, from + PROGRESS_BLOCK);
    columns.forEach((c, k) => writeColumn(dv, c, offsets[k], recordSize, from, to));
  }
  if (cloud.kind === 'mesh') {
    let at = headerBytes.length + recordSize * n;
    for (let t = 0; t < triangles; t++, at += 13) {
      dv.setUint8(at, 3);
      for (let k = 0; k < 3; k++) dv.setUint32(at + 1 + 4 * k, cloud.indices[3 * t + k], true);
    }
  }
  return out;
}
