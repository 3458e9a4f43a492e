// What spreadsheets and pandas put in point lists besides bare numbers: names and values in double
// quotes ("x","y","z" and "1.5","2.5"), and commas as decimal marks, as much of Europe writes them.
// The point list reader (xyz.ts) reads the bytes plainValues gives: quotes blanked, decimal commas
// turned into points, each byte where it was, so that offsets and line numbers stay the file's.
import { InputError } from '../types';

const QUOTE = 34;
const COMMA = 44;
const PERIOD = 46;
const LF = 10;
const SPACE = 32;

const isDigit = (b: number | undefined) => b !== undefined && b >= 48 && b <= 57;

/** The head of a file where its decimal mark is looked for. */
const DECIMAL_MARK_HEAD = 1 << 16;
/** A number with a comma as its decimal mark, or an integer: a digit on each side of the comma, no point. */
const COMMA_DECIMAL = /^[+-]?(\d+(,\d+)?|,\d+)([eE][+-]?\d+)?$/;
/** A value written with digits, points and commas: the kind whose decimal mark can be in doubt. */
const DIGITS_AND_MARKS = /^[+-]?[\d.,]+([eE][+-]?\d+)?$/;

const SEMICOLONS = 'separates its values with semicolons, so its commas were read as decimal marks ("1,5" as 1.5)';
const SPACED = 'separates its values with spaces or tabs and writes them with one comma and no point, so its commas were read as decimal marks ("2,5" as 2.5)';
const QUOTED = 'writes commas inside quoted values, so they were read as decimal marks ("1,5" as 1.5)';

/**
 * The fields of a line of text: separated by whitespace, commas or semicolons, runs of them as one;
 * a double-quoted field keeps what is inside it ("Point X", with "" for a quote), and one left empty
 * before the first separator (pandas' unnamed index column: ",x,y,z") is an empty name.
 */
export function lineFields(line: string): string[] {
  const fields = Array.from(line.matchAll(/"((?:[^"]|"")*)"|[^\s,;"]+/g), (m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[0]));
  return /^\s*[,;]/.test(line) ? ['', ...fields] : fields;
}

/** The head's complete lines, where a file's decimal mark is looked for, comments left empty so that line `i` is the file's line i + 1. */
function headLines(bytes: Uint8Array): string[] {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, DECIMAL_MARK_HEAD));
  const lines = head.split('\n');
  if (bytes.length > DECIMAL_MARK_HEAD) lines.pop();
  return lines.map((l) => (/^\s*(#|\/\/)/.test(l) ? '' : l));
}

type DecimalComma = 'semicolons' | 'spaced';

/**
 * Whether the file writes commas as decimal marks, and how it says so: with semicolons between
 * values ("1,5;2,5;3,5") in any line holding a semicolon and a comma between digits; with spaces or
 * tabs ("2,9761 -1,4625 1,0578 181") where every line of two values or more (but a header's) holds
 * only integers and numbers with one comma and no point (an ordinary CSV line has more commas than
 * values between spaces, "1.5,2,3", or ends values with them, "1.5, 2"). The first 64 kB decide.
 */
function decimalComma(lines: string[]): DecimalComma | undefined {
  if (lines.some((l) => l.includes(';') && /\d,\d/.test(l))) return 'semicolons';
  // a header line names columns, and a PTS file's first line is its count alone
  const rows = lines.filter((l) => /\d/.test(l)).map((l) => l.trim().split(/[ \t]+/)).filter((values) => values.length > 1);
  const spaced = rows.length > 0 && rows.every((values) => values.every((v) => COMMA_DECIMAL.test(v))) && rows.some((values) => values.some((v) => v.includes(',')));
  return spaced ? 'spaced' : undefined;
}

/**
 * Refuses a semicolon-separated file whose values are not plain decimal-comma numbers: one with a
 * point and a comma ("1.234,5", "1,234.5") or two commas holds a thousands separator or a line
 * of comma-separated values, and reading its commas as marks would read it wrong.
 */
function checkSemicolonValues(lines: string[]): void {
  lines.forEach((line, i) => {
    const odd = line
      .split(/[;\s]+/)
      .map((v) => v.replace(/^"(.*)"$/, '$1'))
      .find((v) => DIGITS_AND_MARKS.test(v) && (v.includes('.') || v.split(',').length > 2));
    if (odd === undefined) return;
    throw new InputError(
      `separates its values with semicolons and writes commas as decimal marks ("1,5"), but line ${i + 1} holds "${odd.slice(0, 40)}", with ${odd.includes('.') ? 'both a point and a comma' : 'more than one comma'}: its decimal mark is in doubt (a thousands separator, or a line separated by commas); save it with one decimal mark and no thousands separators`,
    );
  });
}

/**
 * The bytes of a point list as the number scanner reads them, with the warning that says how its
 * commas were read: double quotes blanked, decimal commas (see decimalComma) turned into points, and
 * so are commas inside quotes, which separate nothing ("1,5","2,5"; a name's are read from the
 * file's own bytes). Every byte stays where it was. The file's own bytes where it has neither.
 */
export function plainValues(bytes: Uint8Array): { bytes: Uint8Array; warning?: string } {
  const lines = headLines(bytes);
  const comma = decimalComma(lines);
  if (comma === 'semicolons') checkSemicolonValues(lines);
  if (!comma && bytes.indexOf(QUOTE) < 0) return { bytes };
  const out = bytes.slice();
  let quoted = false;
  let quotedCommas = false;
  let line = 1;
  let lineStart = 0;
  // a quote left open would take the commas after it for decimal marks ("1,2,3" as 1.2.3) and be read as a bad number
  const closed = (end: number) => {
    if (!quoted) return;
    const text = new TextDecoder('latin1').decode(bytes.subarray(lineStart, end)).trim();
    if (!/^(#|\/\/)/.test(text)) throw new InputError(`line ${line} opens a double quote it does not close: ${text.slice(0, 60)}`);
  };
  for (let i = 0; i < out.length; i++) {
    const b = out[i];
    if (b === QUOTE) {
      quoted = !quoted;
      out[i] = SPACE;
    } else if (b === LF) {
      closed(i);
      quoted = false;
      line++;
      lineStart = i + 1;
    } else if (b === COMMA && (comma || quoted)) {
      out[i] = PERIOD;
      // a quoted name's commas ("a,b") are no marks, and are read from the file's own bytes
      quotedCommas ||= quoted && isDigit(out[i - 1]) && isDigit(out[i + 1]);
    }
  }
  closed(out.length);
  return { bytes: out, warning: comma === 'semicolons' ? SEMICOLONS : comma === 'spaced' ? SPACED : quotedCommas ? QUOTED : undefined };
}
