// glTF 2.0, binary (.glb) and JSON (.gltf, its buffers embedded as data URIs or dropped beside it as
// .bin files), as Sketchfab, Objaverse, Blender and most 3D tools export models. The default
// scene's nodes are walked with their transforms, and each mesh primitive becomes a part of one mesh,
// in its material's base colour. Textures, animations and skins are not read; compressed meshes
// (Draco, meshopt) are refused by name. glTF is y-up by its spec. Its spec says metres too, but
// exporters often keep their own units, so no unit is declared and the app judges a scene's as for any file.
import { InputError, type Mesh, type MeshGroup, type PointCloud } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { checkBudget } from './limits';
import { decodeText } from './text';
import { bytesBuffer, readAccessor, type GltfAccessor, type GltfBuffer, type GltfBufferView, type GltfData } from './gltfAccessors';
import { formatCount } from '../format';
import { ShiftFromFirst, shiftNote } from './shift';
import { APP_TERMS } from './companionTerms';

const GLB_MAGIC = 0x46546c67; // "glTF"
const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;
/** Nodes deeper than this are a cycle or a malformed file, not a model. */
const MAX_NODE_DEPTH = 64;
/** Nodes placed more often than this (a node shared by many parents, nested) are refused before they multiply. */
const MAX_NODE_VISITS = 100_000;
const TRIANGLES = 4;
const TRIANGLE_STRIP = 5;
const TRIANGLE_FAN = 6;
const POINTS = 0;
/** What a vertex takes while the parts are read: position, normal, colour, and its place in the joined mesh. */
const VERTEX_BYTES = 12 + 12 + 3 + 4;
/** Extensions a model cannot be read without, that pointlens does not decode. */
const UNREAD_EXTENSIONS: Record<string, string> = {
  KHR_draco_mesh_compression: 'Draco',
  EXT_meshopt_compression: 'meshopt',
  KHR_mesh_quantization: 'quantized attributes',
};

interface GltfPrimitive {
  attributes?: Record<string, number>;
  indices?: number;
  mode?: number;
  material?: number;
}

interface GltfNode {
  name?: string;
  mesh?: number;
  children?: number[];
  matrix?: number[];
  translation?: number[];
  rotation?: number[];
  scale?: number[];
}

interface GltfJson {
  asset?: { version?: string };
  extensionsRequired?: string[];
  scene?: number;
  scenes?: { nodes?: number[] }[];
  nodes?: GltfNode[];
  meshes?: { name?: string; primitives?: GltfPrimitive[] }[];
  materials?: { name?: string; pbrMetallicRoughness?: { baseColorFactor?: number[]; baseColorTexture?: unknown } }[];
  accessors?: GltfAccessor[];
  bufferViews?: GltfBufferView[];
  buffers?: { uri?: string; byteLength?: number }[];
}

type Mat4 = Float64Array;

function identity(): Mat4 {
  return Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
}

/** a · b, column-major as glTF stores matrices */
function multiply(a: Mat4, b: Mat4): Mat4 {
  const out = new Float64Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k];
  return out;
}

/** A JSON array the file gives, or none where it gives something else. */
const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);

const numbers = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** A node's own transform: its matrix, or translation · rotation · scale. */
function localMatrix(node: GltfNode): Mat4 {
  if (numbers(node.matrix, 16)) return Float64Array.from(node.matrix);
  const [tx, ty, tz] = numbers(node.translation, 3) ? node.translation : [0, 0, 0];
  const [x, y, z, w] = numbers(node.rotation, 4) ? node.rotation : [0, 0, 0, 1];
  const [sx, sy, sz] = numbers(node.scale, 3) ? node.scale : [1, 1, 1];
  return Float64Array.from([
    (1 - 2 * (y * y + z * z)) * sx, 2 * (x * y + z * w) * sx, 2 * (x * z - y * w) * sx, 0,
    2 * (x * y - z * w) * sy, (1 - 2 * (x * x + z * z)) * sy, 2 * (y * z + x * w) * sy, 0,
    2 * (x * z + y * w) * sz, 2 * (y * z - x * w) * sz, (1 - 2 * (x * x + y * y)) * sz, 0,
    tx, ty, tz, 1,
  ]);
}

/** The 3×3 that turns normals under `m` (the inverse transpose of its upper left), row-major; null where `m` flattens space. */
function normalMatrix(m: Mat4): number[] | null {
  const [a, b, c, d, e, f, g, h, i] = [m[0], m[4], m[8], m[1], m[5], m[9], m[2], m[6], m[10]];
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  if (!det) return null;
  // the cofactor matrix is the inverse transpose times the determinant, and normals are renormalised after
  return [e * i - f * h, f * g - d * i, d * h - e * g, c * h - b * i, a * i - c * g, b * g - a * h, b * f - c * e, c * d - a * f, a * e - b * d].map((v) => v * Math.sign(det));
}

/** A GLB's JSON chunk, as text, and its binary chunk, where it has one. */
function splitGlb(bytes: Uint8Array): { json: string; bin?: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 20) throw new InputError(`is too short for a binary glTF (${bytes.length} bytes; its header and first chunk take 20)`);
  const version = view.getUint32(4, true);
  if (version !== 2) throw new InputError(`is binary glTF version ${version}; pointlens reads version 2`);
  const declared = view.getUint32(8, true);
  if (declared > bytes.length) throw new InputError(`declares ${formatCount(declared)} bytes, but the file holds ${formatCount(bytes.length)}: it is truncated`);
  let at = 12;
  let json: string | undefined;
  let bin: Uint8Array | undefined;
  while (at + 8 <= declared) {
    const length = view.getUint32(at, true);
    const type = view.getUint32(at + 4, true);
    if (at + 8 + length > declared) throw new InputError(`has a chunk of ${formatCount(length)} bytes at byte ${at} that runs past the file's end: it is truncated`);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === JSON_CHUNK && json === undefined) json = decodeText(body);
    else if (type === BIN_CHUNK && bin === undefined) bin = body;
    at += 8 + length + ((4 - (length % 4)) % 4);
  }
  if (json === undefined) throw new InputError('has no JSON chunk: a binary glTF starts with one');
  return { json, bin };
}

const DATA_URI = /^data:[^;,]*(;[^,]*)?,/;

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The relative path a buffer's address names, decoded ("data/chair%20a.bin" → "data/chair a.bin"). */
export function bufferPath(uri: string): string {
  const path = uri.split(/[?#]/)[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const baseName = (name: string) => name.split(/[\\/]/).pop()!.toLowerCase();

/** Buffer `k`: the GLB's own chunk, a data URI, or a file beside the .gltf by its name (dropped with it, or on disk to be read by range). */
function bufferOf(buffer: { uri?: string; byteLength?: number }, k: number, bin: Uint8Array | undefined, context: Pick<LoaderContext, 'companions' | 'ranged' | 'terms'>): GltfBuffer {
  let found: GltfBuffer;
  if (buffer.uri === undefined) {
    if (!bin) throw new InputError(`has buffer ${k} with no address and no binary chunk to hold it`);
    found = bytesBuffer(bin);
  } else if (typeof buffer.uri !== 'string') {
    throw new InputError(`has buffer ${k} whose address is not text`);
  } else if (DATA_URI.test(buffer.uri)) {
    const header = DATA_URI.exec(buffer.uri)!;
    if (!/;base64$/i.test(header[1] ?? '')) throw new InputError(`has buffer ${k} as a data address that is not base64`);
    try {
      found = bytesBuffer(base64Bytes(buffer.uri.slice(header[0].length)));
    } catch {
      throw new InputError(`has buffer ${k} whose base64 data is broken`);
    }
  } else {
    const wanted = baseName(bufferPath(buffer.uri));
    const file = context.ranged?.find((c) => baseName(c.name) === wanted) ?? context.companions.find((c) => baseName(c.name) === wanted);
    if (!file) throw new InputError(`keeps its data in ${buffer.uri}, which is missing: ${(context.terms ?? APP_TERMS).missing(bufferPath(buffer.uri))}`);
    found = 'bytes' in file ? bytesBuffer(file.bytes) : file;
  }
  if (typeof buffer.byteLength === 'number' && found.size < buffer.byteLength) {
    throw new InputError(`has buffer ${k} of ${formatCount(found.size)} bytes, where the file declares ${formatCount(buffer.byteLength)}: it is truncated`);
  }
  return found;
}

/** A primitive's triangles as index triples into its own vertices, whatever its mode. */
function triangleIndices(mode: number, indices: ArrayLike<number> | null, count: number): Uint32Array {
  const at = (k: number) => (indices ? indices[k] : k);
  const n = indices ? indices.length : count;
  if (mode === TRIANGLES) return Uint32Array.from({ length: n - (n % 3) }, (_, k) => at(k));
  const out: number[] = [];
  for (let k = 2; k < n; k++) {
    // a strip alternates its winding so that every triangle faces the same way
    if (mode === TRIANGLE_FAN) out.push(at(0), at(k - 1), at(k));
    else if (k % 2 === 0) out.push(at(k - 2), at(k - 1), at(k));
    else out.push(at(k - 1), at(k - 2), at(k));
  }
  return Uint32Array.from(out);
}

interface Part {
  name: string;
  positions: Float32Array;
  normals?: Float32Array;
  colors?: Uint8Array;
  triangles: Uint32Array | null;
  color?: [number, number, number];
}

function parseJson(text: string): GltfJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`has JSON that cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError('has JSON that is not a glTF object');
  const gltf = json as GltfJson;
  const version = String(gltf.asset?.version ?? '');
  if (!/^2\./.test(version)) throw new InputError(`is glTF version "${version.slice(0, 20)}"; pointlens reads version 2`);
  for (const name of list(gltf.extensionsRequired)) {
    const what = UNREAD_EXTENSIONS[name];
    throw new InputError(what ? `is compressed with ${what} (${name}), which pointlens does not decode: export it without compression` : `needs the extension ${String(name).slice(0, 60)}, which pointlens does not read`);
  }
  return gltf;
}

function primitiveParts(gltf: GltfJson, data: GltfData, meshIndex: number, world: Mat4, nodeName: string | undefined, warnings: Set<string>, shift: ShiftFromFirst): Part[] {
  const mesh = gltf.meshes?.[meshIndex];
  if (!mesh) throw new InputError(`has a node that refers to mesh ${meshIndex}, but lists ${gltf.meshes?.length ?? 0}`);
  const normalsBy = normalMatrix(world);
  const primitives = list(mesh.primitives);
  return primitives.flatMap((p, k): Part[] => {
    const mode = p.mode ?? TRIANGLES;
    if (mode !== TRIANGLES && mode !== TRIANGLE_STRIP && mode !== TRIANGLE_FAN && mode !== POINTS) {
      warnings.add('lines were left out: only triangles and points are shown');
      return [];
    }
    if (typeof p !== 'object' || p === null || p.attributes?.POSITION === undefined) return [];
    // a vertex takes more once placed than its positions: counted before they are read
    const pos = readAccessor(data, p.attributes.POSITION, 'positions', VERTEX_BYTES);
    if (pos.components !== 3) throw new InputError(`has positions of ${pos.components} components; glTF positions have 3`);
    const positions = new Float32Array(pos.count * 3);
    const placed = [0, 0, 0];
    for (let v = 0; v < pos.count; v++) {
      const [x, y, z] = [pos.values[3 * v], pos.values[3 * v + 1], pos.values[3 * v + 2]];
      // placed in doubles, then taken off the origin: a node may put float vertices in survey coordinates
      for (let r = 0; r < 3; r++) placed[r] = world[r] * x + world[4 + r] * y + world[8 + r] * z + world[12 + r];
      shift.apply(placed);
      for (let r = 0; r < 3; r++) positions[3 * v + r] = placed[r];
    }
    let normals: Float32Array | undefined;
    if (p.attributes.NORMAL !== undefined && normalsBy) {
      const nr = readAccessor(data, p.attributes.NORMAL, 'normals');
      if (nr.count === pos.count && nr.components === 3) {
        normals = new Float32Array(pos.count * 3);
        for (let v = 0; v < pos.count; v++) {
          const [x, y, z] = [nr.values[3 * v], nr.values[3 * v + 1], nr.values[3 * v + 2]];
          const t = [0, 1, 2].map((r) => normalsBy[3 * r] * x + normalsBy[3 * r + 1] * y + normalsBy[3 * r + 2] * z);
          const len = Math.hypot(t[0], t[1], t[2]) || 1;
          for (let r = 0; r < 3; r++) normals[3 * v + r] = t[r] / len;
        }
      }
    }
    let colors: Uint8Array | undefined;
    if (p.attributes.COLOR_0 !== undefined) {
      const c = readAccessor(data, p.attributes.COLOR_0, 'colours');
      if (c.count === pos.count && (c.components === 3 || c.components === 4)) {
        colors = new Uint8Array(pos.count * 3);
        for (let v = 0; v < pos.count; v++) for (let r = 0; r < 3; r++) colors[3 * v + r] = Math.round(Math.min(1, Math.max(0, c.values[v * c.components + r])) * 255);
      }
    }
    let triangles: Uint32Array | null = null;
    if (mode !== POINTS) {
      const indices = p.indices === undefined ? null : readAccessor(data, p.indices, 'indices').values;
      triangles = triangleIndices(mode, indices, pos.count);
      for (let t = 0; t < triangles.length; t++) {
        if (!(triangles[t] < pos.count)) throw new InputError(`has a triangle that refers to vertex ${triangles[t]} of a primitive of ${pos.count} vertices`);
      }
    }
    const material = p.material === undefined ? undefined : gltf.materials?.[p.material];
    const factor = material?.pbrMetallicRoughness?.baseColorFactor;
    if (material?.pbrMetallicRoughness?.baseColorTexture !== undefined) warnings.add('textures are not read: parts show their base colour');
    const color = numbers(factor, 4) ? ([factor[0], factor[1], factor[2]] as [number, number, number]) : undefined;
    const name = mesh.name || nodeName || material?.name || `mesh ${meshIndex + 1}`;
    return [{ name: primitives.length > 1 ? `${name} ${k + 1}` : name, positions, normals, colors, triangles, color }];
  });
}

/** Every mesh the default scene places, with its world transform (all meshes, untransformed, where the file has no scene). */
function placedParts(gltf: GltfJson, data: GltfData, warnings: Set<string>, shift: ShiftFromFirst): Part[] {
  const nodes = list(gltf.nodes);
  const scene = gltf.scenes?.[gltf.scene ?? 0];
  if (!scene) return list(gltf.meshes).flatMap((_, m) => primitiveParts(gltf, data, m, identity(), undefined, warnings, shift));
  const parts: Part[] = [];
  let visits = 0;
  let vertices = 0;
  const visit = (index: number, parent: Mat4, depth: number) => {
    const node = nodes[index];
    if (!node || typeof node !== 'object') throw new InputError(`has a scene that refers to node ${index}, but lists ${nodes.length}`);
    if (depth > MAX_NODE_DEPTH) throw new InputError(`nests its nodes more than ${MAX_NODE_DEPTH} deep (a node may be its own ancestor)`);
    if (++visits > MAX_NODE_VISITS) throw new InputError(`places its nodes more than ${formatCount(MAX_NODE_VISITS)} times`);
    const world = multiply(parent, localMatrix(node));
    if (node.mesh !== undefined) {
      for (const part of primitiveParts(gltf, data, node.mesh, world, node.name, warnings, shift)) {
        // each placement of a mesh is a copy of its vertices: the copies together must fit
        vertices += part.positions.length / 3;
        checkBudget(vertices, VERTEX_BYTES, 'vertices');
        parts.push(part);
      }
    }
    for (const child of list(node.children)) visit(child, world, depth + 1);
  };
  for (const root of list(scene.nodes)) visit(root, identity(), 0);
  return parts;
}

/** The parts joined into one mesh, a part to a group; or one cloud where the file holds only points. */
function joined(parts: Part[]): Mesh | PointCloud {
  const vertices = parts.reduce((n, p) => n + p.positions.length / 3, 0);
  const withTriangles = parts.filter((p) => p.triangles);
  checkBudget(vertices, 12 + 12 + 3, 'vertices');
  const positions = new Float32Array(vertices * 3);
  const normals = parts.every((p) => p.normals) ? new Float32Array(vertices * 3) : undefined;
  const colors = parts.some((p) => p.colors) ? new Uint8Array(vertices * 3).fill(255) : undefined;
  const indexCount = withTriangles.reduce((n, p) => n + p.triangles!.length, 0);
  checkBudget(indexCount / 3, 12, 'triangles');
  const indices = new Uint32Array(indexCount);
  const groups: MeshGroup[] = [];
  let v = 0;
  let at = 0;
  for (const p of parts) {
    positions.set(p.positions, 3 * v);
    if (normals) normals.set(p.normals!, 3 * v);
    if (colors && p.colors) colors.set(p.colors, 3 * v);
    if (p.triangles) {
      for (let k = 0; k < p.triangles.length; k++) indices[at + k] = p.triangles[k] + v;
      groups.push({ name: p.name, start: at, count: p.triangles.length, ...(p.color && { color: p.color }) });
      at += p.triangles.length;
    }
    v += p.positions.length / 3;
  }
  if (!withTriangles.length) return { kind: 'points', positions, normals, colors, fields: {} };
  return { kind: 'mesh', positions, normals, colors, indices, faceCount: indexCount / 3, groups, fields: {} };
}

/** The addresses a .gltf's buffers are kept at outside it (its .bin files), as the file writes them; none for a GLB or a file that cannot be read. */
export function gltfBufferAddresses(bytes: Uint8Array): string[] {
  if (gltfLoader.sniff(bytes)) return [];
  try {
    const json = JSON.parse(decodeText(bytes)) as GltfJson;
    return list(json.buffers).flatMap((b) => (typeof b?.uri === 'string' && !DATA_URI.test(b.uri) ? [b.uri] : []));
  } catch {
    return [];
  }
}

export function parseGltf(bytes: Uint8Array, context?: Pick<LoaderContext, 'companions' | 'ranged' | 'terms'>): LoadedGeometry {
  const isGlb = bytes.length >= 4 && new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) === GLB_MAGIC;
  const { json, bin } = isGlb ? splitGlb(bytes) : { json: decodeText(bytes), bin: undefined };
  if (!isGlb && !/^\s*\{/.test(json)) throw new InputError('is not a glTF file: it starts neither with the binary glTF magic "glTF" nor with the "{" of glTF JSON');
  const gltf = parseJson(json);
  // a buffer is found when an accessor first reads it: one that none reads (a texture's, an animation's) is never opened
  const buffers = list(gltf.buffers);
  const found = new Map<number, GltfBuffer>();
  const buffer = (k: number) => {
    if (!(k < buffers.length)) return undefined;
    if (!found.has(k)) found.set(k, bufferOf(buffers[k] ?? {}, k, bin, { companions: context?.companions ?? [], ranged: context?.ranged, terms: context?.terms }));
    return found.get(k);
  };
  const data: GltfData = { accessors: list(gltf.accessors), bufferViews: list(gltf.bufferViews), buffer };
  const warnings = new Set<string>();
  const shift = new ShiftFromFirst();
  const parts = placedParts(gltf, data, warnings, shift);
  if (!parts.length) throw new InputError('holds no meshes with positions');
  const geometry = joined(parts);
  // one part is the whole model: a group would only repeat it, unless it brings a colour
  if (geometry.kind === 'mesh' && geometry.groups.length === 1 && !geometry.groups[0].color) geometry.groups = [];
  const { origin } = shift;
  if (origin) warnings.add(shiftNote(origin, 'its first vertex as its nodes place it'));
  return { data: geometry, upAxis: 'y', warnings: [...warnings], ...(origin && { origin }) };
}

export const gltfLoader: FormatLoader = {
  id: 'gltf',
  name: 'glTF',
  extensions: ['.glb', '.gltf'],
  strong: true,
  sniff: (b) => b.length >= 4 && b[0] === 0x67 && b[1] === 0x6c && b[2] === 0x54 && b[3] === 0x46,
  parse: (bytes, context) => parseGltf(bytes, context),
};
