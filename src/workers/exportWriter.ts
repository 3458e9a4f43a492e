// What the export worker does: writes a layer's points as the Export panel saves them (PLY, LAS or
// LAZ) off the main thread, reporting how far it is, and moves the bytes back to the page.
import type { Geometry, ScalarArray } from '../core/types';
import { writePly, type PlyWriteOptions } from '../core/io/writePly';
import { writeLas, type LasWriteOptions, type WrittenLas } from '../core/io/writeLas';
import { writeLaz } from '../core/io/writeLaz';
import type { RpcContext } from './rpc';

export type ExportFormat = 'ply' | 'las' | 'laz';

export interface ExportRequest {
  format: ExportFormat;
  geometry: Geometry;
  /** fields written after the geometry's own (predictions), winning on a name clash */
  extraFields: Record<string, ScalarArray>;
  /** what the file says besides its points; `classFrom` is read by LAS and LAZ alone */
  options: PlyWriteOptions & LasWriteOptions;
}

/** What each format's making is called while it runs. */
const STAGE: Record<ExportFormat, string> = { ply: 'writing PLY', las: 'writing LAS', laz: 'compressing LAZ' };

/** The file `request` asks for; PLY has no notes. */
export function writeExport({ format, geometry, extraFields, options }: ExportRequest, onProgress?: (fraction: number) => void): WrittenLas {
  if (format === 'ply') return { bytes: writePly(geometry, extraFields, options, onProgress), notes: [] };
  return (format === 'laz' ? writeLaz : writeLas)(geometry, extraFields, options, onProgress);
}

export const exportHandlers = {
  write(request: ExportRequest, ctx: RpcContext): WrittenLas {
    const written = writeExport(request, (f) => ctx.progress(f, STAGE[request.format]));
    return ctx.transfer(written, [written.bytes.buffer as ArrayBuffer]);
  },
};

export type ExportHandlers = typeof exportHandlers;
