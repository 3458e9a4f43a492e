// Parses dropped or fetched files off the main thread, so that a million-point file never
// freezes the UI. The arrays of the result are transferred to the caller, not copied. A binary
// PLY cloud can come as a stream: it is read as its bytes arrive, and a sample of the first points
// is pushed to the caller to be shown while the rest comes.
import { FLAT_SHADING_TWIN_SHARE, oppositeTwinShare } from '../core/geometry/meshWinding';
import { buildOctree, octreeBuffers, type Octree } from '../core/geometry/octree';
import { estimateUpAxis, type UpEstimate } from '../core/geometry/upAxis';
import { isCompanion, parseFiles } from '../core/io';
import { concatBytes } from '../core/io/concatBytes';
import { parsedResult } from '../core/io/parseFiles';
import { isStreamablePly, plyHeaderOf, PlyPointStream } from '../core/io/plyStream';
import { InputError, type InputFile, type ParseResult, type PointCloud } from '../core/types';
import { collectBuffers, exposeRpc, type EventContext, type RpcContext } from './rpc';

export interface ParseReply {
  result: ParseResult;
  /** the main file of those given (not a material or label companion) */
  fileName: string;
  /** time spent parsing in the worker (for a stream: from its first bytes to its last) */
  parseMs: number;
  /** a mesh whose vertex normals cannot be trusted, to be shaded flat (found here: it takes a while on big meshes) */
  flatShading: boolean;
  /** which way is up, from the geometry alone */
  up: UpEstimate;
  /** a cloud's level of detail (a mesh draws all its vertices) */
  octree: Octree | null;
}

/** Pushed once while a big stream is read: an even sample of the points read so far. */
export interface ParsePreview {
  cloud: PointCloud;
  up: UpEstimate;
}

/** A stream of at least this many points pushes a preview, once this share of them is read, of at most this many points. */
export const PREVIEW = { minPoints: 1_000_000, share: 0.1, points: 50_000 } as const;

function reply(result: ParseResult, fileName: string, parseMs: number, ctx: RpcContext): ParseReply {
  const flatShading = result.data.kind === 'mesh' && oppositeTwinShare(result.data.indices) >= FLAT_SHADING_TWIN_SHARE;
  const up = estimateUpAxis(result.data);
  const octree = result.data.kind === 'points' ? buildOctree(result.data.positions) : null;
  return ctx.transfer({ result, fileName, parseMs, flatShading, up, octree }, [...collectBuffers(result.data), ...(octree ? octreeBuffers(octree) : [])]);
}

export const parseHandlers = {
  async parse(params: { files: InputFile[] }, ctx: RpcContext): Promise<ParseReply> {
    const start = performance.now();
    const result = await parseFiles(params.files, { onProgress: (f: number) => ctx.progress(f, 'parsing') });
    const fileName = (params.files.find((f) => !isCompanion(f.name)) ?? params.files[0]).name;
    return reply(result, fileName, performance.now() - start, ctx);
  },

  /** One PLY file as a stream of `size` bytes (0 where unknown); a file that cannot stream is gathered and parsed whole. */
  async parseStream(params: { name: string; stream: ReadableStream<Uint8Array>; size: number }, ctx: EventContext<ParsePreview>): Promise<ParseReply> {
    const { name, size } = params;
    const reader = params.stream.getReader();
    const head: Uint8Array[] = [];
    let ply: PlyPointStream | null = null;
    let whole = false;
    let got = 0;
    let start = 0;
    let previewed = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        start ||= performance.now();
        got += value.length;
        if (size) ctx.progress(Math.min(1, got / size), 'parsing');
        if (ply) {
          ply.push(value);
          if (!previewed && ply.count >= PREVIEW.minPoints && ply.rows >= ply.count * PREVIEW.share) {
            previewed = true;
            const cloud = ply.sample(PREVIEW.points);
            ctx.emit({ cloud, up: estimateUpAxis(cloud) }, collectBuffers(cloud));
          }
          continue;
        }
        head.push(value);
        if (whole) continue;
        const bytes = concatBytes(head.splice(0));
        head.push(bytes);
        const header = plyHeaderOf(bytes);
        if (!header) continue;
        if (!isStreamablePly(header)) {
          whole = true;
          continue;
        }
        ply = new PlyPointStream(header, size || undefined);
        ply.push(bytes.subarray(header.bodyStart));
        head.length = 0;
      }
      if (!ply) {
        const result = await parseFiles([{ name, bytes: concatBytes(head) }], { onProgress: (f: number) => ctx.progress(f, 'parsing') });
        return reply(result, name, performance.now() - start, ctx);
      }
      return reply(parsedResult('ply', ply.finish()), name, performance.now() - start, ctx);
    } catch (e) {
      throw e instanceof InputError && !e.message.startsWith(name) ? new InputError(`${name} ${e.message}`) : e;
    }
  },
};

export type ParseHandlers = typeof parseHandlers;

exposeRpc(parseHandlers);
