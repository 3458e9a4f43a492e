// LAZ 1.4: the LAS that writeLas makes, its points compressed as LASzip compresses them (layered
// chunked, the items POINT14, RGB14 for colours, RGBNIR14 for colours and near infrared, and BYTE14 for the extra dimensions), which is how
// survey tools exchange point clouds. The header and records are the LAS's, with LASzip's record
// after them and the compression bit on the point format.
import type { Geometry, ScalarArray } from '../types';
import { formatCount } from '../format';
import { colorItemBytes, compressChunk, POINT14_BYTES, type PointLayout } from './laz/layeredChunk';
import { chunkTable, laszipRecordBody, LASZIP_RECORD_ID, LASZIP_USER_ID } from './laz/laszipRecord';
import { vlr, writeLas, type LasWriteOptions, type WrittenLas } from './writeLas';
import type { WriteProgress } from './writePly';

/** LASzip's default: a chunk can be decompressed on its own, so a reader seeks to a part of the file. */
export const CHUNK_POINTS = 50_000;
/** bit 7 of the point format: LASzip-compressed */
const COMPRESSED = 0x80;

/** The part of a LAZ's making that writing its LAS takes; compressing it takes the rest. */
const LAS_SHARE = 0.1;

/** The LAZ of the LAS 1.4 `las` (point format 6, 7 or 8, as writeLas writes it), in chunks of `chunkPoints`; `onProgress` hears it chunk by chunk. */
export function lazFromLas(las: Uint8Array, chunkPoints = CHUNK_POINTS, onProgress?: WriteProgress): Uint8Array {
  const dv = new DataView(las.buffer, las.byteOffset, las.byteLength);
  const dataOffset = dv.getUint32(96, true);
  const format = las[104];
  const size = dv.getUint16(105, true);
  const n = Number(dv.getBigUint64(247, true));
  if (format < 6 || format > 8) throw new Error(`LAZ is written here from points of format 6, 7 or 8, not ${format}`);
  const colour = { rgb: format >= 7, nir: format === 8 };
  const layout: PointLayout = { ...colour, extraBytes: size - POINT14_BYTES - colorItemBytes(colour) };
  if (las.length < dataOffset + n * size) throw new Error(`the LAS holds ${las.length} bytes, fewer than its ${formatCount(n)} points of ${size} bytes`);

  const chunks: { bytes: Uint8Array; pointCount: number; byteSize: number }[] = [];
  for (let from = 0; from < n; from += chunkPoints) {
    onProgress?.(from / n);
    const count = Math.min(chunkPoints, n - from);
    const bytes = compressChunk(las.subarray(dataOffset + from * size, dataOffset + (from + count) * size), count, layout);
    chunks.push({ bytes, pointCount: count, byteSize: bytes.length });
  }
  const record = vlr(LASZIP_USER_ID, LASZIP_RECORD_ID, 'LASzip layered chunked', laszipRecordBody(layout, chunkPoints));

  const pointsAt = dataOffset + record.length;
  const tableAt = pointsAt + 8 + chunks.reduce((s, c) => s + c.byteSize, 0);
  const table = chunkTable(chunks, false);
  const out = new Uint8Array(tableAt + table.length);
  const odv = new DataView(out.buffer);
  out.set(las.subarray(0, dataOffset));
  out.set(record, dataOffset);
  odv.setUint32(96, pointsAt, true);
  odv.setUint32(100, dv.getUint32(100, true) + 1, true);
  out[104] = format | COMPRESSED;
  odv.setBigInt64(pointsAt, BigInt(tableAt), true);
  let at = pointsAt + 8;
  for (const c of chunks) {
    out.set(c.bytes, at);
    at += c.byteSize;
  }
  out.set(table, tableAt);
  return out;
}

/** `geometry` as LAZ 1.4: writeLas's points, fields and notes (see writeLas), compressed; `onProgress` hears both. */
export function writeLaz(geometry: Geometry, extraFields: Record<string, ScalarArray> = {}, options: LasWriteOptions = {}, onProgress?: WriteProgress): WrittenLas {
  const { bytes, notes } = writeLas(geometry, extraFields, { ...options, forLaz: true }, onProgress && ((f) => onProgress(LAS_SHARE * f)));
  return { bytes: lazFromLas(bytes, CHUNK_POINTS, onProgress && ((f) => onProgress(LAS_SHARE + (1 - LAS_SHARE) * f))), notes };
}
