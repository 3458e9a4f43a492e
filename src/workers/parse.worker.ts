// Parses dropped or fetched files off the main thread, so that a million-point file never
// freezes the UI. The arrays of the result are transferred to the caller, not copied. A cloud of
// fixed-size records (binary PLY, LAS, NPY; LAZ once decompressed) can come as a stream: it is read
// as its bytes arrive, a sample of the first points is pushed to the caller to be shown while the
// rest comes, and a file larger than the read budget is kept as an even subsample of its points. A
// region of such a file can then be read again in full (`readRegion`): a LAZ file's from the
// chunks that meet it, whose boxes its first read noted.
import { FLAT_SHADING_TWIN_SHARE, oppositeTwinShare } from '../core/geometry/meshWinding';
import { buildOctree, octreeBuffers, type Octree } from '../core/geometry/octree';
import { estimateUpAxis, type UpEstimate } from '../core/geometry/upAxis';
import { holdsObjects, isCompanion, parseFiles } from '../core/io';
import type { LazChunkIndex } from '../core/io/lazChunkIndex';
import { parsedResult } from '../core/io/parseFiles';
import { readStream as readFileStream, type StreamRead } from '../core/io/readStream';
import type { Decimation, KeepRule, PointStream, RecordFile } from '../core/io/recordStream';
import { decimationFor } from '../core/io/streamFormats';
import type { Bounds } from '../core/geometry/bounds';
import { InputError, type FormatId, type InputFile, type ParseResult, type PointCloud, type UpAxis } from '../core/types';
import type { Origin } from '../core/io/shift';
import type { SignedAxis } from '../core/geometry/signedAxis';
import { readRegionByChunks } from './lazRegionSource';
import { offsetReader } from './offsetReader';
import { newLazPerf } from './lazPerf';
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
  /** for a file larger than the read budget: every how many of how many points were kept */
  decimated?: Decimation;
  /** for such a file in LAZ: where its chunks lie and the box of each, to read a region from the chunks that meet it */
  lazChunks?: LazChunkIndex;
}

/** The points of a file inside a box, read again in full (or every `every`-th of them, at most `max`). */
export interface RegionRequest {
  name: string;
  /** the file: dropped (a Blob can be read again) or at an address */
  source: Blob | string;
  size: number;
  box: Bounds;
  every: number;
  max: number;
  /** a LAZ file's chunk index from its first read: only the chunks that meet the box are read */
  lazChunks?: LazChunkIndex;
  /** the fields of the layer the region refines: where a format decides some by the points read (LAS), the region has those the layer has */
  fields?: string[];
}

export interface RegionReply {
  cloud: PointCloud;
  /** points of the file inside the box */
  inside: number;
}

/** Pushed once while a big stream is read: an even sample of the points read so far. */
export interface ParsePreview {
  cloud: PointCloud;
  up: UpEstimate;
  format: FormatId;
  /** what the cloud's positions are relative to, as the whole file's will be */
  origin?: Origin;
  /** the up the format's files use */
  upAxis?: UpAxis;
  /** the up the file states itself */
  statedUp?: SignedAxis;
}

/** A stream of at least this many points pushes a preview, once this share of them is read, of at most this many points. */
export const PREVIEW = { minPoints: 1_000_000, share: 0.1, points: 50_000 } as const;

function reply(result: ParseResult, fileName: string, parseMs: number, ctx: RpcContext, decimated?: Decimation, lazChunks?: LazChunkIndex): ParseReply {
  const flatShading = result.data.kind === 'mesh' && oppositeTwinShare(result.data.indices) >= FLAT_SHADING_TWIN_SHARE;
  const up = estimateUpAxis(result.data, 0, holdsObjects(result.format));
  const octree = result.data.kind === 'points' ? buildOctree(result.data.positions) : null;
  return ctx.transfer({ result, fileName, parseMs, flatShading, up, octree, decimated, ...(lazChunks && { lazChunks }) }, [...collectBuffers(result.data), ...(octree ? octreeBuffers(octree) : [])]);
}

/** A file read as a stream (core/io/readStream), a LAZ file decompressed by this worker's decoder; read at an offset too where its `source` is given. */
const readStream = (stream: ReadableStream<Uint8Array>, size: number, ctx: RpcContext, keep: (records: RecordFile) => KeepRule, source?: Blob | string, onChunk?: (points: PointStream, format: FormatId) => void) =>
  readFileStream(stream, size, ctx, keep, onChunk, newLazPerf, source === undefined ? undefined : offsetReader(source));

/** A region's points: from the LAZ chunks that meet it where the file has a chunk index, else read from the file's start. */
async function readRegionPoints(params: RegionRequest, ctx: RpcContext): Promise<StreamRead> {
  const { source, box, every, max } = params;
  const byChunks = params.lazChunks && (await readRegionByChunks(source, params.lazChunks, { every, box, max }, { lazPerf: newLazPerf, onProgress: (f) => ctx.progress(f, 'parsing'), signal: ctx.signal }));
  if (byChunks && 'points' in byChunks) return { format: 'las', points: byChunks.points };
  const stream = byChunks ? byChunks.whole : typeof source === 'string' ? (await fetch(source)).body : source.stream();
  if (!stream) throw new Error(`${params.name} could not be read again`);
  return readStream(stream, params.size, ctx, () => ({ every, box, max }), source);
}

/** An InputError named after its file, as parseFiles names them. */
function named(e: unknown, name: string): unknown {
  return e instanceof InputError && !e.message.startsWith(name) ? new InputError(`${name} ${e.message}`) : e;
}

export const parseHandlers = {
  async parse(params: { files: InputFile[]; recordValues?: number }, ctx: RpcContext): Promise<ParseReply> {
    const start = performance.now();
    const result = await parseFiles(params.files, { onProgress: (f: number) => ctx.progress(f, 'parsing'), recordValues: params.recordValues, lazPerf: newLazPerf });
    const names = params.files.map((f) => f.name);
    const fileName = (params.files.find((f) => !isCompanion(f.name, names)) ?? params.files[0]).name;
    return reply(result, fileName, performance.now() - start, ctx);
  },

  /**
   * One file as a stream of `size` bytes (0 where unknown); a file that cannot stream is gathered
   * and parsed whole. A cloud whose arrays would take more than `budgetBytes` keeps an even subsample.
   * `source`: the file again (dropped, or its address), read at an offset where the stream needs it.
   */
  async parseStream(params: { name: string; stream: ReadableStream<Uint8Array>; size: number; budgetBytes: number; source?: Blob | string }, ctx: EventContext<ParsePreview>): Promise<ParseReply> {
    const { name, size } = params;
    const start = performance.now();
    let previewed = false;
    let every = 1;
    try {
      const read = await readStream(
        params.stream,
        size,
        ctx,
        (records) => ({ every: (every = decimationFor(records, params.budgetBytes)) }),
        params.source,
        (points, format) => {
          if (previewed || points.file.count < PREVIEW.minPoints || points.rows < points.file.count * PREVIEW.share) return;
          previewed = true;
          const cloud = points.sample(PREVIEW.points);
          const origin = points.file.origin?.();
          ctx.emit({ cloud, up: estimateUpAxis(cloud), format, upAxis: points.file.upAxis, ...(points.file.statedUp && { statedUp: points.file.statedUp }), ...(origin && { origin }) }, collectBuffers(cloud));
        },
      );
      if ('whole' in read) {
        const result = await parseFiles([{ name, bytes: read.whole }], { onProgress: (f: number) => ctx.progress(f, 'parsing'), lazPerf: newLazPerf });
        return reply(result, name, performance.now() - start, ctx);
      }
      const decimated = every > 1 ? { total: read.points.file.count, every } : undefined;
      return reply(parsedResult(read.format, read.points.finish()), name, performance.now() - start, ctx, decimated, decimated && read.lazChunks);
    } catch (e) {
      throw named(e, name);
    }
  },

  /** The points of a file inside a box, read again from its start, or from the LAZ chunks that meet it (see RegionRequest). */
  async readRegion(params: RegionRequest, ctx: RpcContext): Promise<RegionReply> {
    try {
      const read = await readRegionPoints(params, ctx);
      if ('whole' in read) throw new Error(`${params.name} cannot be read by region`);
      // the points kept are the file's own: a region never adds warnings of its own
      const cloud = parsedResult(read.format, read.points.finish(params.fields && new Set(params.fields))).data as PointCloud;
      return ctx.transfer({ cloud, inside: read.points.inside }, collectBuffers(cloud));
    } catch (e) {
      throw named(e, params.name);
    }
  },
};

export type ParseHandlers = typeof parseHandlers;

exposeRpc(parseHandlers);
