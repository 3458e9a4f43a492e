// A plain LAZ 1.4 file (no octree) of point format 7, as a lidar vendor's classified tile comes:
// LASzip's layered chunked compression, the points ordered by class, one chunk a class.
import { boxOf, FORMAT_SEVEN, formatSevenRecords, HEADER_BYTES, LASZIP_VLR_BYTES, RECORD_BYTES, VLR_HEADER_BYTES, writeHeader14, writeLaszipRecord } from './laz14';
import { chunkTable } from '../../src/core/io/laz/laszipRecord';
import { compressChunk } from '../../src/core/io/laz/layeredChunk';

export interface ClassifiedSource {
  /** xyz in metres */
  positions: ArrayLike<number>;
  /** rgb, 0-255 */
  colors: ArrayLike<number>;
  /** each point's class, 0-255 */
  classes: ArrayLike<number>;
}

export interface WrittenLaz {
  bytes: Uint8Array;
  /** the source's point at each written position */
  order: number[];
  /** the header's offset: what the integers are relative to */
  center: number[];
}

export function writeLaz14(src: ClassifiedSource, scale = 0.001): WrittenLaz {
  const n = src.positions.length / 3;
  const { min, max, center } = boxOf(src.positions, scale);
  const { records } = formatSevenRecords(src.positions, src.colors, center, scale, src.classes);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => src.classes[a] - src.classes[b] || a - b);
  const chunks: { bytes: Uint8Array; pointCount: number; byteSize: number }[] = [];
  for (let from = 0; from < n; ) {
    let to = from;
    while (to < n && src.classes[order[to]] === src.classes[order[from]]) to++;
    const chunkRecords = new Uint8Array((to - from) * RECORD_BYTES);
    for (let j = from; j < to; j++) chunkRecords.set(records.subarray(order[j] * RECORD_BYTES, (order[j] + 1) * RECORD_BYTES), (j - from) * RECORD_BYTES);
    const bytes = compressChunk(chunkRecords, to - from, FORMAT_SEVEN);
    chunks.push({ bytes, pointCount: to - from, byteSize: bytes.length });
    from = to;
  }
  const pointDataOffset = HEADER_BYTES + VLR_HEADER_BYTES + LASZIP_VLR_BYTES;
  const chunkTableOffset = pointDataOffset + 8 + chunks.reduce((s, c) => s + c.byteSize, 0);
  const table = chunkTable(chunks, true);
  const out = new Uint8Array(chunkTableOffset + table.length);
  writeHeader14(out, { pointDataOffset, records: 1, scale, center, min, max, count: n });
  writeLaszipRecord(out, HEADER_BYTES);
  new DataView(out.buffer).setBigInt64(pointDataOffset, BigInt(chunkTableOffset), true);
  let at = pointDataOffset + 8;
  for (const c of chunks) {
    out.set(c.bytes, at);
    at += c.byteSize;
  }
  out.set(table, chunkTableOffset);
  return { bytes: out, order, center };
}
