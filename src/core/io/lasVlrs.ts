// The variable-length records between a LAS header and its points (LAS spec, "Variable Length
// Records"): a 54-byte header each (user id, record id, body length), then the body. LAS 1.4 adds
// extended ones after the points ("Extended Variable Length Records"): a 60-byte header each, whose
// body length takes 64 bits.
import { LAS14_HEADER_BYTES, text, VLR_HEADER_BYTES } from './copcSniff';

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

/** Where a LAS 1.4 header (its first 375 bytes or more) says its extended records start, and how many it has; undefined where it has none. */
export function evlrPlace(head: Uint8Array): { offset: number; count: number } | undefined {
  if (head.length < LAS14_HEADER_BYTES || head[24] !== 1 || head[25] !== 4) return undefined;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const offset = Number(dv.getBigUint64(235, true));
  const count = dv.getUint32(243, true);
  return offset > 0 && count > 0 ? { offset, count } : undefined;
}

/** Bytes from the first extended record read at once: their headers and small bodies, in any file we know of. */
const EVLRS_FIRST_BYTES = 1 << 16;

/** Reads bytes [begin, end) of a file; undefined where it cannot be read at an offset after all (a server that ignores Range). */
export type OffsetReader = (begin: number, end: number) => Promise<Uint8Array | undefined>;

/**
 * The extended records that `wanted` picks of the LAS 1.4 file of `fileBytes` whose first bytes are
 * `head`, read at their offset (after the points) by `read`: a file read as it comes then knows
 * them before its points. Only the bodies wanted are read, each at most `maxBody` bytes. [] where
 * the header places none; undefined where the file cannot be read at an offset.
 */
export async function lasEvlrsAt(head: Uint8Array, read: OffsetReader, fileBytes: number, wanted: (r: { userId: string; recordId: number }) => boolean, maxBody: number): Promise<LasVlr[] | undefined> {
  const place = evlrPlace(head);
  if (!place || place.offset >= fileBytes) return [];
  const first = await read(place.offset, Math.min(fileBytes, place.offset + EVLRS_FIRST_BYTES));
  if (!first) return undefined;
  const bytesAt = async (begin: number, end: number) => (end <= place.offset + first.length ? first.subarray(begin - place.offset, end - place.offset) : read(begin, end));
  const out: LasVlr[] = [];
  let at = place.offset;
  for (let k = 0; k < Math.min(place.count, MAX_EVLRS) && at + EVLR_HEADER_BYTES <= fileBytes; k++) {
    const header = await bytesAt(at, at + EVLR_HEADER_BYTES);
    if (!header) return undefined;
    const { userId, recordId, length } = evlrHeader(header);
    const body = at + EVLR_HEADER_BYTES;
    if (body + length > fileBytes) break;
    if (wanted({ userId, recordId })) {
      const bytes = await bytesAt(body, body + Math.min(length, maxBody));
      if (!bytes) return undefined;
      out.push({ userId, recordId, body: bytes });
    }
    at = body + length;
  }
  return out;
}
