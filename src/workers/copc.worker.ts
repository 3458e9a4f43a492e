// Reads one COPC file for as long as its layer is shown: over HTTP range requests for an address,
// or by slices of a dropped file. `open` reads the header and the hierarchy; `nodes` fetches and
// decodes the chunks of the nodes the view chose. Decoding is laz-perf's (LASzip in WASM), through
// the copc library.
import { Las } from 'copc';
import type { LazPerf } from 'laz-perf';
import { newLazPerf } from './lazPerf';
import { checkChunkCount, colorShiftOf, copcBytesPerPoint, copcFieldNames, nodePoints, readCopcHead, readCopcTree, type CopcHead, type CopcNode, type CopcNodePoints, type CopcNodeTally } from '../core/io/copc';
import { copcPointWarnings } from '../core/io/copcWarnings';
import { formatBytes } from '../core/io/limits';
import type { Origin } from '../core/io/shift';
import type { LasGrid, LengthUnit } from '../core/types';
import { fileSource, httpSource, type RangeSource } from './copcSource';
import { collectBuffers, exposeRpc, type RpcContext } from './rpc';

export interface CopcOpened {
  fileBytes: number;
  /** the header's count */
  declaredPoints: number;
  pointFormat: number;
  nodes: CopcNode[];
  /** points in all nodes */
  points: number;
  /** the header's box, less the origin */
  bounds: { min: [number, number, number]; max: [number, number, number] };
  hasColors: boolean;
  /** decoded bytes a point takes, its extra dimensions' too */
  bytesPerPoint: number;
  /** the fields the file gives each point (its extra dimensions among them) */
  fields: string[];
  /** false where the server ignored range requests and the file was fetched whole */
  ranges: boolean;
  warnings: string[];
  /** the unit of length its coordinate system declares */
  unit?: LengthUnit;
  /** the coordinate system it names */
  crs?: string;
  /** its WKT, where the file's record gave it */
  crsWkt?: string;
  /** the scale and offset its coordinates are stored with */
  lasGrid: LasGrid;
  /** what the positions are relative to, where the file's coordinates lie far from zero */
  origin?: Origin;
}

export interface CopcFetched {
  nodes: ({ id: number } & CopcNodePoints)[];
  /** bytes fetched from the file so far, all requests together */
  fetchedBytes: number;
  /** what the points of every node fetched so far say that the LAS reader warns of (copcWarnings), in place of what the fetches before said */
  pointWarnings: string[];
}

let opened: { source: RangeSource; head: CopcHead; nodes: CopcNode[]; colorShift: number | null; tallies: Map<number, CopcNodeTally> } | null = null;
// one decoder for every node of every file: a node's chunk is small
let lazPerf: Promise<LazPerf> | null = null;
export const copcHandlers = {
  async open(params: { url?: string; file?: Blob }): Promise<CopcOpened> {
    const source = params.file ? fileSource(params.file) : await httpSource(params.url!);
    const head = await readCopcHead(source.get, source.fileBytes);
    const tree = await readCopcTree(source.get, head);
    opened = { source, head, nodes: tree.nodes, colorShift: null, tallies: new Map() };
    const { header, origin } = head;
    const warnings = [...tree.warnings, ...head.units.warnings, ...head.extra.warnings];
    if (!source.ranges) warnings.push(`the server ignores range requests, so the whole file (${formatBytes(source.fileBytes)}) was fetched`);
    return {
      fileBytes: source.fileBytes,
      declaredPoints: header.pointCount,
      pointFormat: header.pointDataRecordFormat,
      nodes: tree.nodes,
      points: tree.points,
      bounds: {
        min: [0, 1, 2].map((k) => header.min[k] - origin[k]) as [number, number, number],
        max: [0, 1, 2].map((k) => header.max[k] - origin[k]) as [number, number, number],
      },
      hasColors: header.pointDataRecordFormat !== 6,
      bytesPerPoint: copcBytesPerPoint(head),
      fields: copcFieldNames(head),
      ranges: source.ranges,
      warnings,
      ...(head.units.unit && { unit: head.units.unit }),
      ...(head.units.crs && { crs: head.units.crs }),
      ...(head.units.crsWkt && { crsWkt: head.units.crsWkt }),
      lasGrid: { scale: header.scale, offset: header.offset, pointFormat: header.pointDataRecordFormat },
      ...(origin.some((v) => v !== 0) && { origin }),
    };
  },

  /** The points of nodes `ids` (indices into the opened hierarchy), fetched and decoded. */
  async nodes(params: { ids: number[] }, ctx: RpcContext): Promise<CopcFetched> {
    if (!opened) throw new Error('no COPC file is open');
    const { source, head, nodes } = opened;
    const decoder = await (lazPerf ??= newLazPerf());
    const { pointDataRecordFormat, pointDataRecordLength } = head.header;
    const out: CopcFetched['nodes'] = [];
    for (const id of params.ids) {
      const node = nodes[id];
      if (!node || node.count === 0) continue;
      const compressed = await source.get(node.offset, node.offset + node.length);
      checkChunkCount(compressed, node, pointDataRecordLength);
      const records = await Las.PointData.decompressChunk(compressed, { pointCount: node.count, pointDataRecordFormat, pointDataRecordLength }, decoder);
      opened.colorShift ??= colorShiftOf(records, head, node.count);
      const points = nodePoints(records, head, node.count, opened.colorShift);
      opened.tallies.set(id, points.tally);
      out.push({ id, ...points });
    }
    const { tallies } = opened;
    const pointWarnings = copcPointWarnings(tallies, head.extra.dims, tallies.size === nodes.filter((n) => n.count > 0).length);
    return ctx.transfer({ nodes: out, fetchedBytes: source.fetched(), pointWarnings }, collectBuffers(out));
  },
};

export type CopcHandlers = typeof copcHandlers;

exposeRpc(copcHandlers);
