// Reads numbers straight from the bytes of a text format (ASCII PLY, OFF, OBJ, XYZ): building a
// string per line and splitting it costs several times more than the parse itself on large files.
import { InputError } from '../types';

const CR = 13;
const LF = 10;
const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const SEMICOLON = 59;

// Powers of ten that are exact in a double: mantissa / 10^k then rounds once (correctly while the
// mantissa is below 2^53, i.e. up to 15 digits).
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

function isDigit(b: number): boolean {
  return b >= 48 && b <= 57;
}

/** Whitespace that separates values on one line; commas and semicolons count for CSV-like text. */
function isInlineSeparator(b: number): boolean {
  return b === SPACE || b === TAB || b === COMMA || b === SEMICOLON || b === CR;
}

export class ByteScanner {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** 1-based line number of the current position; it counts from the start, so only for error messages. */
  lineNumber(): number {
    let n = 1;
    for (let i = 0; i < this.pos && i < this.end; i++) if (this.bytes[i] === LF) n++;
    return n;
  }

  /** Skips spaces, tabs, commas and line ends; false when the text is exhausted. */
  skipSpace(): boolean {
    const b = this.bytes;
    let p = this.pos;
    while (p < this.end) {
      const c = b[p];
      if (c === LF || isInlineSeparator(c)) p++;
      else break;
    }
    this.pos = p;
    return p < this.end;
  }

  /** Skips separators within the line; false at a line end or the end of the text. */
  skipInlineSpace(): boolean {
    const b = this.bytes;
    let p = this.pos;
    while (p < this.end && isInlineSeparator(b[p])) p++;
    this.pos = p;
    return p < this.end && b[p] !== LF;
  }

  /** Counts the lines from here to the end that hold anything but separators (values a header left out), moving to the end. */
  linesLeft(): number {
    let n = 0;
    for (; this.skipSpace(); n++) this.nextLine();
    return n;
  }

  /** Moves past the next line end. */
  nextLine(): void {
    const i = this.bytes.indexOf(LF, this.pos);
    this.pos = i < 0 || i >= this.end ? this.end : i + 1;
  }

  /** The next token as text (up to a separator), without consuming it when `peek`. */
  token(peek = false): string {
    const b = this.bytes;
    let p = this.pos;
    while (p < this.end && b[p] !== LF && !isInlineSeparator(b[p])) p++;
    let s = '';
    for (let i = this.pos; i < p; i++) s += String.fromCharCode(b[i]);
    if (!peek) this.pos = p;
    return s;
  }

  /** Parses the number at the current position (after skipSpace/skipInlineSpace). */
  number(): number {
    const b = this.bytes;
    const end = this.end;
    let p = this.pos;
    let neg = false;
    if (b[p] === 45) {
      neg = true;
      p++;
    } else if (b[p] === 43) p++;
    let mant = 0;
    let digits = 0;
    let significant = 0;
    let exp = 0;
    // Digits past the 17th significant one cannot change a double by more than an ulp or two
    // (and a float32 not at all), so they are skipped instead of sending the number to the slow
    // path: writers such as ScanNet's print 18-19 digits.
    while (p < end && isDigit(b[p])) {
      if (significant < 17) {
        mant = mant * 10 + (b[p] - 48);
        if (mant > 0) significant++;
      } else exp++;
      digits++;
      p++;
    }
    if (p < end && b[p] === 46) {
      p++;
      while (p < end && isDigit(b[p])) {
        if (significant < 17) {
          mant = mant * 10 + (b[p] - 48);
          if (mant > 0) significant++;
          exp--;
        }
        digits++;
        p++;
      }
    }
    if (digits > 0 && p < end && (b[p] === 101 || b[p] === 69)) {
      p++;
      let eneg = false;
      if (b[p] === 45) {
        eneg = true;
        p++;
      } else if (b[p] === 43) p++;
      let e = 0;
      let edigits = 0;
      while (p < end && isDigit(b[p])) {
        e = e * 10 + (b[p] - 48);
        edigits++;
        p++;
      }
      if (edigits === 0) return this.slowNumber();
      exp += eneg ? -e : e;
    }
    // a slash ends a number too, for OBJ's "v/vt/vn" corners
    const atTokenEnd = p >= end || b[p] === LF || b[p] === 47 || isInlineSeparator(b[p]);
    if (digits === 0 || exp < -22 || exp > 22 || !atTokenEnd) return this.slowNumber();
    this.pos = p;
    const v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp];
    return neg ? -v : v;
  }

  /** Long mantissas, large exponents and the words nan/inf that some writers emit. */
  private slowNumber(): number {
    const at = this.pos;
    const t = this.token();
    const lower = t.toLowerCase();
    const word = lower.replace(/^[+-]/, '');
    if (word === 'nan' || word === '-nan(ind)' || word === 'nan(ind)') return NaN;
    if (word === 'inf' || word === 'infinity') return lower.startsWith('-') ? -Infinity : Infinity;
    const v = t.length ? Number(t) : NaN;
    if (Number.isNaN(v)) {
      this.pos = at;
      throw new InputError(`line ${this.lineNumber()}: "${t.slice(0, 40)}" is not a number`);
    }
    return v;
  }
}

/** Counts line ends, an upper bound for the rows of a text body. */
export function countLines(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let n = 0;
  let i = bytes.indexOf(LF, start);
  while (i >= 0 && i < end) {
    n++;
    i = bytes.indexOf(LF, i + 1);
  }
  return n + 1;
}
