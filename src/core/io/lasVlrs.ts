// The variable-length records between a LAS header and its points (LAS spec, "Variable Length
// Records"): a 54-byte header each (user id, record id, body length), then the body.
import { text, VLR_HEADER_BYTES } from './copcSniff';

export interface LasVlr {
  userId: string;
  recordId: number;
  body: Uint8Array;
}

/** The first `count` records after a header of `headerSize` bytes that lie whole before `end` (the points' offset) and within `bytes`. */
export function lasVlrs(bytes: Uint8Array, headerSize: number, count: number, end: number): LasVlr[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const limit = Math.min(end, bytes.length);
  const out: LasVlr[] = [];
  let at = headerSize;
  for (let k = 0; k < count && at + VLR_HEADER_BYTES <= limit; k++) {
    const body = at + VLR_HEADER_BYTES;
    const length = dv.getUint16(at + 20, true);
    if (body + length > limit) break;
    out.push({ userId: text(bytes, at + 2, at + 18), recordId: dv.getUint16(at + 18, true), body: bytes.subarray(body, body + length) });
    at = body + length;
  }
  return out;
}
