// STL, binary and ASCII, as CAD programs, scanners' meshing tools and 3D printing sites write it.
// STL stores each triangle with its own three corners; corners at the same position are joined
// into one vertex, so that the mesh has shared vertices to shade, sample and count as other meshes.
// Binary STL has no magic number and often begins with "solid" too, so the size a binary file
// must have decides first (84 bytes and 50 a triangle).
import { InputError, type Mesh, type MeshGroup } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { progressReporter } from './loader';
import { ByteScanner } from './scanner';
import { textBody } from './text';
import { checkBudget } from './limits';
import { formatCount, plural } from '../format';
import { bytesLeftOut } from './leftOut';
import { ShiftFromFirst, shiftNote, type Origin } from './shift';

const HEADER_BYTES = 80;
const BINARY_START = HEADER_BYTES + 4;
const TRIANGLE_BYTES = 50;
// what a triangle may cost while it is read: its 9 corner coordinates, the joining table's slots (up
// to 4 a corner), each corner's first sighting and index, and at most 3 vertices' positions
const BYTES_PER_TRIANGLE = 36 + 48 + 12 + 12 + 36;

function startsWithSolid(b: Uint8Array): boolean {
  let i = 0;
  while (i < b.length && i < 256 && (b[i] === 32 || b[i] === 9 || b[i] === 10 || b[i] === 13)) i++;
  // "solid" then a space or the line's end ("solidworks" is no keyword)
  return String.fromCharCode(...b.subarray(i, i + 5)).toLowerCase() === 'solid' && (i + 5 >= b.length || /\s/.test(String.fromCharCode(b[i + 5])));
}

/** Binary STL's declared triangle count, where the file is long enough to hold one. */
function declaredTriangles(b: Uint8Array): number | undefined {
  return b.length >= BINARY_START ? new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(HEADER_BYTES, true) : undefined;
}

/** Binary STL by its one signature: a size of exactly its declared triangles. */
function sizeFitsCount(b: Uint8Array): boolean {
  const n = declaredTriangles(b);
  return n !== undefined && n > 0 && BINARY_START + n * TRIANGLE_BYTES === b.length;
}

/** Binary where the size fits its count, or it does not start with "solid", or binary bytes (NUL) follow that word. */
function isBinary(b: Uint8Array): boolean {
  const n = declaredTriangles(b);
  if (n !== undefined && BINARY_START + n * TRIANGLE_BYTES === b.length) return true;
  return !startsWithSolid(b) || b.subarray(0, 4096).includes(0);
}

/**
 * One vertex per distinct corner position (by its float32 bits; a -0 in `corners` is rewritten as 0 in place), with the index of
 * each corner's vertex; an open-addressed hash table keeps it linear in the corners.
 */
export function joinCorners(corners: Float32Array): { positions: Float32Array; indices: Uint32Array } {
  const n = corners.length / 3;
  const bits = new Uint32Array(corners.buffer, corners.byteOffset, corners.length);
  for (let i = 0; i < corners.length; i++) if (corners[i] === 0) corners[i] = 0;
  let size = 1;
  while (size < n * 2) size *= 2;
  const table = new Int32Array(size).fill(-1);
  const first = new Uint32Array(n);
  const indices = new Uint32Array(n);
  let vertices = 0;
  for (let c = 0; c < n; c++) {
    const x = bits[3 * c];
    const y = bits[3 * c + 1];
    const z = bits[3 * c + 2];
    let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) >>> 0;
    for (;;) {
      const slot = h & (size - 1);
      const v = table[slot];
      if (v < 0) {
        table[slot] = vertices;
        first[vertices] = c;
        indices[c] = vertices++;
        break;
      }
      const f = 3 * first[v];
      if (bits[f] === x && bits[f + 1] === y && bits[f + 2] === z) {
        indices[c] = v;
        break;
      }
      h++;
    }
  }
  const positions = new Float32Array(vertices * 3);
  for (let v = 0; v < vertices; v++) positions.set(corners.subarray(3 * first[v], 3 * first[v] + 3), 3 * v);
  return { positions, indices };
}

/** A file's triangle corners, three a triangle, its parts, what was said, and what the corners are relative to where they lie far from zero. */
interface StlBody {
  corners: Float32Array;
  groups: MeshGroup[];
  warnings: string[];
  origin?: Origin;
}

// binary STL's corners are 32-bit floats by its definition: there is nothing finer to keep
function parseBinary(b: Uint8Array, onProgress: LoaderContext['onProgress']): StlBody {
  const n = declaredTriangles(b);
  if (n === undefined) throw new InputError(`is not an STL file: ${b.length} bytes are too few for a binary STL's header and triangle count (84) and it does not start with "solid"`);
  const room = Math.floor((b.length - BINARY_START) / TRIANGLE_BYTES);
  if (n > room) {
    throw new InputError(
      `declares ${formatCount(n)} triangles, which take ${formatCount(BINARY_START + n * TRIANGLE_BYTES)} bytes as binary STL, but the file holds ${formatCount(b.length)}: it is truncated or its header is wrong`,
    );
  }
  checkBudget(n, BYTES_PER_TRIANGLE, 'triangles');
  const warnings: string[] = [];
  const extra = b.length - BINARY_START - n * TRIANGLE_BYTES;
  if (extra > 0) warnings.push(bytesLeftOut(extra, n, 'triangles'));
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const corners = new Float32Array(n * 9);
  const report = progressReporter(onProgress, n);
  for (let t = 0; t < n; t++) {
    // each triangle: a facet normal (not kept: shading uses the joined mesh's), 3 corners, 2 attribute bytes
    const at = BINARY_START + t * TRIANGLE_BYTES + 12;
    for (let k = 0; k < 9; k++) corners[9 * t + k] = view.getFloat32(at + 4 * k, true);
    report(t);
  }
  return { corners, groups: [], warnings };
}

/** A growing list of corner coordinates, checked against the read budget as it grows. */
class CornerList {
  data = new Float32Array(9 * 1024);
  length = 0;
  push(x: number, y: number, z: number): void {
    if (this.length + 3 > this.data.length) {
      checkBudget(this.data.length / 9, 2 * BYTES_PER_TRIANGLE, 'triangles');
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
    this.data[this.length++] = y;
    this.data[this.length++] = z;
  }
}

function parseAscii(input: Uint8Array, onProgress: LoaderContext['onProgress']): StlBody {
  const s = new ByteScanner(textBody(input, 'STL'));
  const corners = new CornerList();
  // far coordinates (a site model exported in survey coordinates) are kept relative to the first corner's neighbourhood (shift.ts)
  const shift = new ShiftFromFirst();
  const solids: { name: string; start: number }[] = [];
  const report = progressReporter(onProgress, s.end);
  let facetStart = -1;
  let facets = 0;
  let polygons = 0;
  while (s.skipSpace()) {
    const word = s.token().toLowerCase();
    if (word === 'vertex') {
      if (facetStart < 0) throw new InputError(`line ${s.lineNumber()}: a vertex outside a facet ("facet normal … outer loop" comes first)`);
      const xyz = [0, 0, 0];
      for (let k = 0; k < 3; k++) {
        if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: a vertex with fewer than 3 coordinates`);
        xyz[k] = s.number();
      }
      if (s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: a vertex with more than 3 coordinates`);
      shift.apply(xyz);
      corners.push(xyz[0], xyz[1], xyz[2]);
    } else if (word === 'facet') {
      if (facetStart >= 0) throw new InputError(`line ${s.lineNumber()}: a facet begins before the one before it ends ("endfacet")`);
      facetStart = corners.length;
    } else if (word === 'endfacet') {
      if (facetStart < 0) throw new InputError(`line ${s.lineNumber()}: "endfacet" without its facet`);
      const count = (corners.length - facetStart) / 3;
      if (count < 3) throw new InputError(`line ${s.lineNumber()}: facet ${formatCount(facets + 1)} has ${count} vertices; a triangle needs 3`);
      if (count > 3) {
        // some writers put a polygon in one facet: it becomes a fan of triangles, as OBJ's and OFF's do
        polygons++;
        const loop = corners.data.slice(facetStart, corners.length);
        corners.length = facetStart;
        for (let k = 1; k + 1 < count; k++) for (const c of [0, k, k + 1]) corners.push(loop[3 * c], loop[3 * c + 1], loop[3 * c + 2]);
      }
      facets++;
      facetStart = -1;
    } else if (word === 'solid') {
      s.skipInlineSpace();
      const start = s.pos;
      s.nextLine();
      const name = String.fromCharCode(...s.bytes.subarray(start, Math.min(s.pos, start + 200))).trim();
      solids.push({ name, start: corners.length / 3 });
      continue;
    } else if (word !== 'normal' && word !== 'outer' && word !== 'loop' && word !== 'endloop' && word !== 'endsolid') {
      if (!/^[-+.\deE]+$|^nan$|^inf/i.test(word)) throw new InputError(`line ${s.lineNumber()}: "${word.slice(0, 40)}" is not part of ASCII STL (solid, facet normal, outer loop, vertex, endloop, endfacet, endsolid)`);
    }
    if (word === 'endsolid') s.nextLine();
    report(s.pos);
  }
  if (facetStart >= 0) throw new InputError(`is truncated: it ends inside facet ${formatCount(facets + 1)}`);
  const { origin } = shift;
  const warnings = [
    ...(polygons ? [`${plural(polygons, 'facet')} held more than 3 vertices; ${polygons === 1 ? 'it was' : 'each was'} split into triangles`] : []),
    ...(origin ? [shiftNote(origin, 'its first vertex')] : []),
  ];
  // one solid is the whole mesh; several are its parts, named as the file names them
  const groups: MeshGroup[] =
    solids.length > 1
      ? solids.map((solid, k) => ({ name: solid.name || `solid ${k + 1}`, start: solid.start, count: (solids[k + 1]?.start ?? corners.length / 3) - solid.start }))
      : [];
  return { corners: corners.data.slice(0, corners.length), groups: groups.filter((g) => g.count > 0), warnings, ...(origin && { origin }) };
}

export function parseStl(bytes: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LoadedGeometry {
  const binary = isBinary(bytes);
  const { corners, groups, warnings, origin } = binary ? parseBinary(bytes, context?.onProgress) : parseAscii(bytes, context?.onProgress);
  if (corners.length === 0) throw new InputError('holds no triangles');
  const { positions, indices } = joinCorners(corners);
  const triangles = indices.length / 3;
  const mesh: Mesh = { kind: 'mesh', positions, indices, faceCount: triangles, groups, fields: {} };
  // 3D printing and CAD, where STL comes from, build along +z
  return { data: mesh, upAxis: 'z', warnings, ...(origin && { origin }) };
}

export const stlLoader: FormatLoader = {
  id: 'stl',
  name: 'STL',
  extensions: ['.stl'],
  // no magic number: a file named otherwise is taken for STL by its words, or by a size that fits its count
  strong: false,
  // STL is the format of 3D printing and CAD parts, mostly in millimetres: a bathtub 600 mm high of
  // 15,000 vertices read in centimetres is a 6 m hall, but no room scan is written as STL
  objectsOnly: true,
  sniff: (b) => sizeFitsCount(b) || (startsWithSolid(b) && /\bfacet\s+normal\b/i.test(String.fromCharCode(...b.subarray(0, 1024)))),
  parse: (bytes, context) => parseStl(bytes, context),
};
