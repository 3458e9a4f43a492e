// OFF / COFF / NOFF / CNOFF (https://segeval.cs.princeton.edu/public/off_format.html), as ModelNet
// ships it. Several ModelNet files glue the counts to the keyword ("OFF1046 900 0"), so the
// keyword is matched as a prefix of the first line, not as a whole token.
import { InputError, type Mesh } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { ShiftFromFirst, shiftNote } from './shift';
import { progressReporter } from './loader';
import { ByteScanner } from './scanner';
import { IndexBuilder, checkIndex } from './indexBuilder';
import { textBody } from './text';
import { checkBudget } from './limits';
import { linesLeftOut } from './leftOut';
import { FACE_COLORS_LEFT_NOTE, FACE_COLORS_NOTE, FaceColors } from './faceColors';
import { formatCount, plural } from '../format';

const KEYWORD = /^(ST)?(C)?(N)?(4)?(n)?OFF/;

/**
 * "NVertices NFaces [NEdges]" on one line, the keyword's own or the next that is not a comment.
 * Read line by line, so that a missing edge count is not taken from the first vertex.
 */
function readCounts(s: ByteScanner): number[] {
  const counts: number[] = [];
  if (!s.skipInlineSpace()) {
    while (s.skipSpace() && s.bytes[s.pos] === 35) s.nextLine();
    if (!s.skipInlineSpace()) return counts;
  }
  do counts.push(s.number());
  while (counts.length < 3 && s.skipInlineSpace() && s.bytes[s.pos] !== 35);
  return counts;
}

export function parseOff(input: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LoadedGeometry {
  const bytes = textBody(input, 'OFF');
  const s = new ByteScanner(bytes);
  s.skipSpace();
  const first = s.token(true);
  const m = KEYWORD.exec(first);
  if (!m) throw new InputError('is not an OFF file: it does not start with "OFF"');
  if (m[1] || m[4] || m[5]) throw new InputError(`uses the "${m[0]}" variant of OFF, which is not supported (plain, C and N OFF are)`);
  const hasColor = !!m[2];
  const hasNormal = !!m[3];
  s.pos += m[0].length;
  s.skipInlineSpace();
  if (s.token(true).toUpperCase() === 'BINARY') throw new InputError('is a binary OFF file, which is not supported (ASCII OFF is)');
  if (s.bytes[s.pos] === 35) s.nextLine();

  const counts = readCounts(s);
  const [nv, nf] = counts;
  if (counts.length < 2 || !Number.isInteger(nv) || !Number.isInteger(nf) || nv < 0 || nf < 0) {
    throw new InputError(`has no valid vertex and face counts after the OFF keyword (its counts line holds ${counts.length ? counts.join(' ') : 'nothing'}; OFF needs "vertices faces [edges]" on one line)`);
  }
  // every vertex takes at least 6 bytes ("0 0 0\n"), every face at least 2
  const remaining = bytes.length - s.pos;
  if (nv * 6 + nf * 2 > remaining + 1) {
    throw new InputError(
      `declares ${plural(nv, 'vertex', 'vertices')} and ${plural(nf, 'face')}, but only ${plural(remaining, 'byte')} follow: the file is truncated or its header is wrong`,
    );
  }
  s.nextLine();
  checkBudget(nv, 12 + (hasNormal ? 12 : 0) + (hasColor ? 3 : 0), 'vertices');

  const report = progressReporter(context?.onProgress, nv + nf);
  const positions = new Float32Array(nv * 3);
  const normals = hasNormal ? new Float32Array(nv * 3) : undefined;
  const colors = hasColor ? new Uint8Array(nv * 3) : undefined;
  const rgba = [0, 0, 0, 0];
  // far coordinates are kept relative to the first vertex's neighbourhood (shift.ts)
  const xyz = [0, 0, 0];
  const shift = new ShiftFromFirst();
  const need = (done: number, what: string, total: number) => {
    if (!s.skipSpace()) throw new InputError(`is truncated: it ends after ${done} of the ${total} ${what} its header declares`);
  };
  for (let i = 0; i < nv; i++) {
    need(i, 'vertices', nv);
    while (s.bytes[s.pos] === 35) {
      s.nextLine();
      need(i, 'vertices', nv);
    }
    for (let c = 0; c < 3; c++) {
      if (c > 0 && !s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: vertex ${i} has fewer than 3 coordinates`);
      xyz[c] = s.number();
    }
    shift.apply(xyz);
    positions.set(xyz, i * 3);
    if (normals) {
      for (let c = 0; c < 3; c++) {
        if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: vertex ${i} has no normal`);
        normals[i * 3 + c] = s.number();
      }
    }
    if (colors) {
      let k = 0;
      while (k < 4 && s.skipInlineSpace()) rgba[k++] = s.number();
      if (k < 3) throw new InputError(`line ${s.lineNumber()}: vertex ${i} has no colour`);
      // COFF colours are 0..255 integers or 0..1 floats (spec); a whole "1.0" reads as the integer
      const unit = !(Number.isInteger(rgba[0]) && Number.isInteger(rgba[1]) && Number.isInteger(rgba[2]));
      for (let c = 0; c < 3; c++) colors[i * 3 + c] = Math.max(0, Math.min(255, Math.round(unit ? rgba[c] * 255 : rgba[c])));
    }
    s.nextLine();
    report(i);
  }

  const indices = new IndexBuilder(nf * 3);
  // a vertex line that the header's vertex count left out is read as face 1: "1.5 2 3" has no whole
  // vertex count, "0 1 1" is a face of no vertex; either makes the count the likely error
  const countTooLow = `; the header's vertex count (${formatCount(nv)}) is likely too low, so that a vertex was read as face 1`;
  let firstFaceOdd = false;
  // a face's colour follows its indices (3 or 4 values; 1 is an index into a colour map, not kept):
  // the first face's says whether the faces are coloured
  let faceColors: FaceColors | null = null;
  let facesColoredToo = false;
  const corners: number[] = [];
  for (let f = 0; f < nf; f++) {
    need(f, 'faces', nf);
    while (s.bytes[s.pos] === 35) {
      s.nextLine();
      need(f, 'faces', nf);
    }
    const n = s.number();
    if (!Number.isInteger(n) || n < 0) throw new InputError(`line ${s.lineNumber()}: face ${f + 1} has a bad vertex count "${n}"${f === 0 ? countTooLow : ''}`);
    if (f === 0 && n < 3) firstFaceOdd = true;
    indices.beginFace();
    corners.length = 0;
    for (let j = 0; j < n; j++) {
      if (!s.skipInlineSpace()) throw new InputError(`line ${s.lineNumber()}: face ${f + 1} lists fewer than its ${n} vertices${f === 0 ? countTooLow : ''}`);
      const v = s.number();
      checkIndex(v, nv, f, firstFaceOdd ? countTooLow : '');
      indices.corner(v);
      corners.push(v);
    }
    let k = 0;
    while (k < 4 && s.skipInlineSpace() && Number.isFinite(Number(s.token(true)))) rgba[k++] = s.number();
    if (f === 0 && k >= 3) {
      if (colors) facesColoredToo = true;
      else faceColors = new FaceColors(nf, nv);
    }
    if (faceColors) {
      faceColors.begin(f);
      for (const v of corners) faceColors.corner(v);
      if (k >= 3) for (let c = 0; c < 3; c++) faceColors.color(c, rgba[c]);
    }
    s.nextLine();
    report(nv + f);
  }
  let extraLines = 0;
  for (; s.skipSpace(); s.nextLine()) if (s.bytes[s.pos] !== 35) extraLines++;
  const warnings = extraLines ? [linesLeftOut(extraLines, nf, 'faces')] : [];
  if (faceColors) warnings.push(FACE_COLORS_NOTE);
  if (facesColoredToo) warnings.push(FACE_COLORS_LEFT_NOTE);
  const mesh: Mesh = { kind: 'mesh', positions, normals, colors: faceColors?.vertexColors('unsaid') ?? colors, indices: indices.finish(), faceCount: nf, groups: [], fields: {} };
  // ModelNet, the main source of OFF files, ships its raw meshes z-up (a bathtub's shortest
  // extent is z); the resampled point sets of modelnet40_normal_resampled were turned y-up.
  const { origin } = shift;
  if (origin) warnings.push(shiftNote(origin, 'its first vertex'));
  return { data: mesh, upAxis: 'z', warnings, ...(origin && { origin }) };
}

export const offLoader: FormatLoader = {
  id: 'off',
  name: 'OFF',
  extensions: ['.off'],
  strong: true,
  // OFF is the format of shape collections (ModelNet, the Princeton Shape Benchmark), whose raw
  // meshes come in units of their own: a 40-unit chair of 20,000 vertices has a room's size and
  // vertex count, but no room scan is written as OFF
  objectsOnly: true,
  sniff: (b) => {
    let i = 0;
    while (i < b.length && (b[i] === 32 || b[i] === 10 || b[i] === 13 || b[i] === 9)) i++;
    const head = String.fromCharCode(...b.subarray(i, i + 8));
    return KEYWORD.test(head) && !/^[A-Z]*OFF[a-zA-Z]/.test(head);
  },
  parse: (bytes, context) => parseOff(bytes, context),
};
