// Which files are read as a stream of records, and how: the formats whose points are fixed-size
// records after a header (binary PLY clouds, uncompressed LAS, C-ordered NPY arrays) say so from
// their first bytes. A LAZ file is taken in whole (its chunk table comes last), then decompressed
// into the same stream of records (LazArrival). Text formats, meshes and the rest are read whole.
import type { FormatId } from '../types';
import { isLas, LAS_HEADER_MAX, lasHeaderOf, type LasHeader } from './lasHeader';
import { lasRecords } from './lasRecords';
import type { LasVlr } from './lasVlrs';
import { npyHeaderOf, npyHeaderText } from './npy';
import { structuredNpy } from './npyStructured';
import { isStreamableNpy, npyRecords } from './npyRecords';
import { isStreamablePly, plyHeaderOf, plyRecords } from './plyStream';
import { BYTE_ORDER_SAMPLE_BYTES } from './plyByteOrder';
import { READ_BUDGET_BYTES } from './limits';
import type { RecordFile } from './recordStream';

/** Names of the files the app offers to read as a stream. */
export const STREAMED_NAME = /\.(ply|las|laz|npy)$/i;

/**
 * What a file's first bytes say: its records, that it is LAZ (decompressed into records once it is
 * all in), that it is read whole, or nothing yet (more bytes are needed).
 */
export type StreamOpening = { format: FormatId; records: RecordFile } | { format: 'las'; laz: LasHeader } | 'whole' | null;

const PLY_MAGIC = [0x70, 0x6c, 0x79];
/** Bytes of a LAS file's records before its points that a stream waits for before it starts. */
const LAS_RECORDS_WAITED_FOR = 1 << 16;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const startsWith = (head: Uint8Array, magic: number[]) => magic.every((m, i) => head[i] === m);

/** `head`: the file's first bytes (all of them so far); `fileBytes`: its size where known; `lasEvlrs`: a LAS 1.4 file's extended records, read apart (extraBytesEvlrsAt). */
export function openRecords(head: Uint8Array, fileBytes?: number, lasEvlrs?: LasVlr[]): StreamOpening {
  const complete = fileBytes !== undefined && head.length >= fileBytes;
  if (head.length < 6 && !complete) return null;
  if (startsWith(head, PLY_MAGIC)) {
    const header = plyHeaderOf(head, complete);
    if (!header) return null;
    if (!isStreamablePly(header)) return 'whole';
    // the first rows tell a byte order the header names wrongly
    if (!complete && head.length < header.bodyStart + BYTE_ORDER_SAMPLE_BYTES) return null;
    return { format: 'ply', records: plyRecords(header, head, fileBytes) };
  }
  if (isLas(head)) {
    if (head.length < LAS_HEADER_MAX && !complete) return null;
    const header = lasHeaderOf(head, fileBytes ?? Infinity, lasEvlrs);
    // the records before the points say the file's unit of length; a writer's records that take more than a few pages are not waited for
    if (head.length < Math.min(header.dataOffset, LAS_RECORDS_WAITED_FOR) && !complete) return null;
    return header.compressed ? { format: 'las', laz: header } : { format: 'las', records: lasRecords(header) };
  }
  if (startsWith(head, NPY_MAGIC)) {
    // a structured array's records are read whole
    const text = npyHeaderText(head);
    if (text && structuredNpy(text.header)) return 'whole';
    const header = npyHeaderOf(head);
    if (!header) return null;
    return isStreamableNpy(header) ? { format: 'npy', records: npyRecords(header, fileBytes) } : 'whole';
  }
  return 'whole';
}

/** Every how many records a stream keeps one so that what it keeps fits `budgetBytes` (1: all). */
export function decimationFor(records: Pick<RecordFile, 'count' | 'bytesPerPoint'>, budgetBytes = READ_BUDGET_BYTES): number {
  return Math.max(1, Math.ceil((records.count * records.bytesPerPoint) / budgetBytes));
}
