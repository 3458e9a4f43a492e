// A binary PLY whose header names the wrong byte order (a writer that put its machine's order under
// a fixed header line) reads every coordinate as nonsense: 2.97 becomes -7.5e9, the next 2.9e-9,
// and most points are drawn far apart or dropped as not finite. Real coordinates keep to a few
// decades of magnitude (a room's from millimetres to metres); bytes read in the wrong order have
// an exponent made of mantissa bits, spread over the type's whole range. So the vertices' floating-
// point positions are read both ways on a sample of rows, and where the header's way spreads over
// many more decades than the other way, the other way is read, and the warning says so.
import { POSITION, type PlyHeader } from './ply';

/** Body bytes a stream waits for before it decides the byte order (the whole file where smaller). */
export const BYTE_ORDER_SAMPLE_BYTES = 1 << 16;
const SAMPLE_ROWS = 1000;
/** Decades between the 10th and 90th percentiles of the coordinates' magnitudes: past WILD they are no scan's, within TAME they are. */
const WILD = 20;
const TAME = 10;

/** The decades between the 10th and 90th percentiles of the magnitudes of the non-zero values (not finite: past every finite one). */
function spread(values: number[]): number {
  const decades = values.filter((v) => v !== 0).map((v) => (Number.isFinite(v) ? Math.log10(Math.abs(v)) : Infinity)).sort((a, b) => a - b);
  if (decades.length < 10) return 0;
  return decades[Math.floor(0.9 * (decades.length - 1))] - decades[Math.floor(0.1 * (decades.length - 1))];
}

/** The header to read `bytes` (the file, or its first bytes) with, and a warning where its byte order was not the one declared. */
export function sensibleByteOrder(header: PlyHeader, bytes: Uint8Array): { header: PlyHeader; warning?: string } {
  if (header.encoding === 'ascii') return { header };
  // the vertices' rows are where the body starts only when nothing with rows comes before them
  const first = header.elements.find((e) => e.count > 0 && e.properties.length > 0);
  if (first?.name !== 'vertex' || first.properties.some((p) => p.countType)) return { header };
  let stride = 0;
  const coordinates: { offset: number; double: boolean }[] = [];
  for (const p of first.properties) {
    if (POSITION.includes(p.name) && p.type.float) coordinates.push({ offset: stride, double: p.type.size === 8 });
    stride += p.type.size;
  }
  const rows = Math.min(first.count, Math.floor((bytes.length - header.bodyStart) / stride));
  if (!coordinates.length || rows <= 0) return { header };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = header.encoding === 'binary_little_endian';
  const declared: number[] = [];
  const other: number[] = [];
  for (let r = 0; r < rows; r += Math.max(1, Math.floor(rows / SAMPLE_ROWS))) {
    for (const c of coordinates) {
      const at = header.bodyStart + r * stride + c.offset;
      declared.push(c.double ? dv.getFloat64(at, le) : dv.getFloat32(at, le));
      other.push(c.double ? dv.getFloat64(at, !le) : dv.getFloat32(at, !le));
    }
  }
  const [wild, tame] = [spread(declared), spread(other)];
  if (!(wild > WILD && tame < TAME)) return { header };
  const actual = le ? 'binary_big_endian' : 'binary_little_endian';
  const named = actual.slice('binary_'.length).replace('_', '-');
  const decades = (v: number) => (Number.isFinite(v) ? Math.round(v) : 'more');
  return {
    header: { ...header, encoding: actual },
    warning: `says ${header.encoding} in its header, but its coordinates read that way spread over ${decades(wild)} decades of magnitude, and over ${decades(tame)} read ${named}, as a scan's or a model's do: it was read as ${named}`,
  };
}
