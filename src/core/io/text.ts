// What every text format (OBJ, OFF, XYZ, MTL, ASCII PLY and PCD bodies) shares before numbers are
// read: a UTF-8 byte-order mark is dropped, classic Mac line ends (CR alone) become LF, and binary
// data is refused. Bytes above 0x7f pass: numbers are ASCII, so a Latin-1 or UTF-8 comment or
// name cannot change one, and names are decoded by decodeText.
import { InputError } from '../types';

const CR = 13;
const LF = 10;

export function hasBom(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

export function withoutBom(b: Uint8Array): Uint8Array {
  return hasBom(b) ? b.subarray(3) : b;
}

/** True when some CR is not followed by LF: the text uses CR alone as its line end. */
function hasLoneCr(b: Uint8Array): boolean {
  for (let i = b.indexOf(CR); i >= 0; i = b.indexOf(CR, i + 1)) if (b[i + 1] !== LF) return true;
  return false;
}

/** The bytes of a text file ready for ByteScanner (which splits lines at LF). Copies only to rewrite lone CRs. */
export function textBody(bytes: Uint8Array, what: string): Uint8Array {
  const b = withoutBom(bytes);
  if (b.indexOf(0) >= 0) throw new InputError(`is not a text ${what} file: it contains binary data (NUL bytes)`);
  if (!hasLoneCr(b)) return b;
  const out = b.slice();
  for (let i = 0; i < out.length; i++) if (out[i] === CR && out[i + 1] !== LF) out[i] = LF;
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** UTF-8 where the bytes are valid UTF-8, Latin-1 otherwise (older Windows exporters). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}
