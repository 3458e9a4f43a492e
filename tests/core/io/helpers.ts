// Shared by the io tests: the real fixtures, and text/bytes helpers for files the tests write.
import { readFileSync } from 'node:fs';
import { concatBytes } from '../../../src/core/io/concatBytes';
import { parseFiles } from '../../../src/core/io';
import { lazPerfInNode } from '../../../src/core/io/lazDecoder';
import type { Mesh, PointCloud } from '../../../src/core/types';
import type { LasVlr } from '../../../src/core/io/lasVlrs';
export type { LasVlr };
import { computeBounds } from '../../../src/core/geometry/bounds';

export const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

/** The 2,000 real ScanNet points of the NPY fixture, with colours and labels. */
export async function scanFixture(): Promise<PointCloud> {
  const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
  const r = await parseFiles(names.map((name) => ({ name, bytes: fixture(name) })));
  if (r.data.kind !== 'points') throw new Error('the NPY fixture must read as points');
  return r.data;
}

/** Rows of float32 values, one a point from each of `columns`, as NumPy's tofile writes an (N, C) array: a headerless .bin. */
export function float32Records(rows: number, columns: Array<(i: number) => number>): Uint8Array {
  const out = new Float32Array(rows * columns.length);
  for (let i = 0; i < rows; i++) columns.forEach((c, k) => (out[i * columns.length + k] = c(i)));
  return new Uint8Array(out.buffer);
}

/** A cloud's x y z, then its r g b where it has colours, as float32 records. */
export function xyzRgbRecords(c: Pick<PointCloud, 'positions' | 'colors'>): Uint8Array {
  const at = (array: ArrayLike<number>, k: number) => (i: number) => array[3 * i + k];
  const columns = [0, 1, 2].map((k) => at(c.positions, k));
  if (c.colors) columns.push(...[0, 1, 2].map((k) => at(c.colors!, k)));
  return float32Records(c.positions.length / 3, columns);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

/** An .npy file per the NumPy format spec (version 1.0), header padded to 64 bytes; a structured array's `descr` is its list of fields ("[('x', '<f8'), ...]"). */
export function npy(descr: string, shape: number[], data: ArrayBufferView): Uint8Array {
  let header = `{'descr': ${descr.startsWith('[') ? descr : `'${descr}'`}, 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const pre = new Uint8Array(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(pre.buffer).setUint16(8, header.length, true);
  return concat(pre, utf8(header), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

export const LAS_SCALE = 0.001;

/** A GeoTIFF key directory record (LAS spec, "GeoKeyDirectoryTag Record") holding `keys` as [key id, value] pairs. */
export function geoKeyRecord(keys: [number, number][]): LasVlr {
  const words = new Uint16Array([1, 1, 0, keys.length, ...keys.flatMap(([id, value]) => [id, 0, 1, value])]);
  return { userId: 'LASF_Projection', recordId: 34735, body: new Uint8Array(words.buffer) };
}

/** An OGC WKT record (LAS spec, "OGC Coordinate System WKT Record"), NUL-terminated. */
export function wktRecord(wkt: string): LasVlr {
  return { userId: 'LASF_Projection', recordId: 2112, body: new TextEncoder().encode(`${wkt}\0`) };
}

/** How `lasFile` writes a file: its LAS version (1.`minor`), point format, header scale and offset and the records between the header and the points. */
export interface LasOptions {
  minor?: number;
  format?: number;
  /** the step of its integers, on every axis */
  scale?: number;
  offset?: number[];
  records?: LasVlr[];
  /** LAS 1.4's extended records, after the points */
  evlrs?: LasVlr[];
  /** bytes each record has after its format's own */
  extraBytes?: number;
  /** writes more of point `i`'s record, which starts at byte `at` */
  fill?: (dv: DataView, at: number, i: number) => void;
}

/** One dimension of an Extra Bytes record: its data type (1-10, or 0 with `options` bytes), and the options that set a no-data value, a scale and an offset. */
export interface ExtraDimSpec {
  name: string;
  type: number;
  options?: number;
  noData?: number;
  scale?: number;
  offset?: number;
}

/** An Extra Bytes record (LAS 1.4 R15, "Extra Bytes": 192 bytes a dimension), setting the option bits for what a dimension gives. */
export function extraBytesRecord(dims: ExtraDimSpec[]): LasVlr {
  const body = new Uint8Array(192 * dims.length);
  const dv = new DataView(body.buffer);
  dims.forEach((d, k) => {
    const o = 192 * k;
    const options = (d.options ?? 0) | (d.noData !== undefined ? 1 : 0) | (d.scale !== undefined ? 8 : 0) | (d.offset !== undefined ? 16 : 0);
    dv.setUint8(o + 2, d.type);
    dv.setUint8(o + 3, options);
    body.set(new TextEncoder().encode(d.name), o + 4);
    if (d.noData !== undefined) {
      if (d.type >= 9) dv.setFloat64(o + 40, d.noData, true);
      else dv.setBigInt64(o + 40, BigInt(d.noData), true);
    }
    if (d.scale !== undefined) dv.setFloat64(o + 112, d.scale, true);
    if (d.offset !== undefined) dv.setFloat64(o + 136, d.offset, true);
  });
  return { userId: 'LASF_Spec', recordId: 4, body };
}

/** Bytes of a point record by format, and where its colours start (ASPRS LAS 1.4 R15, "Point Data Record Format 0" to "10"). */
const LAS_RECORDS: { bytes: number; colorAt?: number }[] = [
  { bytes: 20 }, { bytes: 28 }, { bytes: 26, colorAt: 20 }, { bytes: 34, colorAt: 28 }, { bytes: 57 }, { bytes: 63, colorAt: 28 },
  { bytes: 30 }, { bytes: 36, colorAt: 30 }, { bytes: 38, colorAt: 30 }, { bytes: 59 }, { bytes: 67, colorAt: 30 },
];

/**
 * A LAS file of `c` per the ASPRS spec: xyz as scaled integers, its `instance` field as intensity,
 * its `label` field as the class (the low 5 bits in formats 0-5, the whole byte in 6-10), 16-bit
 * colours where the format has them, one return a pulse. LAS 1.4 counts its points in 64 bits and,
 * for formats 6-10, leaves the legacy 32-bit count at zero, as the spec asks.
 */
export function lasFile(c: PointCloud, { minor = 2, format = 2, scale = LAS_SCALE, offset = [0, 0, 0], records = [], evlrs = [], extraBytes = 0, fill }: LasOptions = {}): Uint8Array {
  const n = c.positions.length / 3;
  const HEADER = minor === 4 ? 375 : 227;
  const { colorAt } = LAS_RECORDS[format];
  const RECORD = LAS_RECORDS[format].bytes + extraBytes;
  const extended = format >= 6;
  const VLR_HEADER = 54;
  const START = HEADER + records.reduce((t, r) => t + VLR_HEADER + r.body.length, 0);
  const EVLR_HEADER = 60;
  const END = START + n * RECORD;
  const bytes = new Uint8Array(END + evlrs.reduce((t, r) => t + EVLR_HEADER + r.body.length, 0));
  const dv = new DataView(bytes.buffer);
  bytes.set([0x4c, 0x41, 0x53, 0x46]);
  dv.setUint8(24, 1);
  dv.setUint8(25, minor);
  dv.setUint16(94, HEADER, true);
  dv.setUint32(96, START, true);
  dv.setUint32(100, records.length, true);
  let at = HEADER;
  for (const r of records) {
    bytes.set(new TextEncoder().encode(r.userId), at + 2);
    dv.setUint16(at + 18, r.recordId, true);
    dv.setUint16(at + 20, r.body.length, true);
    bytes.set(r.body, at + VLR_HEADER);
    at += VLR_HEADER + r.body.length;
  }
  dv.setUint8(104, format);
  dv.setUint16(105, RECORD, true);
  dv.setUint32(107, extended ? 0 : n, true);
  dv.setUint32(111, extended ? 0 : n, true);
  if (minor === 4) {
    if (evlrs.length) {
      dv.setBigUint64(235, BigInt(END), true);
      dv.setUint32(243, evlrs.length, true);
    }
    at = END;
    for (const r of evlrs) {
      bytes.set(new TextEncoder().encode(r.userId), at + 2);
      dv.setUint16(at + 18, r.recordId, true);
      dv.setBigUint64(at + 20, BigInt(r.body.length), true);
      bytes.set(r.body, at + EVLR_HEADER);
      at += EVLR_HEADER + r.body.length;
    }
    dv.setBigUint64(247, BigInt(n), true);
    dv.setBigUint64(255, BigInt(n), true);
  }
  for (let k = 0; k < 3; k++) dv.setFloat64(131 + 8 * k, scale, true);
  for (let k = 0; k < 3; k++) dv.setFloat64(155 + 8 * k, offset[k], true);
  const { min, max } = computeBounds(c.positions);
  for (let k = 0; k < 3; k++) {
    dv.setFloat64(179 + 16 * k, max[k] + offset[k], true);
    dv.setFloat64(187 + 16 * k, min[k] + offset[k], true);
  }
  for (let i = 0; i < n; i++) {
    const o = START + i * RECORD;
    for (let k = 0; k < 3; k++) dv.setInt32(o + 4 * k, Math.round(c.positions[i * 3 + k] / scale), true);
    dv.setUint16(o + 12, c.fields.instance[i], true);
    if (extended) {
      dv.setUint8(o + 14, 0x11);
      dv.setUint8(o + 16, c.fields.label[i] & 255);
    } else {
      dv.setUint8(o + 14, 0x09);
      // the class in the low 5 bits (a ScanNet label past 31 would set the byte's flags)
      dv.setUint8(o + 15, c.fields.label[i] & 31);
    }
    if (colorAt !== undefined) for (let k = 0; k < 3; k++) dv.setUint16(o + colorAt + 2 * k, c.colors![i * 3 + k] * 257, true);
    fill?.(dv, o, i);
  }
  return bytes;
}

/** LAS 1.2, point data format 2 (intensity, classification, 16-bit RGB), with `records` between the header and the points. */
export const las12 = (c: PointCloud, offset = [0, 0, 0], records: LasVlr[] = []): Uint8Array => lasFile(c, { offset, records });

/** Binary STL per its de facto spec: an 80-byte header, the triangle count, and 50 bytes a triangle (normal, 3 corners, attribute). */
export function stlBinary(positions: Float32Array, indices: Uint32Array, header = 'binary STL written by the pointlens tests'): Uint8Array {
  const n = indices.length / 3;
  const out = new Uint8Array(84 + 50 * n);
  out.set(utf8(header).subarray(0, 80));
  const view = new DataView(out.buffer);
  view.setUint32(80, n, true);
  for (let t = 0; t < n; t++) {
    // the facet normal is left 0 0 0, as many writers leave it
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) view.setFloat32(84 + 50 * t + 12 + 12 * c + 4 * k, positions[3 * indices[3 * t + c] + k], true);
  }
  return out;
}

/** ASCII STL: one solid per [name, first triangle] in `solids`, each triangle's corners printed in full. */
export function stlAscii(positions: Float32Array, indices: Uint32Array, solids: [string, number][] = [['pointlens', 0]]): string {
  const lines: string[] = [];
  solids.forEach(([name, from], k) => {
    const to = solids[k + 1]?.[1] ?? indices.length / 3;
    lines.push(`solid ${name}`);
    for (let t = from; t < to; t++) {
      lines.push('  facet normal 0 0 0', '    outer loop');
      for (let c = 0; c < 3; c++) lines.push(`      vertex ${Array.from(positions.subarray(3 * indices[3 * t + c], 3 * indices[3 * t + c] + 3), (v) => v.toExponential(8)).join(' ')}`);
      lines.push('    endloop', '  endfacet');
    }
    lines.push(`endsolid ${name}`);
  });
  return lines.join('\n') + '\n';
}

/** One mesh primitive of a glTF the tests write: its vertices in the primitive's own frame. */
export interface GltfPart {
  name: string;
  positions: Float32Array;
  indices?: Uint32Array;
  normals?: Float32Array;
  /** per vertex, 0..1 */
  colors?: Float32Array;
  /** the material's base colour */
  color?: [number, number, number];
  /** glTF primitive mode: 4 triangles (default), 5 strip, 6 fan, 0 points */
  mode?: number;
  /** the node's own transform (glTF node properties) */
  node?: { translation?: number[]; rotation?: number[]; scale?: number[]; matrix?: number[] };
}

/**
 * A glTF 2.0 document per the spec: one node, mesh and material per part, all children of a root
 * node with `root`'s transform, the data in one buffer (float32 attributes, uint32 indices); the
 * buffer is left for the caller to place (a GLB's chunk, a data URI or a .bin file).
 */
export function gltfDocument(parts: GltfPart[], root: GltfPart['node'] = {}): { json: Record<string, unknown>; bin: Uint8Array } {
  const chunks: Uint8Array[] = [];
  const bufferViews: unknown[] = [];
  const accessors: unknown[] = [];
  let length = 0;
  const add = (array: Float32Array | Uint32Array, type: string): number => {
    const bytes = new Uint8Array(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
    bufferViews.push({ buffer: 0, byteOffset: length, byteLength: bytes.length });
    chunks.push(bytes);
    length += bytes.length;
    const components = { SCALAR: 1, VEC3: 3 }[type]!;
    accessors.push({ bufferView: bufferViews.length - 1, componentType: array instanceof Float32Array ? 5126 : 5125, count: array.length / components, type });
    return accessors.length - 1;
  };
  const meshes = parts.map((p) => {
    const attributes: Record<string, number> = { POSITION: add(p.positions, 'VEC3') };
    if (p.normals) attributes.NORMAL = add(p.normals, 'VEC3');
    if (p.colors) attributes.COLOR_0 = add(p.colors, 'VEC3');
    const primitive: Record<string, unknown> = { attributes, material: parts.indexOf(p) };
    if (p.indices) primitive.indices = add(p.indices, 'SCALAR');
    if (p.mode !== undefined) primitive.mode = p.mode;
    return { name: p.name, primitives: [primitive] };
  });
  const materials = parts.map((p) => ({ name: `${p.name} material`, pbrMetallicRoughness: p.color ? { baseColorFactor: [...p.color, 1] } : {} }));
  const nodes = [{ name: 'root', ...root, children: parts.map((_, k) => k + 1) }, ...parts.map((p, k) => ({ name: p.name, mesh: k, ...p.node }))];
  const json = { asset: { version: '2.0', generator: 'pointlens tests' }, scene: 0, scenes: [{ nodes: [0] }], nodes, meshes, materials, accessors, bufferViews, buffers: [{ byteLength: length }] };
  return { json, bin: concat(...chunks) };
}

/** A mesh's material groups as glTF parts, each with its own vertices and its group's colour. */
export function partsOfMesh(mesh: Mesh): GltfPart[] {
  return mesh.groups.map((g, k): GltfPart => {
    const used = [...new Set(mesh.indices.subarray(g.start, g.start + g.count))];
    const local = new Map(used.map((v, i) => [v, i]));
    return {
      name: `part${k}`,
      positions: Float32Array.from(used.flatMap((v) => Array.from(mesh.positions.subarray(3 * v, 3 * v + 3)))),
      indices: Uint32Array.from(mesh.indices.subarray(g.start, g.start + g.count), (v) => local.get(v)!),
      color: g.color,
    };
  });
}

/** A binary glTF (.glb): the 12-byte header, the JSON chunk padded with spaces and the BIN chunk padded with zeros. */
export function glb(json: Record<string, unknown>, bin: Uint8Array): Uint8Array {
  const pad = (b: Uint8Array, fill: number) => concat(b, new Uint8Array((4 - (b.length % 4)) % 4).fill(fill));
  const text = pad(utf8(JSON.stringify(json)), 0x20);
  const body = pad(bin, 0);
  const chunk = (type: number, data: Uint8Array) => {
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, data.length, true);
    new DataView(head.buffer).setUint32(4, type, true);
    return concat(head, data);
  };
  const chunks = concat(chunk(0x4e4f534a, text), chunk(0x004e4942, body));
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, 12 + chunks.length, true);
  return concat(header, chunks);
}

/** The point records of a LAZ file as LASzip's decoder (laz-perf) gives them back. */
export async function decodedRecords(laz: Uint8Array): Promise<{ records: Uint8Array; format: number; length: number }> {
  const lazPerf = await lazPerfInNode();
  const at = lazPerf._malloc(laz.length);
  lazPerf.HEAPU8.set(laz, at);
  const reader = new lazPerf.LASZip();
  reader.open(at, laz.length);
  const n = reader.getCount();
  const length = reader.getPointLength();
  const records = new Uint8Array(n * length);
  const point = lazPerf._malloc(length);
  for (let i = 0; i < n; i++) {
    reader.getPoint(point);
    records.set(lazPerf.HEAPU8.subarray(point, point + length), i * length);
  }
  const format = reader.getPointFormat();
  reader.delete();
  lazPerf._free(point);
  lazPerf._free(at);
  return { records, format, length };
}
