// The variable-length records between a LAS header and its points (LAS spec, "Variable Length
// Records"): a 54-byte header each (user id, record id, body length), then the body. LAS 1.4 adds
// extended ones after the points ("Extended Variable Length Records"): a 60-byte header each, whose
// body length takes 64 bits.
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

/** Bytes of an extended record's header. */
export const EVLR_HEADER_BYTES = 60;
/** Extended records looked through: a file has a few (a COPC file its hierarchy, a waveform file its packets' descriptors). */
export const MAX_EVLRS = 64;

/** The user id, record id and body length of the extended record whose header is `bytes` [at, at + EVLR_HEADER_BYTES). */
export function evlrHeader(bytes: Uint8Array, at = 0): { userId: string; recordId: number; length: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { userId: text(bytes, at + 2, at + 18), recordId: dv.getUint16(at + 18, true), length: Number(dv.getBigUint64(at + 20, true)) };
}

/** The first `count` (at most MAX_EVLRS) extended records from byte `offset` that lie whole within `bytes`, the file's from its first byte. */
export function lasEvlrs(bytes: Uint8Array, offset: number, count: number): LasVlr[] {
  const out: LasVlr[] = [];
  let at = offset;
  for (let k = 0; k < Math.min(count, MAX_EVLRS) && at > 0 && at + EVLR_HEADER_BYTES <= bytes.length; k++) {
    const { userId, recordId, length } = evlrHeader(bytes, at);
    const body = at + EVLR_HEADER_BYTES;
    if (body + length > bytes.length) break;
    out.push({ userId, recordId, body: bytes.subarray(body, body + length) });
    at = body + length;
  }
  return out;
}
