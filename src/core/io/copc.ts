// COPC, Cloud-Optimised Point Cloud (https://copc.io/, COPC 1.0): a LAZ 1.4 file whose points are
// stored octree node by octree node, each node one LASzip chunk, with the octree (the hierarchy)
// in an extended record. A reader asks for byte ranges: the header and records first, then the
// hierarchy, then only the nodes it draws. The copc library parses the header, the COPC record and
// the hierarchy; a node's points are decoded as a LAS file's are (lasRecords). What is checked here
// is everything a hostile or broken file could make us fetch, allocate or loop over, before we do.
// The fetching itself (HTTP ranges, a dropped file's slices) lives in the COPC worker.
import { Hierarchy, Info, Las } from 'copc';
import type { LodNode } from '../geometry/lodSelection';
import { formatCount } from '../format';
import { InputError, type PointCloud, type ScalarArray } from '../types';
import { keepPoints } from './dropNonFinite';
import { LAS_POINT_FIELDS } from './lasClasses';
import { DESCRIPTOR_BYTES, extraBytesPerPoint, extraDimsOf, isExtraBytesRecord, type ExtraBytes } from './lasExtraBytes';
import { boxIsStale, lasColumns } from './lasRecords';
import { pointsOutsideHeaderBox, recordLayout } from './lasHeader';
import { EVLR_HEADER_BYTES, evlrHeader, lasVlrs, MAX_EVLRS } from './lasVlrs';
import { checkBudget } from './limits';
import { isCopc, LAS14_HEADER_BYTES, text, VLR_HEADER_BYTES } from './copcSniff';
import { declaredUnits, type DeclaredUnits } from './lasUnits';
import { originNear, shiftNote, type Origin } from './shift';

export { isCopc, COPC_SNIFF_BYTES } from './copcSniff';

/** Reads bytes [begin, end) of the file. */
export type RangeGetter = (begin: number, end: number) => Promise<Uint8Array>;

/** The first request: the 375-byte header and, in any COPC file we know of, every VLR after it. */
export const COPC_FIRST_BYTES = 4096;
const INFO_BYTES = 160;
/** The header and records may take this much before the points; more is not a COPC writer's doing. */
const MAX_HEAD_BYTES = 1 << 20;
const ENTRY_BYTES = 32;
/** Hierarchy pages may hold this many node entries in all (32 bytes each, 64 MB). */
const MAX_HIERARCHY_ENTRIES = 2_000_000;
/** Levels below the root: a 2^30-wide grid of nodes already splits the Earth into millimetres. */
const MAX_LEVEL = 30;
/**
 * Decoded bytes a point of a node takes: xyz floats, rgb bytes, intensity, class, return number,
 * number of returns, flight line and GPS time; then, where its points have them, user data, scan
 * angle, the seven fields of a bit or two and near infrared (see `copcBytesPerPoint` for its extra dimensions).
 */
export const COPC_BYTES_PER_POINT = 12 + 3 + 2 + 1 + 1 + 1 + 2 + 8 + (1 + 4 + 7 + 2);

/** The fields a node's points may have, as a LAS file's of its format (near infrared in format 8 only), then its extra dimensions. */
export const copcFieldNames = (head: Pick<CopcHead, 'extra' | 'header'>) => [
  ...LAS_POINT_FIELDS.filter((name) => name !== 'nir' || recordLayout(head.header.pointDataRecordFormat).nirAt !== undefined),
  ...head.extra.dims.map((d) => d.name),
];

/** Decoded bytes a point of the file takes, its extra dimensions' too. */
export const copcBytesPerPoint = (head: Pick<CopcHead, 'extra'>) => COPC_BYTES_PER_POINT + extraBytesPerPoint(head.extra.dims);

export interface CopcHead {
  header: Las.Header;
  info: Info;
  fileBytes: number;
  /** subtracted from every point, so that float32 keeps millimetres (zero for local coordinates) */
  origin: Origin;
  /** what its WKT record (which COPC requires) says of its unit of length, where the first request holds it */
  units: DeclaredUnits;
  /** the dimensions its Extra Bytes record describes, read as a LAS file's are, and what could not be read */
  extra: ExtraBytes;
}

export interface CopcNode extends LodNode {
  /** "level-x-y-z", as the copc library names nodes */
  key: string;
  level: number;
  /** where its compressed chunk lies in the file */
  offset: number;
  length: number;
}

export interface CopcTree {
  /** the root first, parents before their children */
  nodes: CopcNode[];
  /** points in all nodes */
  points: number;
  warnings: string[];
}

/** The library's own errors (a bad record length, a negative count) said as a corrupt file. */
function asInputError<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(`has a corrupt ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Reads and checks the header and the COPC info record of a file of `fileBytes` bytes. */
export async function readCopcHead(get: RangeGetter, fileBytes: number): Promise<CopcHead> {
  const first = await get(0, Math.min(COPC_FIRST_BYTES, fileBytes));
  if (first.length < LAS14_HEADER_BYTES + VLR_HEADER_BYTES + INFO_BYTES) throw new InputError(`is not a COPC file: it has ${formatCount(fileBytes)} bytes, too few for a LAS 1.4 header and the COPC record`);
  if (text(first, 0, 4) !== 'LASF') throw new InputError('does not start with the LAS signature "LASF": it is not a COPC (LAZ) file');
  if (!isCopc(first)) throw new InputError(`is not a COPC file: it is LAS ${first[24]}.${first[25]} without the "copc" record a COPC file begins with (COPC is LAS 1.4)`);
  const header = asInputError('LAS header', () => Las.Header.parse(first.subarray(0, LAS14_HEADER_BYTES)));
  const format = header.pointDataRecordFormat;
  if (format < 6 || format > 8) throw new InputError(`uses LAS point format ${format}; COPC uses formats 6, 7 and 8`);
  const { pointDataOffset } = header;
  if (pointDataOffset < LAS14_HEADER_BYTES + VLR_HEADER_BYTES + INFO_BYTES || pointDataOffset > Math.min(fileBytes, MAX_HEAD_BYTES)) {
    throw new InputError(`has a bad LAS header: its points start at byte ${formatCount(pointDataOffset)}, not between its records and the end of the file (${formatCount(fileBytes)} bytes)`);
  }
  const infoAt = LAS14_HEADER_BYTES + VLR_HEADER_BYTES;
  const length = new DataView(first.buffer, first.byteOffset).getUint16(LAS14_HEADER_BYTES + 20, true);
  if (length !== INFO_BYTES) throw new InputError(`has a corrupt COPC record: ${length} bytes where COPC 1.0 has ${INFO_BYTES}`);
  const info = Info.parse(first.slice(infoAt, infoAt + INFO_BYTES));
  const half = (info.cube[3] - info.cube[0]) / 2;
  if (!(half > 0 && Number.isFinite(half)) || !info.cube.every(Number.isFinite)) throw new InputError('has a corrupt COPC record: its octree cube is empty or not a number');
  const page = info.rootHierarchyPage;
  checkPage(page, fileBytes);
  const center = [0, 1, 2].map((k) => (info.cube[k] + info.cube[k + 3]) / 2);
  const origin = originNear(center) ?? [0, 0, 0];
  const standard = recordLayout(format).bytes;
  if (header.pointDataRecordLength < standard) throw new InputError(`has a bad LAS header: its point records have ${header.pointDataRecordLength} bytes, fewer than point format ${format}'s ${standard}`);
  const extraRecord = header.pointDataRecordLength > standard ? await extraBytesRecordOf(get, first, header, fileBytes) : undefined;
  const extra = extraDimsOf(extraRecord, standard, header.pointDataRecordLength, LAS_POINT_FIELDS);
  return { header, info, fileBytes, origin, units: declaredUnits(first, header.headerLength, header.vlrCount, pointDataOffset), extra };
}

/**
 * The body of the Extra Bytes record: among the VLRs (before the points, which may lie past the
 * first request) or, as LAS 1.4 allows, among the extended records after the points.
 */
async function extraBytesRecordOf(get: RangeGetter, first: Uint8Array, header: Las.Header, fileBytes: number): Promise<Uint8Array | undefined> {
  const { headerLength, vlrCount, pointDataOffset, evlrOffset, evlrCount } = header;
  const head = pointDataOffset > first.length ? await get(0, pointDataOffset) : first;
  const inVlrs = lasVlrs(head, headerLength, vlrCount, pointDataOffset).find(isExtraBytesRecord);
  if (inVlrs) return inVlrs.body;
  let at = evlrOffset;
  for (let k = 0; k < Math.min(evlrCount, MAX_EVLRS) && at >= pointDataOffset && at + EVLR_HEADER_BYTES <= fileBytes; k++) {
    const record = evlrHeader(await get(at, at + EVLR_HEADER_BYTES));
    const body = at + EVLR_HEADER_BYTES;
    const { length } = record;
    if (body + length > fileBytes) return undefined;
    // a record of more descriptors than the records have bytes describes nothing more that can be read
    if (isExtraBytesRecord(record)) return get(body, body + Math.min(length, DESCRIPTOR_BYTES * header.pointDataRecordLength));
    at = body + length;
  }
  return undefined;
}

function checkPage({ pageOffset, pageLength }: Hierarchy.Page, fileBytes: number): void {
  if (!(pageOffset >= 0 && pageLength >= 0 && pageOffset + pageLength <= fileBytes)) {
    throw new InputError(`has a broken COPC hierarchy: a page of ${formatCount(pageLength)} bytes at byte ${formatCount(pageOffset)} lies outside the file (${formatCount(fileBytes)} bytes)`);
  }
  if (pageLength % ENTRY_BYTES !== 0) throw new InputError(`has a broken COPC hierarchy: a page of ${formatCount(pageLength)} bytes, not a whole number of ${ENTRY_BYTES}-byte entries`);
}

const keyOf = (level: number, x: number, y: number, z: number) => `${level}-${x}-${y}-${z}`;

/**
 * Reads every hierarchy page and checks the octree: keys inside their level's grid, every node's
 * parent present, chunks inside the point data, and no more points than the header declares.
 */
export async function readCopcTree(get: RangeGetter, head: CopcHead): Promise<CopcTree> {
  const found = new Map<string, Hierarchy.Node>();
  const pages = [head.info.rootHierarchyPage];
  let entries = 0;
  for (let p = 0; p < pages.length; p++) {
    const page = pages[p];
    checkPage(page, head.fileBytes);
    entries += page.pageLength / ENTRY_BYTES;
    if (entries > MAX_HIERARCHY_ENTRIES) throw new InputError(`has a COPC hierarchy of more than ${formatCount(MAX_HIERARCHY_ENTRIES)} nodes, more than pointlens reads`);
    const bytes = await get(page.pageOffset, page.pageOffset + page.pageLength);
    const subtree = asInputError('COPC hierarchy', () => Hierarchy.parse(bytes));
    for (const [key, node] of Object.entries(subtree.nodes)) if (node) found.set(key, node);
    for (const child of Object.values(subtree.pages)) if (child) pages.push(child);
  }
  return buildTree(found, head);
}

function buildTree(found: Map<string, Hierarchy.Node>, head: CopcHead): CopcTree {
  const { header, info, fileBytes, origin } = head;
  if (!found.has(keyOf(0, 0, 0, 0))) throw new InputError('has a broken COPC hierarchy: it has no root node');
  const width = info.cube[3] - info.cube[0];
  const nodes: CopcNode[] = [];
  let points = 0;
  for (const [key, node] of found) {
    const [level, x, y, z] = key.split('-').map(Number);
    const cells = 2 ** level;
    if (!(level >= 0 && level <= MAX_LEVEL) || ![x, y, z].every((v) => Number.isInteger(v) && v >= 0 && v < cells)) {
      throw new InputError(`has a broken COPC hierarchy: node ${key} lies outside its level's grid`);
    }
    if (level > 0 && !found.has(keyOf(level - 1, x >> 1, y >> 1, z >> 1))) throw new InputError(`has a broken COPC hierarchy: node ${key} has no parent node`);
    const { pointCount, pointDataOffset: offset, pointDataLength: length } = node;
    if (pointCount > 0 && !(length > 0 && offset >= header.pointDataOffset && offset + length <= fileBytes)) {
      throw new InputError(`has a broken COPC hierarchy: node ${key}'s ${formatCount(length)} bytes at byte ${formatCount(offset)} lie outside the point data`);
    }
    checkBudget(pointCount, copcBytesPerPoint(head), `points in octree node ${key}`);
    points += Math.max(0, pointCount);
    const size = width / cells;
    const min = [x, y, z].map((v, k) => info.cube[k] + v * size - origin[k]) as [number, number, number];
    nodes.push({ key, level, min, size, count: Math.max(0, pointCount), offset, length, children: [] });
  }
  if (points > header.pointCount) {
    throw new InputError(`has a broken COPC hierarchy: its nodes hold ${formatCount(points)} points, but its header declares ${formatCount(header.pointCount)}`);
  }
  const warnings =
    points < header.pointCount ? [`its header declares ${formatCount(header.pointCount)} points but its octree holds ${formatCount(points)}; only those can be shown`] : [];
  if (origin.some((v) => v !== 0)) warnings.push(shiftNote(origin, "the middle of its octree"));
  nodes.sort((a, b) => a.level - b.level);
  const index = new Map(nodes.map((n, i) => [n.key, i]));
  for (const n of nodes) {
    if (n.level === 0) continue;
    const [level, x, y, z] = n.key.split('-').map(Number);
    nodes[index.get(keyOf(level - 1, x >> 1, y >> 1, z >> 1))!].children.push(index.get(n.key)!);
  }
  return { nodes, points, warnings };
}

/**
 * A LASzip layered chunk starts with its first point raw, then the chunk's own point count: a
 * hierarchy that lies about a node's count is caught here, before the decoder makes up points.
 */
export function checkChunkCount(compressed: Uint8Array, node: CopcNode, recordLength: number): void {
  if (compressed.length < recordLength + 4) throw new InputError(`is truncated: octree node ${node.key} has ${compressed.length} bytes, fewer than one point`);
  const own = new DataView(compressed.buffer, compressed.byteOffset).getUint32(recordLength, true);
  if (own !== node.count) throw new InputError(`has a broken COPC hierarchy: it lists ${formatCount(node.count)} points for octree node ${node.key}, whose data holds ${formatCount(own)}`);
}

/** What a node's points say that the LAS reader warns of (lasRecords), counted so that a layer says it once for all its nodes (copcWarnings). */
export interface CopcNodeTally {
  /** points decoded */
  points: number;
  /** points that set each classification flag */
  flagged: number[];
  /** points without a value of each extra dimension (its no-data value) */
  missing: number[];
  /** points outside the box the header declares: dropped, as the LAS reader drops them, unless they are most of the node's */
  outside: number;
}

export interface CopcNodePoints {
  positions: Float32Array;
  colors?: Uint8Array;
  /** the fields a LAS file's points have, decoded as the LAS reader decodes them (those from user data on where some point of the node has them), and the extra bytes' dimensions */
  fields: Record<string, ScalarArray>;
  tally: CopcNodeTally;
}

/**
 * Positions (less the origin), colours and fields of `count` decoded records, but those outside the
 * header's box where the LAS reader would drop them; colours of 16 bits are shifted to 8 when `colorShift` is 8.
 */
export function nodePoints(records: Uint8Array, head: CopcHead, count: number, colorShift: number): CopcNodePoints {
  const { header, extra, origin } = head;
  const points = lasColumns({ pointFormat: header.pointDataRecordFormat, scale: header.scale, offset: header.offset, extra }, origin, count);
  points.read(new DataView(records.buffer, records.byteOffset, records.byteLength), 0, header.pointDataRecordLength, count, 0);
  const { positions, colors, flagged, missing } = points;
  const fields = points.fields(count);
  const cloud: PointCloud = { kind: 'points', positions, fields, ...(colors && { colors: Uint8Array.from(colors, (c) => Math.min(255, c >> colorShift)) }) };
  const outsideBox = pointsOutsideHeaderBox(positions, header, origin);
  const outside = outsideBox ? outsideBox.reduce((n, o) => n + o, 0) : 0;
  const kept = outsideBox && !boxIsStale(outside, count) ? (keepPoints(cloud, outsideBox.map((o) => 1 - o), count - outside) as PointCloud) : cloud;
  return { positions: kept.positions, ...(kept.colors && { colors: kept.colors }), fields: kept.fields, tally: { points: count, flagged, missing, outside } };
}

/** LAS colours are 16-bit, but some writers store 0-255: 8 when any colour of the sample is above 255. */
export function colorShiftOf(records: Uint8Array, head: CopcHead, count: number): number {
  const view = Las.View.create(records, head.header);
  if (!('Red' in view.dimensions)) return 0;
  const channels = ['Red', 'Green', 'Blue'].map((d) => view.getter(d));
  for (let i = 0; i < count; i++) if (channels.some((get) => get(i) > 255)) return 8;
  return 0;
}
