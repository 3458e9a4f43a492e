// What a LAZ file holds besides its chunks (https://github.com/LASzip/LASzip, laszip.cpp and
// laswritepoint.cpp): LASzip's record, which names the compressor and the items each point is coded
// as, and the chunk table after the points, which says where each chunk starts.
import { ArithmeticEncoder } from './arithmeticEncoder';
import { IntegerCompressor } from './integerCompressor';
import { colorItemBytes, POINT14_BYTES, type PointLayout } from './layeredChunk';

export const LASZIP_USER_ID = 'laszip encoded';
export const LASZIP_RECORD_ID = 22204;
/** the chunk size LASzip's record gives where chunks differ in size (COPC's, one a node) */
export const VARIABLE_CHUNKS = 0xffffffff;
/** LASzip's item types */
const POINT14 = 10;
const RGB14 = 11;
const RGBNIR14 = 12;
const BYTE14 = 14;
const ITEM_VERSION = 3;

/** The body of LASzip's record for points of `layout`, layered chunked (compressor 3), in chunks of `chunkSize` points. */
export function laszipRecordBody(layout: PointLayout, chunkSize: number): Uint8Array {
  const colour = colorItemBytes(layout);
  const items = [[POINT14, POINT14_BYTES], ...(colour ? [[layout.nir ? RGBNIR14 : RGB14, colour]] : []), ...(layout.extraBytes ? [[BYTE14, layout.extraBytes]] : [])];
  const out = new Uint8Array(34 + 6 * items.length);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, 3, true); // compressor: layered chunked
  dv.setUint16(2, 0, true); // coder: arithmetic
  out[4] = 3; // LASzip 3.4 r3, the version that writes these items
  out[5] = 4;
  dv.setUint16(6, 3, true);
  dv.setUint32(8, 0, true);
  dv.setUint32(12, chunkSize, true);
  // no special extended records
  dv.setBigInt64(16, -1n, true);
  dv.setBigInt64(24, -1n, true);
  dv.setUint16(32, items.length, true);
  items.forEach(([type, size], j) => {
    dv.setUint16(34 + 6 * j, type, true);
    dv.setUint16(36 + 6 * j, size, true);
    dv.setUint16(38 + 6 * j, ITEM_VERSION, true);
  });
  return out;
}

/**
 * LASzip's chunk table: version, count, then each chunk's byte size coded against the previous
 * chunk's, and before it its point count where chunks differ in size (`variable`).
 */
export function chunkTable(chunks: { pointCount: number; byteSize: number }[], variable: boolean): Uint8Array {
  const coded = chunks.length ? codedSizes(chunks, variable) : new Uint8Array(0);
  const out = new Uint8Array(8 + coded.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0, true);
  dv.setUint32(4, chunks.length, true);
  out.set(coded, 8);
  return out;
}

function codedSizes(chunks: { pointCount: number; byteSize: number }[], variable: boolean): Uint8Array {
  const enc = new ArithmeticEncoder();
  const ic = new IntegerCompressor(enc, 32, 2);
  chunks.forEach((chunk, i) => {
    if (variable) ic.compress(i ? chunks[i - 1].pointCount : 0, chunk.pointCount, 0);
    ic.compress(i ? chunks[i - 1].byteSize : 0, chunk.byteSize, 1);
  });
  return enc.done();
}
