// Wavefront OBJ (https://paulbourke.net/dataformats/obj/). Our own reader rather than loaders.gl's:
// that one expands every face corner into its own vertex, while we keep the vertices as the file
// lists them (so `points` means what the file says) and index them. Normals and texture
// coordinates indexed apart from positions are folded onto the positions: normals averaged, the
// first texture coordinate kept.
import { InputError, type Mesh, type MeshGroup } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { ShiftFromFirst, shiftNote } from './shift';
import { progressReporter } from './loader';
import { ByteScanner } from './scanner';
import { decodeText, textBody } from './text';
import { IndexBuilder } from './indexBuilder';
import { plural } from '../format';
import { parseMtl } from './mtl';
import { APP_TERMS, type CompanionTerms } from './companionTerms';

/** A growable typed list, so that no JS array holds one number per value. */
class List<T extends Float32Array | Int32Array> {
  length = 0;

  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}

  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = this.make(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }

  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

const floats = () => new List(new Float32Array(1024), (n) => new Float32Array(n));
const ints = () => new List(new Int32Array(1024), (n) => new Int32Array(n));

const SPACE = 32;
const TAB = 9;

/** The statement at the start of a line; the frequent one-letter ones without building a string. */
function statement(bytes: Uint8Array, s: ByteScanner): string {
  const p = s.pos;
  const a = bytes[p];
  const b = bytes[p + 1];
  const c = bytes[p + 2];
  if (b === SPACE || b === TAB) {
    if (a === 118) {
      s.pos += 1;
      return 'v';
    }
    if (a === 102) {
      s.pos += 1;
      return 'f';
    }
  }
  if (a === 118 && (c === SPACE || c === TAB)) {
    if (b === 110) {
      s.pos += 2;
      return 'vn';
    }
    if (b === 116) {
      s.pos += 2;
      return 'vt';
    }
  }
  return s.token();
}

const BACKSLASH = 92;
const CR = 13;
const LF = 10;

/**
 * The text with every line that ends in a backslash joined to the next, as the spec continues a
 * long statement ("f 1 2 \" then "3 4"); the line ends taken out follow the joined line, so
 * that the lines a message names are the file's.
 */
export function joinContinuedLines(bytes: Uint8Array): Uint8Array {
  if (bytes.indexOf(BACKSLASH) < 0) return bytes;
  const out = new Uint8Array(bytes.length);
  let o = 0;
  let joined = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const end = b === BACKSLASH ? (bytes[i + 1] === LF ? i + 1 : bytes[i + 1] === CR && bytes[i + 2] === LF ? i + 2 : -1) : -1;
    if (end >= 0) {
      out[o++] = SPACE;
      i = end + 1;
      joined++;
      continue;
    }
    out[o++] = b;
    i++;
    if (b === LF) for (; joined > 0; joined--) out[o++] = LF;
  }
  for (; joined > 0; joined--) out[o++] = LF;
  return out.subarray(0, o);
}

/** Resolves an OBJ index (1-based, or negative from the end) to 0-based. */
function resolve(raw: number, count: number, what: string, s: ByteScanner): number {
  const i = raw < 0 ? count + raw : raw - 1;
  if (!Number.isInteger(raw) || raw === 0 || i < 0 || i >= count) {
    throw new InputError(`line ${s.lineNumber()}: a face refers to ${what} ${raw}, but only ${count} ${count === 1 ? 'is' : 'are'} defined before it`);
  }
  return i;
}

export function parseObj(input: Uint8Array, context?: Partial<LoaderContext>): LoadedGeometry {
  const bytes = joinContinuedLines(textBody(input, 'OBJ'));
  const s = new ByteScanner(bytes);
  const report = progressReporter(context?.onProgress, bytes.length);
  const positions = floats();
  const vertexColors = floats();
  const normalsIn = floats();
  const uvsIn = floats();
  // (position index, normal or uv index) pairs for the corners that name one
  const cornerNormal = ints();
  const cornerUv = ints();
  const extra = [0, 0, 0, 0];
  const indices = new IndexBuilder(1024);
  const groups: MeshGroup[] = [];
  const warnings: string[] = [];
  let faceCount = 0;
  // an "f" of one or two vertices encloses nothing: no face, but said, as it may be a line ("l") written as "f"
  const shortFaces = { count: 0, firstLine: 0 };
  let groupName = 'default';
  let material: string | undefined;
  let groupOpen = false;
  let mtlName: string | undefined;
  let anyColor = false;

  const startGroup = () => {
    const last = groups[groups.length - 1];
    if (last && last.start === indices.length) groups.pop();
    groups.push({ name: groupName, material, start: indices.length, count: 0 });
    groupOpen = true;
  };
  const restOfLine = () => {
    s.skipInlineSpace();
    const start = s.pos;
    s.nextLine();
    return decodeText(bytes.subarray(start, s.pos)).trim();
  };

  const corner: number[] = [];
  // far coordinates (a photogrammetry mesh in survey coordinates) are kept relative to the first vertex's neighbourhood (shift.ts)
  const xyz = [0, 0, 0];
  const shift = new ShiftFromFirst();
  while (s.skipSpace()) {
    const kw = statement(bytes, s);
    if (kw === 'v') {
      for (let k = 0; k < 3; k++) {
        if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: a vertex needs x, y and z`);
        xyz[k] = s.number();
      }
      shift.apply(xyz);
      for (let k = 0; k < 3; k++) positions.push(xyz[k]);
      // "v x y z r g b" is a common extension for per-vertex colour (0..1); "v x y z w" is not colour
      let extras = 0;
      while (s.skipInlineSpace()) {
        const v = s.number();
        if (extras < 4) extra[extras++] = v;
      }
      if (extras >= 3) {
        if (!anyColor) for (let i = 0; i < positions.length - 3; i++) vertexColors.push(1);
        anyColor = true;
        for (let k = 0; k < 3; k++) vertexColors.push(extra[k]);
      } else if (anyColor) for (let k = 0; k < 3; k++) vertexColors.push(1);
    } else if (kw === 'vn') {
      for (let k = 0; k < 3; k++) {
        if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: a normal needs three values`);
        normalsIn.push(s.number());
      }
    } else if (kw === 'vt') {
      // "vt u [v [w]]": v defaults to 0 (spec)
      if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: a texture coordinate needs a value`);
      uvsIn.push(s.number());
      uvsIn.push(s.skipInlineSpace() ? s.number() : 0);
    } else if (kw === 'f') {
      if (!groupOpen) startGroup();
      corner.length = 0;
      const nv = positions.length / 3;
      while (s.skipInlineSpace()) {
        const v = resolve(s.number(), nv, 'vertex', s);
        let vt = -1;
        let vn = -1;
        if (bytes[s.pos] === 47) {
          s.pos++;
          if (bytes[s.pos] !== 47) vt = resolve(s.number(), uvsIn.length / 2, 'texture coordinate', s);
          if (bytes[s.pos] === 47) {
            s.pos++;
            vn = resolve(s.number(), normalsIn.length / 3, 'normal', s);
          }
        }
        corner.push(v);
        if (vt >= 0) {
          cornerUv.push(v);
          cornerUv.push(vt);
        }
        if (vn >= 0) {
          cornerNormal.push(v);
          cornerNormal.push(vn);
        }
      }
      if (corner.length < 3) {
        shortFaces.count++;
        shortFaces.firstLine ||= s.lineNumber();
      } else faceCount++;
      for (let j = 2; j < corner.length; j++) indices.push(corner[0], corner[j - 1], corner[j]);
    } else if (kw === 'o' || kw === 'g') {
      groupName = restOfLine() || 'default';
      groupOpen = false;
      continue;
    } else if (kw === 'usemtl') {
      material = restOfLine();
      groupOpen = false;
      continue;
    } else if (kw === 'mtllib') {
      mtlName = restOfLine();
      continue;
    } else if (!kw.startsWith('#') && !/^[a-z_]+$/i.test(kw)) {
      // other statements (s, l, p, curves) are skipped; a line that is no statement at all is not OBJ
      throw new InputError(`line ${s.lineNumber()}: "${kw.slice(0, 40)}" is not an OBJ statement`);
    }
    s.nextLine();
    report(s.pos);
  }
  if (positions.length === 0) throw new InputError('has no vertices: there are no points in it');

  const finalIndices = indices.finish();
  for (let g = 0; g < groups.length; g++) {
    const end = g + 1 < groups.length ? groups[g + 1].start : finalIndices.length;
    groups[g].count = end - groups[g].start;
  }
  const usedGroups = groups.filter((g) => g.count > 0);
  const nv = positions.length / 3;
  const mesh: Mesh = { kind: 'mesh', positions: positions.finish(), indices: finalIndices, faceCount, groups: usedGroups, fields: {} };
  if (cornerNormal.length) mesh.normals = foldNormals(cornerNormal.finish(), normalsIn.data, nv);
  if (cornerUv.length) mesh.uvs = foldUvs(cornerUv.finish(), uvsIn.data, nv);
  if (anyColor) {
    const c = vertexColors.data;
    const colors = new Uint8Array(nv * 3);
    for (let i = 0; i < nv * 3; i++) colors[i] = Math.max(0, Math.min(255, Math.round(c[i] * 255)));
    mesh.colors = colors;
  }
  applyMaterials(mesh, mtlName, context?.companions ?? [], context?.terms ?? APP_TERMS, warnings);
  const { origin } = shift;
  if (shortFaces.count) {
    warnings.push(`has ${plural(shortFaces.count, 'face')} of fewer than 3 vertices, ${shortFaces.count === 1 ? '' : 'the first '}on line ${shortFaces.firstLine}; a face needs 3, so ${shortFaces.count === 1 ? 'it was' : 'they were'} left out`);
  }
  if (origin) warnings.push(shiftNote(origin, 'its first vertex'));
  // ShapeNet and most OBJ exporters are y-up
  return { data: mesh, upAxis: 'y', warnings, ...(origin && { origin }) };
}

function foldNormals(corners: Int32Array, normals: Float32Array, nv: number): Float32Array {
  const out = new Float32Array(nv * 3);
  for (let i = 0; i < corners.length; i += 2) {
    const v = corners[i];
    const n = corners[i + 1];
    for (let k = 0; k < 3; k++) out[v * 3 + k] += normals[n * 3 + k];
  }
  for (let v = 0; v < nv; v++) {
    const len = Math.hypot(out[v * 3], out[v * 3 + 1], out[v * 3 + 2]);
    if (len > 0) for (let k = 0; k < 3; k++) out[v * 3 + k] /= len;
  }
  return out;
}

function foldUvs(corners: Int32Array, uvs: Float32Array, nv: number): Float32Array {
  const out = new Float32Array(nv * 2);
  const seen = new Uint8Array(nv);
  for (let i = 0; i < corners.length; i += 2) {
    const v = corners[i];
    const t = corners[i + 1];
    if (seen[v]) continue;
    seen[v] = 1;
    out[v * 2] = uvs[t * 2];
    out[v * 2 + 1] = uvs[t * 2 + 1];
  }
  return out;
}

function applyMaterials(mesh: Mesh, mtlName: string | undefined, companions: LoaderContext['companions'], terms: CompanionTerms, warnings: string[]): void {
  const mtls = companions.filter((c) => /\.mtl$/i.test(c.name));
  if (!mtls.length) {
    if (mtlName && mesh.groups.some((g) => g.material)) {
      warnings.push(`names its materials' file ${mtlName}, which is missing: its parts are shown without their colours (${terms.missing(mtlName)})`);
    }
    return;
  }
  const wanted = mtlName?.replace(/^.*[\\/]/, '').toLowerCase();
  const file = mtls.find((m) => m.name.replace(/^.*[\\/]/, '').toLowerCase() === wanted) ?? mtls[0];
  const materials = parseMtl(file.bytes);
  for (const g of mesh.groups) {
    if (!g.material) continue;
    const m = materials.get(g.material);
    if (m?.diffuse) g.color = m.diffuse;
    else if (!m) warnings.push(`material "${g.material}" is not in ${file.name}`);
  }
}

export const objLoader: FormatLoader = {
  id: 'obj',
  name: 'OBJ',
  extensions: ['.obj'],
  strong: false,
  sniff: (b) => {
    const head = new TextDecoder('latin1').decode(b.subarray(0, 4096));
    return /^(v|vn|vt|f|o|g|mtllib|usemtl)\s/m.test(head) && /^v\s+[-+.\d]/m.test(head);
  },
  parse: (bytes, context) => parseObj(bytes, context),
};
