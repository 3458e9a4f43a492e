// Parses dropped or fetched files off the main thread, so that a million-point file never
// freezes the UI. The arrays of the result are transferred to the caller, not copied.
import { FLAT_SHADING_TWIN_SHARE, oppositeTwinShare } from '../core/geometry/meshWinding';
import { buildOctree, octreeBuffers, type Octree } from '../core/geometry/octree';
import { estimateUpAxis, type UpEstimate } from '../core/geometry/upAxis';
import { isCompanion, parseFiles } from '../core/io';
import type { InputFile, ParseResult } from '../core/types';
import { collectBuffers, exposeRpc, type RpcContext } from './rpc';

export interface ParseReply {
  result: ParseResult;
  /** the main file of those given (not a material or label companion) */
  fileName: string;
  /** time spent parsing in the worker */
  parseMs: number;
  /** a mesh whose vertex normals cannot be trusted, to be shaded flat (found here: it takes a while on big meshes) */
  flatShading: boolean;
  /** which way is up, from the geometry alone */
  up: UpEstimate;
  /** a cloud's level of detail (a mesh draws all its vertices) */
  octree: Octree | null;
}

export const parseHandlers = {
  async parse(params: { files: InputFile[] }, ctx: RpcContext): Promise<ParseReply> {
    const start = performance.now();
    const result = await parseFiles(params.files, { onProgress: (f: number) => ctx.progress(f, 'parsing') });
    const fileName = (params.files.find((f) => !isCompanion(f.name)) ?? params.files[0]).name;
    const parseMs = performance.now() - start;
    const flatShading = result.data.kind === 'mesh' && oppositeTwinShare(result.data.indices) >= FLAT_SHADING_TWIN_SHARE;
    const up = estimateUpAxis(result.data);
    const octree = result.data.kind === 'points' ? buildOctree(result.data.positions) : null;
    return ctx.transfer({ result, fileName, parseMs, flatShading, up, octree }, [...collectBuffers(result.data), ...(octree ? octreeBuffers(octree) : [])]);
  },
};

export type ParseHandlers = typeof parseHandlers;

exposeRpc(parseHandlers);
