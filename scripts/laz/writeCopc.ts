// A COPC 1.0 writer (https://copc.io/): LAS 1.4 point format 7 compressed by LASzip's layered
// chunked compressor, one variable-sized chunk per octree node, the COPC info VLR first, the
// LASzip VLR with its chunk table, and the hierarchy as an EVLR; extra bytes where asked, described
// by an Extra Bytes record among the VLRs or the EVLRs. A node keeps one point per cell of
// a grid over its cube (spacing = node width / grid) and hands the rest to its children, down to
// nodes small enough to keep all they get, as COPC writers sample their levels: each level is a
// coarser, evenly spread view of the cloud.
import { chunkTable } from '../../src/core/io/laz/laszipRecord';
import { compressChunk, recordBytes } from '../../src/core/io/laz/layeredChunk';
import {
  boxOf,
  extraBytesLength,
  extraBytesRecord,
  formatSeven,
  formatSevenRecords,
  HEADER_BYTES,
  laszipVlrBytes,
  RECORD_BYTES,
  text,
  VLR_HEADER_BYTES,
  writeExtraValues,
  writeHeader14,
  writeLaszipRecord,
  type ExtraDimSource,
} from './laz14';

export interface CopcSource {
  /** xyz in metres */
  positions: ArrayLike<number>;
  /** rgb, 0-255 */
  colors: ArrayLike<number>;
}

export interface CopcOptions {
  /** cells per axis of each node's sampling grid */
  grid?: number;
  /** the deepest level; a point that finds no free cell on the way keeps to it */
  maxDepth?: number;
  /** a node with at most this many points keeps them all */
  leafPoints?: number;
  scale?: number;
  /** an OGC WKT coordinate system, written as its record after LASzip's */
  wkt?: string;
  /** the class of every point of a node; the record's where not given */
  classOfNode?: (key: CopcNode['key']) => number;
  /** writes more of source point `i`'s format 7 record (its attributes past the position), which starts at byte `at` */
  fill?: (dv: DataView, at: number, i: number) => void;
  /** dimensions each point carries as extra bytes after format 7's 36 */
  extraDims?: ExtraDimSource[];
  /** where their Extra Bytes record goes: among the VLRs (the default) or the EVLRs, after the hierarchy */
  extraBytesIn?: 'vlr' | 'evlr';
}

export interface CopcNode {
  key: [number, number, number, number];
  offset: number;
  byteSize: number;
  pointCount: number;
  /** indices into the source, in the order written */
  points: number[];
}

export interface WrittenCopc {
  bytes: Uint8Array;
  nodes: CopcNode[];
  /** the format-7 record of each source point (with its extra bytes), as written */
  records: Uint8Array;
  /** where the hierarchy's node entries start, for tests that damage them */
  hierarchyOffset: number;
  /** the octree's cube */
  center: number[];
  halfSize: number;
}

const EVLR_HEADER_BYTES = 60;
const COPC_INFO_BYTES = 160;
const ENTRY_BYTES = 32;

/** Seeded shuffle, so that a node's sample is spread over the cloud rather than its first rows. */
function shuffledOrder(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = 0x2545f491;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export function writeCopc(src: CopcSource, options: CopcOptions = {}): WrittenCopc {
  const grid = options.grid ?? 16;
  const maxDepth = options.maxDepth ?? 8;
  const leafPoints = options.leafPoints ?? 512;
  const scale = options.scale ?? 0.001;
  const n = src.positions.length / 3;
  const { min, max, center } = boxOf(src.positions, scale);
  const halfSize = Math.max(...[0, 1, 2].map((k) => Math.max(max[k] - center[k], center[k] - min[k]))) + scale;

  const extraDims = options.extraDims ?? [];
  const extraBytes = extraBytesLength(extraDims);
  const layout = formatSeven(extraBytes);
  const stride = recordBytes(layout);
  const { records: standard, ints } = formatSevenRecords(src.positions, src.colors, center, scale);
  const records = extraBytes ? new Uint8Array(n * stride) : standard;
  const rdv = new DataView(records.buffer);
  if (extraBytes) {
    for (let i = 0; i < n; i++) {
      records.set(standard.subarray(i * RECORD_BYTES, (i + 1) * RECORD_BYTES), i * stride);
      writeExtraValues(rdv, i * stride, extraDims, i);
    }
  }
  if (options.fill) for (let i = 0; i < n; i++) options.fill(rdv, i * stride, i);

  const nodes = new Map<string, CopcNode>();
  const side = (2 * halfSize) / scale;
  // position in the cube as a fraction, 0..1
  const unit = (i: number, k: number) => Math.min(1 - 1e-12, Math.max(0, (ints[i * 3 + k] + halfSize / scale) / side));
  const build = (key: [number, number, number, number], points: number[]) => {
    const [d] = key;
    const node: CopcNode = { key, offset: 0, byteSize: 0, pointCount: 0, points: [] };
    nodes.set(key.join('-'), node);
    const children = new Map<number, number[]>();
    const used = new Set<number>();
    const cells = 1 << d;
    for (const i of points) {
      const f = [0, 1, 2].map((k) => unit(i, k) * cells - key[k + 1]);
      const cell = (Math.floor(f[0] * grid) * grid + Math.floor(f[1] * grid)) * grid + Math.floor(f[2] * grid);
      if (points.length <= leafPoints || d >= maxDepth || !used.has(cell)) {
        used.add(cell);
        node.points.push(i);
        continue;
      }
      const octant = (f[0] >= 0.5 ? 1 : 0) | (f[1] >= 0.5 ? 2 : 0) | (f[2] >= 0.5 ? 4 : 0);
      let list = children.get(octant);
      if (!list) children.set(octant, (list = []));
      list.push(i);
    }
    node.pointCount = node.points.length;
    for (const [octant, list] of children) {
      build([d + 1, key[1] * 2 + (octant & 1), key[2] * 2 + ((octant >> 1) & 1), key[3] * 2 + ((octant >> 2) & 1)], list);
    }
  };
  build([0, 0, 0, 0], shuffledOrder(n));
  const ordered = [...nodes.values()].sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || a.key[3] - b.key[3]);

  const wkt = options.wkt === undefined ? undefined : new TextEncoder().encode(`${options.wkt}\0`);
  const wktBytes = wkt ? VLR_HEADER_BYTES + wkt.length : 0;
  const extraRecord = extraBytes ? extraBytesRecord(extraDims) : undefined;
  const extraInEvlr = options.extraBytesIn === 'evlr';
  const extraVlrBytes = extraRecord && !extraInEvlr ? VLR_HEADER_BYTES + extraRecord.length : 0;
  const pointDataOffset = HEADER_BYTES + VLR_HEADER_BYTES + COPC_INFO_BYTES + VLR_HEADER_BYTES + laszipVlrBytes(extraBytes) + wktBytes + extraVlrBytes;
  const chunks: Uint8Array[] = [];
  let at = pointDataOffset + 8;
  for (const node of ordered) {
    if (!node.pointCount) continue;
    const nodeRecords = new Uint8Array(node.pointCount * stride);
    node.points.forEach((p, j) => nodeRecords.set(records.subarray(p * stride, (p + 1) * stride), j * stride));
    const cls = options.classOfNode?.(node.key);
    if (cls !== undefined) for (let j = 0; j < node.pointCount; j++) nodeRecords[j * stride + 16] = cls;
    const chunk = compressChunk(nodeRecords, node.pointCount, layout);
    node.offset = at;
    node.byteSize = chunk.length;
    chunks.push(chunk);
    at += chunk.length;
  }
  const chunkTableOffset = at;
  const table = chunkTable(ordered.filter((nd) => nd.pointCount > 0), true);
  const evlrOffset = chunkTableOffset + table.length;
  const hierarchyBytes = ordered.length * ENTRY_BYTES;
  const extraEvlrAt = evlrOffset + EVLR_HEADER_BYTES + hierarchyBytes;
  const total = extraEvlrAt + (extraRecord && extraInEvlr ? EVLR_HEADER_BYTES + extraRecord.length : 0);

  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const vlrs = 2 + (wkt ? 1 : 0) + (extraVlrBytes ? 1 : 0);
  const evlr = { offset: evlrOffset, count: extraRecord && extraInEvlr ? 2 : 1 };
  writeHeader14(out, { pointDataOffset, records: vlrs, scale, center, min, max, count: n, evlr, recordLength: stride });
  let v = HEADER_BYTES;
  text(out, v + 2, 'copc', 16);
  dv.setUint16(v + 18, 1, true);
  dv.setUint16(v + 20, COPC_INFO_BYTES, true);
  text(out, v + 22, 'COPC info', 32);
  v += VLR_HEADER_BYTES;
  for (let k = 0; k < 3; k++) dv.setFloat64(v + 8 * k, center[k], true);
  dv.setFloat64(v + 24, halfSize, true);
  dv.setFloat64(v + 32, (2 * halfSize) / grid, true);
  dv.setBigUint64(v + 40, BigInt(evlrOffset + EVLR_HEADER_BYTES), true);
  dv.setBigUint64(v + 48, BigInt(hierarchyBytes), true);
  v += COPC_INFO_BYTES;

  v = writeLaszipRecord(out, v, extraBytes);
  if (wkt) {
    text(out, v + 2, 'LASF_Projection', 16);
    dv.setUint16(v + 18, 2112, true);
    dv.setUint16(v + 20, wkt.length, true);
    out.set(wkt, v + VLR_HEADER_BYTES);
    v += wktBytes;
  }
  if (extraRecord && !extraInEvlr) {
    text(out, v + 2, 'LASF_Spec', 16);
    dv.setUint16(v + 18, 4, true);
    dv.setUint16(v + 20, extraRecord.length, true);
    text(out, v + 22, 'Extra Bytes', 32);
    out.set(extraRecord, v + VLR_HEADER_BYTES);
  }

  dv.setBigInt64(pointDataOffset, BigInt(chunkTableOffset), true);
  let c = pointDataOffset + 8;
  for (const chunk of chunks) {
    out.set(chunk, c);
    c += chunk.length;
  }
  out.set(table, chunkTableOffset);

  text(out, evlrOffset + 2, 'copc', 16);
  dv.setUint16(evlrOffset + 18, 1000, true);
  dv.setBigUint64(evlrOffset + 20, BigInt(hierarchyBytes), true);
  text(out, evlrOffset + 28, 'COPC hierarchy', 32);
  const hierarchyOffset = evlrOffset + EVLR_HEADER_BYTES;
  ordered.forEach((node, j) => {
    const e = hierarchyOffset + j * ENTRY_BYTES;
    node.key.forEach((k, m) => dv.setInt32(e + 4 * m, k, true));
    dv.setBigUint64(e + 16, BigInt(node.offset), true);
    dv.setInt32(e + 24, node.byteSize, true);
    dv.setInt32(e + 28, node.pointCount, true);
  });
  if (extraRecord && extraInEvlr) {
    text(out, extraEvlrAt + 2, 'LASF_Spec', 16);
    dv.setUint16(extraEvlrAt + 18, 4, true);
    dv.setBigUint64(extraEvlrAt + 20, BigInt(extraRecord.length), true);
    text(out, extraEvlrAt + 28, 'Extra Bytes', 32);
    out.set(extraRecord, extraEvlrAt + EVLR_HEADER_BYTES);
  }
  return { bytes: out, nodes: ordered, records, hierarchyOffset, center, halfSize };
}
