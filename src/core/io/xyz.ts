// Plain-text point lists (.xyz .txt .pts .csv): one point a line, values separated by spaces,
// commas or semicolons, quoted or not, with decimal points or commas (spreadsheetText), with or
// without a header line. Columns after x y z are guessed when no header names them (guessColumns).
import { InputError } from '../types';
import type { FormatLoader, LoaderContext, LoadedGeometry } from './loader';
import { progressReporter } from './loader';
import { ByteScanner, countLines } from './scanner';
import { decodeText, textBody } from './text';
import { lineFields, plainValues } from './spreadsheetText';
import { MAX_ATTRIBUTES, checkBudget } from './limits';
import { cloudFromColumns, guessColumns, type Columns } from './pointColumns';
import { precisionWarnings } from './precision';
import { formatCount, plural } from '../format';
import { originOfPoints, shiftNote } from './shift';

const SEPARATORS = /[\s,;]+/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$/i;

function isNumberToken(t: string): boolean {
  return NUMBER.test(t);
}

interface Preamble {
  /** byte offset of the first data line */
  dataStart: number;
  columns: number;
  names?: string[];
  /** the point count a PTS file's first line gives */
  ptsCount?: number;
}

/**
 * Finds the header (if any), skips comments and a PTS count line, and counts the columns. `bytes`:
 * the text as plainValues gives it, where the numbers are read; `text`: the file's, byte for byte,
 * where the names are (a quoted name keeps its spaces and commas).
 */
function readPreamble(bytes: Uint8Array, text: Uint8Array): Preamble {
  let pos = 0;
  let names: string[] | undefined;
  let ptsCount: number | undefined;
  while (pos < bytes.length) {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = bytes.length;
    const line = decodeText(bytes.subarray(pos, end)).trim();
    const lineStart = pos;
    pos = end + 1;
    if (!line.length) continue;
    // CloudCompare writes its header as "//X,Y,Z,R,G,B"
    const headerLike = line.replace(/^(\/\/|#)\s*/, '');
    const tokens = headerLike.split(SEPARATORS).filter((t) => t.length);
    const isComment = line.startsWith('#') || line.startsWith('//');
    if (tokens.length && tokens.every(isNumberToken) && !isComment) {
      // a PTS file opens with the number of points alone on its first line
      if (tokens.length === 1 && !names && ptsCount === undefined) {
        ptsCount = Number(tokens[0]);
        continue;
      }
      return { dataStart: lineStart, columns: tokens.length, names, ptsCount };
    }
    const original = decodeText(text.subarray(lineStart, end)).trim();
    const fields = lineFields(original.replace(/^(\/\/|#)\s*/, ''));
    if (!names && fields.length >= 3 && fields.some((t) => /^x$/i.test(t.trim()))) {
      names = fields;
      continue;
    }
    if (isComment) continue;
    throw new InputError(`line ${bytes.subarray(0, lineStart).filter((b) => b === 10).length + 1}: "${original.slice(0, 60)}" is neither numbers nor a header with x, y, z columns`);
  }
  throw new InputError('has no points: no line of numbers was found');
}

const NAME_ROLES: Array<[RegExp, 'position' | 'normal' | 'color', number]> = [
  [/^x$/, 'position', 0],
  [/^y$/, 'position', 1],
  [/^z$/, 'position', 2],
  [/^(nx|normal_?x)$/, 'normal', 0],
  [/^(ny|normal_?y)$/, 'normal', 1],
  [/^(nz|normal_?z)$/, 'normal', 2],
  [/^(r|red)$/, 'color', 0],
  [/^(g|green)$/, 'color', 1],
  [/^(b|blue)$/, 'color', 2],
];

function columnsFromHeader(names: string[]): Columns {
  const roles: Record<'position' | 'normal' | 'color', number[]> = { position: [], normal: [], color: [] };
  const fields: Columns['fields'] = [];
  names.forEach((given, column) => {
    // pandas leaves its index column unnamed
    const raw = given.trim() || `column_${column}`;
    const name = raw.toLowerCase();
    const role = NAME_ROLES.find(([re]) => re.test(name));
    if (role) roles[role[1]][role[2]] = column;
    else fields.push({ name: raw, column });
  });
  const complete = (a: number[]) => a.length === 3 && a.every((c) => c !== undefined);
  if (!complete(roles.position)) throw new InputError(`has a header (${names.join(', ')}) without x, y and z columns`);
  // a partial triple (only "r", say) is no colour or normal: keep those columns as fields
  for (const role of ['normal', 'color'] as const) {
    if (!complete(roles[role])) roles[role].forEach((c) => c !== undefined && fields.push({ name: names[c], column: c }));
  }
  fields.sort((a, b) => a.column - b.column);
  return {
    position: roles.position,
    normal: complete(roles.normal) ? roles.normal : undefined,
    color: complete(roles.color) ? roles.color : undefined,
    fields,
  };
}

export function parseXyz(input: Uint8Array, context?: Pick<LoaderContext, 'onProgress'>): LoadedGeometry {
  const text = textBody(input, 'point list');
  const plain = plainValues(text);
  const bytes = plain.bytes;
  const warnings = plain.warning ? [plain.warning] : [];
  const { dataStart, columns: cols, names, ptsCount } = readPreamble(bytes, text);
  // a header says how many values a line has: the first line of numbers is the one at odds with it
  if (names && names.length !== cols) {
    throw new InputError(`line ${new ByteScanner(bytes, dataStart).lineNumber()} has ${plural(cols, 'value')}, but the header names ${names.length} columns (${names.join(', ')})`);
  }
  if (cols < 3) throw new InputError(`has ${plural(cols, 'value')} a line; a point needs at least x, y and z`);
  if (cols > MAX_ATTRIBUTES) throw new InputError(`has ${cols} values a line; pointlens reads point lists of up to ${MAX_ATTRIBUTES} columns`);
  // a row of `cols` values takes at least 2 * cols bytes (a digit and a separator or line end each)
  const maxRows = Math.min(countLines(bytes, dataStart), Math.floor((bytes.length - dataStart + 1) / (2 * cols)));
  // the values as doubles while reading, then positions, colours and fields
  checkBudget(maxRows, cols * 12 + 12, 'points');
  const values = new Float64Array(maxRows * cols);
  const s = new ByteScanner(bytes, dataStart);
  const report = progressReporter(context?.onProgress, bytes.length);
  let rows = 0;
  // the counts of the scans after the first, in a PTS file that holds several one after another
  const scanCounts: number[] = [];
  try {
    while (s.pos < bytes.length) {
      if (!s.skipInlineSpace() || bytes[s.pos] === 35 || (bytes[s.pos] === 47 && bytes[s.pos + 1] === 47)) {
        s.nextLine();
        continue;
      }
      const o = rows * cols;
      let k = 0;
      do {
        if (k === cols) throw new InputError(`line ${s.lineNumber()} has more than the ${cols} values of the first line`);
        values[o + k++] = s.number();
      } while (s.skipInlineSpace());
      if (k < cols) {
        // a PTS file of several scans (as Cyclone exports them) opens each with its count, alone on a line
        if (ptsCount !== undefined && k === 1 && Number.isSafeInteger(values[o]) && values[o] >= 0) {
          scanCounts.push(values[o]);
          s.nextLine();
          continue;
        }
        throw new InputError(`line ${s.lineNumber()} has ${plural(k, 'value')}, but the first line has ${cols}`);
      }
      rows++;
      s.nextLine();
      report(s.pos);
    }
  } catch (e) {
    // a value past the head the decimal mark was decided from, which it reads wrong ("1.234,5"): say how the commas were read
    if (plain.warning && e instanceof InputError) throw new InputError(`${e.message}; the file ${plain.warning}`);
    throw e;
  }
  if (scanCounts.length) {
    const declared = scanCounts.reduce((a, b) => a + b, ptsCount!);
    warnings.push(`holds ${scanCounts.length + 1} scans one after another, each after its count line: read together as one cloud`);
    if (declared !== rows) warnings.push(`says on its count lines that it holds ${plural(declared, 'point')}, but has ${formatCount(rows)}; all were read`);
  } else if (ptsCount !== undefined && ptsCount !== rows) warnings.push(`says on its first line that it holds ${plural(ptsCount, 'point')}, but has ${formatCount(rows)}; all were read`);
  const layout = names ? columnsFromHeader(names) : guessColumns(values, rows, cols, ptsCount !== undefined);
  const origin = originOfPoints(rows, (i, k) => values[i * cols + layout.position[k]]);
  const cloud = cloudFromColumns(values, rows, cols, layout, origin, warnings);
  warnings.push(...precisionWarnings(cloud.positions));
  if (origin) warnings.push(shiftNote(origin, 'the middle of its points'));
  // Coloured text clouds are scans (S3DIS, Semantic3D, exports of LiDAR), which are z-up; the
  // uncoloured ones in the wild are mostly ModelNet/ShapeNet samples, which are y-up and scaled into
  // the unit sphere. An uncoloured one far larger is a survey's or a CAD tool's export, z-up too: a
  // stretch of ground 100 wide was stood on its edge, y up, and named a door (92%).
  const sample = !cloud.colors && !origin && withinSample(cloud.positions);
  return { data: cloud, upAxis: sample ? 'y' : 'z', warnings, ...(origin && { origin }) };
}

/** ModelNet's and ShapeNet's samples lie within the unit sphere or cube; this leaves room for a slightly larger scaling. */
const SAMPLE_REACH = 2;

function withinSample(positions: Float32Array): boolean {
  for (let i = 0; i < positions.length; i++) if (Math.abs(positions[i]) > SAMPLE_REACH) return false;
  return true;
}

export const xyzLoader: FormatLoader = {
  id: 'xyz',
  name: 'XYZ text',
  extensions: ['.xyz', '.txt', '.pts', '.csv'],
  strong: false,
  sniff: (b) => {
    const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
    const lines = head.split('\n').slice(0, -1).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('//'));
    const data = lines.filter((l) => l.split(SEPARATORS).every(isNumberToken));
    return data.length > 0 && data.length >= lines.length - 2 && data.every((l) => l.split(SEPARATORS).length >= 3 || l.split(SEPARATORS).length === 1);
  },
  parse: (bytes, context) => parseXyz(bytes, context),
};
