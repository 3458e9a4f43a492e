// The rows of an array beside a cloud (an .npy scan's labels or colours, a SemanticKITTI scan's
// .label) that belong to the points a stream kept of the cloud, every n-th, read from disk a chunk
// at a time: a cloud kept within the read budget keeps its arrays in step without either being
// held whole.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { formatCount } from '../core/format';
import { npyHeaderOf, type NpyHeader } from '../core/io/npy';
import { keptOf, type Decimation } from '../core/io/recordStream';
import { kittiLabelsUnused } from '../core/io/semanticKitti';
import type { InputFile } from '../core/types';

/** Bytes read from disk at a time, and the most an .npy header may take to be read so. */
const CHUNK_BYTES = 1 << 22;
const HEADER_BYTES = 1 << 16;

function headerOf(fd: number): NpyHeader | null {
  const head = new Uint8Array(HEADER_BYTES);
  try {
    return npyHeaderOf(head.subarray(0, readSync(fd, head, 0, head.length, 0)));
  } catch {
    // not an array pointlens reads: read whole, where its reader says why
    return null;
  }
}

/** An .npy file of `header`'s type and order that holds `rows`. */
function npyFile(header: NpyHeader, shape: number[], rows: Uint8Array): Uint8Array {
  const dict = `{'descr': '${header.bigEndian ? '>' : '<'}${header.dtype}', 'fortran_order': False, 'shape': (${shape.join(', ')},), }\n`;
  const text = new TextEncoder().encode(dict);
  const out = new Uint8Array(10 + text.length + rows.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, text.length & 0xff, text.length >> 8]);
  out.set(text, 10);
  out.set(rows, 10 + text.length);
  return out;
}

/** The rows of `rowBytes` bytes from byte `start` of the file open as `fd` that `kept` keeps, read a chunk at a time. */
function readKeptRows(fd: number, start: number, rowBytes: number, kept: Decimation): Uint8Array {
  const out = new Uint8Array(keptOf(kept.total, kept.every) * rowBytes);
  const rowsAtOnce = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
  const chunk = new Uint8Array(rowsAtOnce * rowBytes);
  for (let first = 0; first < kept.total; first += rowsAtOnce) {
    const count = Math.min(rowsAtOnce, kept.total - first);
    readSync(fd, chunk, 0, count * rowBytes, start + first * rowBytes);
    for (let r = Math.ceil(first / kept.every) * kept.every; r < first + count; r += kept.every) {
      out.set(chunk.subarray((r - first) * rowBytes, (r - first + 1) * rowBytes), (r / kept.every) * rowBytes);
    }
  }
  return out;
}

/**
 * The array at `path` cut to the rows `kept` keeps of a cloud, as a file named `name`; where it has
 * another count of rows than the cloud has points, why it is not used (read whole, it could match
 * the points kept by chance and lend them another point's labels); null where it has not one
 * C-ordered row a point of the cloud otherwise (it is then read whole, and its reader says what it
 * holds).
 */
export function keptRows(path: string, name: string, kept: Decimation): InputFile | { unused: string } | null {
  const fd = openSync(path, 'r');
  try {
    const header = headerOf(fd);
    if (header && header.shape[0] !== kept.total) {
      return { unused: `${name} holds an array of shape (${header.shape.join(', ')}) for the file's ${formatCount(kept.total)} points; it was not used` };
    }
    if (!header || header.fortran) return null;
    const rowBytes = header.size * header.shape.slice(1).reduce((a, b) => a * b, 1);
    if (header.dataStart + kept.total * rowBytes > fstatSync(fd).size) return null;
    const rows = keptOf(kept.total, kept.every);
    const out = readKeptRows(fd, header.dataStart, rowBytes, kept);
    return { name, bytes: npyFile(header, [rows, ...header.shape.slice(1)], out) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The SemanticKITTI labels at `path` of the points `kept` keeps of a scan of `scanBytes` bytes, as a
 * file named `name`; where it holds another count of labels than the scan has points, why it is not
 * used (kittiLabelsUnused).
 */
export function keptKittiLabels(path: string, name: string, kept: Decimation, scanBytes: number): InputFile | { unused: string } {
  const fd = openSync(path, 'r');
  try {
    const unused = kittiLabelsUnused(name, fstatSync(fd).size, kept.total, scanBytes);
    return unused ? { unused } : { name, bytes: readKeptRows(fd, 0, 4, kept) };
  } finally {
    closeSync(fd);
  }
}
