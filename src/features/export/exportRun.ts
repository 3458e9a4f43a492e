// The Export panel's files of points (PLY, LAS, LAZ) are written in a worker of their own, started
// for the file and always ended, so that the page keeps drawing while a large layer is compressed
// (LAZ takes seconds a million points): the panel shows how far it is and can cancel it. One file
// is written at a time; the panel's buttons wait while one is.
import { collectBuffers } from '../../workers/rpc';
import type { ExportHandlers, ExportRequest } from '../../workers/exportWriter';
import { useAppStore, type LayerData } from '../../state/store';
import { runFailure, WorkerRuns } from '../workerRun';
import { download, type ExportJob } from './exportResults';

const runs = new WorkerRuns<ExportHandlers>(() => new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module' }));

/**
 * The buffers of `request` made for this file alone (the points a clip keeps, predictions, a placed
 * copy), which move to the worker; the layer's own arrays, which the view still draws, are copied.
 */
export function madeForExport(request: ExportRequest, layer: Pick<LayerData, 'geometry' | 'overlays'>): ArrayBuffer[] {
  const held = new Set(collectBuffers([layer.geometry, layer.overlays]));
  return collectBuffers([request.geometry, request.extraFields]).filter((b) => !held.has(b));
}

export function isExporting(s: { exportRun: { status: string } | null }): boolean {
  return s.exportRun?.status === 'running';
}

/**
 * Writes the file `job` gathers from the shown layer in the worker and downloads it; refused while
 * another is written. What went wrong (a gathering that failed, the worker's message, a cancel) is
 * kept to be shown, and the layer stays as it was.
 */
export async function runExport(job: () => ExportJob | null): Promise<void> {
  const s = useAppStore.getState();
  if (!s.layer || !s.layerData || isExporting(s)) return;
  const layerId = s.layer.id;
  const put = s.setExportRun;
  let gathered: ExportJob | null;
  try {
    gathered = job();
  } catch (e) {
    put({ status: 'error', layerId, name: s.layer.fileName, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  if (!gathered) return;
  const { request, name } = gathered;
  const said = gathered.notes ?? [];
  const transfer = madeForExport(request, s.layerData);
  put({ status: 'running', layerId, name, progress: 0 });
  await runs.run(
    // it writes the arrays it was given, whatever happens to the layer meanwhile
    () => () => undefined,
    async (client, signal) => {
      const { bytes, notes } = await client.call('write', request, { signal, transfer, onProgress: (progress, stage) => put({ status: 'running', layerId, name, progress, stage }) });
      download(bytes as BlobPart, 'application/octet-stream', name);
      put({ status: 'done', layerId, name, notes: [...said, ...notes] });
    },
    (e, signal) => put({ status: 'error', layerId, name, message: runFailure(e, signal) }),
  );
}

export function cancelExport(): void {
  runs.cancel();
}
