// Reads one COPC file for as long as its layer is shown: over HTTP range requests for an address,
// or by slices of a dropped file. `open` reads the header and the hierarchy; `nodes` fetches and
// decodes the chunks of the nodes the view chose. Decoding is laz-perf's (LASzip in WASM), through
// the copc library.
import { Las } from 'copc';
import { createLazPerf, type LazPerf } from 'laz-perf/lib/worker/index.js';
import lazPerfWasm from 'laz-perf/lib/worker/laz-perf.wasm?url';
import {
  checkChunkCount,
  colorShiftOf,
  COPC_FIRST_BYTES,
  nodePoints,
  readCopcHead,
  readCopcTree,
  type CopcHead,
  type CopcNode,
  type CopcNodePoints,
  type RangeGetter,
} from '../core/io/copc';
import { formatBytes } from '../core/io/limits';
import { InputError } from '../core/types';
import { collectBuffers, exposeRpc, type RpcContext } from './rpc';

/** A server that ignores Range sends the whole file: read it whole up to this size, refuse beyond. */
export const WHOLE_FETCH_LIMIT_BYTES = 64 * 2 ** 20;

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
  /** false where the server ignored range requests and the file was fetched whole */
  ranges: boolean;
  warnings: string[];
}

export interface CopcFetched {
  nodes: ({ id: number } & CopcNodePoints)[];
  /** bytes fetched from the file so far, all requests together */
  fetchedBytes: number;
}

interface Source {
  get: RangeGetter;
  fileBytes: number;
  ranges: boolean;
}

let fetched = 0;
let opened: { source: Source; head: CopcHead; nodes: CopcNode[]; colorShift: number | null } | null = null;
let lazPerf: Promise<LazPerf> | null = null;

const counted = (bytes: Uint8Array) => {
  fetched += bytes.length;
  return bytes;
};

/** "bytes 0-4095/295118" gives the file's size; a server that does not know it says "*". */
function totalOf(contentRange: string | null): number {
  const total = /\/(\d+)\s*$/.exec(contentRange ?? '');
  return total ? Number(total[1]) : NaN;
}

async function rangeFetch(url: string, begin: number, end: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Range: `bytes=${begin}-${end - 1}` } });
  } catch (e) {
    throw new Error(`${url} could not be fetched (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!response.ok) throw new Error(`${url} could not be opened: the server answered ${response.status} ${response.statusText}`.trim());
  return response;
}

async function httpSource(url: string): Promise<Source> {
  const first = await rangeFetch(url, 0, COPC_FIRST_BYTES);
  if (first.status !== 206) {
    const size = Number(first.headers.get('content-length')) || 0;
    if (!size || size > WHOLE_FETCH_LIMIT_BYTES) {
      await first.body?.cancel();
      throw new InputError(
        `cannot be streamed: the server does not answer range requests (it sent the whole file${size ? `, ${formatBytes(size)},` : ''} with status ${first.status}), and pointlens fetches a COPC file whole only up to ${formatBytes(WHOLE_FETCH_LIMIT_BYTES)}. Serve it from storage that honours HTTP Range (static hosting, object storage and CDNs do)`,
      );
    }
    const whole = counted(new Uint8Array(await first.arrayBuffer()));
    return { get: async (b, e) => whole.subarray(b, e), fileBytes: whole.length, ranges: false };
  }
  const head = counted(new Uint8Array(await first.arrayBuffer()));
  const fileBytes = totalOf(first.headers.get('content-range'));
  if (!Number.isFinite(fileBytes)) throw new InputError(`cannot be streamed: the server's range answers do not say the file's size (Content-Range: ${first.headers.get('content-range')})`);
  const get: RangeGetter = async (begin, end) => {
    if (end <= head.length) return head.subarray(begin, end);
    const response = await rangeFetch(url, begin, end);
    const bytes = counted(new Uint8Array(await response.arrayBuffer()));
    if (response.status !== 206 || bytes.length !== end - begin) throw new Error(`${url} changed or stopped answering range requests (asked for ${end - begin} bytes, got ${bytes.length}, status ${response.status})`);
    return bytes;
  };
  return { get, fileBytes, ranges: true };
}

function fileSource(file: Blob): Source {
  return { get: async (b, e) => counted(new Uint8Array(await file.slice(b, e).arrayBuffer())), fileBytes: file.size, ranges: true };
}

function decoder(): Promise<LazPerf> {
  return (lazPerf ??= createLazPerf({ locateFile: () => lazPerfWasm }));
}

export const copcHandlers = {
  async open(params: { url?: string; file?: Blob }): Promise<CopcOpened> {
    fetched = 0;
    const source = params.file ? fileSource(params.file) : await httpSource(params.url!);
    const head = await readCopcHead(source.get, source.fileBytes);
    const tree = await readCopcTree(source.get, head);
    opened = { source, head, nodes: tree.nodes, colorShift: null };
    const { header, origin } = head;
    const warnings = [...tree.warnings];
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
      ranges: source.ranges,
      warnings,
    };
  },

  /** The points of nodes `ids` (indices into the opened hierarchy), fetched and decoded. */
  async nodes(params: { ids: number[] }, ctx: RpcContext): Promise<CopcFetched> {
    if (!opened) throw new Error('no COPC file is open');
    const { source, head, nodes } = opened;
    const lazPerf = await decoder();
    const { pointDataRecordFormat, pointDataRecordLength } = head.header;
    const out: CopcFetched['nodes'] = [];
    for (const id of params.ids) {
      const node = nodes[id];
      if (!node || node.count === 0) continue;
      const compressed = await source.get(node.offset, node.offset + node.length);
      checkChunkCount(compressed, node, pointDataRecordLength);
      const records = await Las.PointData.decompressChunk(compressed, { pointCount: node.count, pointDataRecordFormat, pointDataRecordLength }, lazPerf);
      opened.colorShift ??= colorShiftOf(records, head, node.count);
      out.push({ id, ...nodePoints(records, head, node.count, opened.colorShift) });
    }
    return ctx.transfer({ nodes: out, fetchedBytes: fetched }, collectBuffers(out));
  },
};

export type CopcHandlers = typeof copcHandlers;

exposeRpc(copcHandlers);
