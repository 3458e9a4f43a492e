// The chunk index of a LAZ file: LASzip compresses the points in chunks, each decompressed on its
// own from where the chunk table says it starts. While the file is first decompressed, the box of
// every chunk's records is noted as they pass (their x, y, z scaled integers: a few comparisons a
// record), so that a region of the file can later be read from the chunks that meet it alone (lazRegion).
import type { Bounds } from '../geometry/bounds';
import type { LasHeader } from './lasHeader';
import { readLazChunkTable, type ChunkSpan } from './lazChunkTable';
import { lasRecords } from './lasRecords';

/** A LAZ file's chunks, found as it was first decompressed. */
export interface LazChunkIndex {
  /** the file's size when indexed: one of another size has changed, and is read whole */
  fileBytes: number;
  /** where its points start: the header and records before them are read again with each region */
  dataOffset: number;
  chunks: ChunkSpan[];
  /** each chunk's box of all its records, as their scaled integers: min x, y, z then max x, y, z */
  boxes: Int32Array;
}

/** A file of more chunks than this is read whole: an index of millions of tiny chunks would cost more than it saves. */
export const MAX_INDEXED_CHUNKS = 1 << 16;

/** A box no record has grown yet. */
export const EMPTY_BOX = [2 ** 31 - 1, 2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31), -(2 ** 31)];

/** Grows box `k` of `boxes` by the x, y, z scaled integers of the `n` records of `recordLength` bytes in `records`. */
export function growBox(records: Uint8Array, recordLength: number, n: number, boxes: Int32Array, k: number): void {
  const dv = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const b = 6 * k;
  for (let i = 0, p = 0; i < n; i++, p += recordLength) {
    for (let c = 0; c < 3; c++) {
      const v = dv.getInt32(p + 4 * c, true);
      if (v < boxes[b + c]) boxes[b + c] = v;
      if (v > boxes[b + 3 + c]) boxes[b + 3 + c] = v;
    }
  }
}

/** The boxes of a LAZ file's chunks, grown from its records in file order as they are decompressed. */
export class ChunkBoxes {
  private readonly boxes: Int32Array;
  private chunk = 0;
  /** records of the current chunk still to come */
  private left: number;

  constructor(
    private readonly chunks: ChunkSpan[],
    private readonly recordLength: number,
  ) {
    this.boxes = new Int32Array(6 * chunks.length);
    for (let k = 0; k < chunks.length; k++) this.boxes.set(EMPTY_BOX, 6 * k);
    this.left = chunks[0].count;
  }

  /** The chunks of the file whose header is `h` and whose bytes (all of them) are `bytes`; undefined where it has no usable chunk table. */
  static of(bytes: Uint8Array, h: LasHeader): ChunkBoxes | undefined {
    const chunks = readLazChunkTable(bytes, h, MAX_INDEXED_CHUNKS);
    return chunks && new ChunkBoxes(chunks, h.recordLength);
  }

  /** The next records of the file. */
  add(records: Uint8Array): void {
    let n = Math.floor(records.length / this.recordLength);
    let at = 0;
    while (n > 0 && this.chunk < this.chunks.length) {
      const take = Math.min(n, this.left);
      growBox(records.subarray(at), this.recordLength, take, this.boxes, this.chunk);
      at += take * this.recordLength;
      n -= take;
      this.left -= take;
      if (this.left === 0 && ++this.chunk < this.chunks.length) this.left = this.chunks[this.chunk].count;
    }
  }

  /** The index of the file of `fileBytes` bytes whose points start at `dataOffset`, once every record has come. */
  index(fileBytes: number, dataOffset: number): LazChunkIndex {
    return { fileBytes, dataOffset, chunks: this.chunks, boxes: this.boxes };
  }
}

/** The chunks whose box meets `box` (in the frame of the positions read, less their origin), in file order. */
export function chunksMeeting(index: LazChunkIndex, h: LasHeader, box: Bounds): number[] {
  const origin = lasRecords(h).origin?.() ?? [0, 0, 0];
  const met: number[] = [];
  for (let i = 0; i < index.chunks.length; i++) {
    const meets = [0, 1, 2].every((k) => {
      const a = index.boxes[6 * i + k] * h.scale[k] + (h.offset[k] - origin[k]);
      const b = index.boxes[6 * i + 3 + k] * h.scale[k] + (h.offset[k] - origin[k]);
      // positions are rounded to float32: a point on the chunk's edge may land a little outside it
      const tol = Math.abs(h.scale[k]) + (Math.abs(a) + Math.abs(b)) * 2 ** -22;
      return Math.min(a, b) - tol <= box.max[k] && Math.max(a, b) + tol >= box.min[k];
    });
    if (meets) met.push(i);
  }
  return met;
}

