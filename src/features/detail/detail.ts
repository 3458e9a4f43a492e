// Full detail where the camera is, for a cloud held decimated (a file larger than the read
// budget). When the view settles on a region whose points were mostly left out, the file is read
// again in a worker keeping only the points inside that region, up to the point budget, and they
// are drawn over the decimated whole. Only the latest region's read runs; a new layer ends it.
import { containsBox, countInside, type Bounds } from '../../core/geometry/bounds';
import type { LazChunkIndex } from '../../core/io/lazChunkIndex';
import { useAppStore } from '../../state/store';
import { pointBudgetFor } from '../../state/viewSettings';
import { readRegionInWorker } from '../load/parseInWorker';

/** Where a decimated layer's file can be read again. */
export interface DetailSource {
  layerId: string;
  name: string;
  /** a dropped file, or the address it came from */
  source: Blob | string;
  size: number;
  /** a LAZ file's chunks, found as it was first read: a region is read from those that meet it */
  lazChunks?: LazChunkIndex;
}

let shown: DetailSource | null = null;
let running: AbortController | null = null;

/** The file of the decimated layer just shown (the one source kept: one layer is shown at a time). */
export function rememberDetailSource(source: DetailSource): void {
  running?.abort();
  shown = source;
}

/** The view settled on `box` (the layer's coordinates): reads the region in full where that adds points. */
export function showDetailAt(box: Bounds): void {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  if (!layer?.decimated || !layerData || shown?.layerId !== layer.id) return;
  const held = countInside(layerData.geometry.positions, box);
  const max = pointBudgetFor(s.settings.pointBudget, s.renderer);
  // the file's points in the region, as the held points estimate them
  const every = Math.max(1, Math.ceil((held * layer.decimated.every) / max));
  // a region as large as this is drawn no finer from the file than the layer already draws it
  if (!held || every >= layer.decimated.every) return;
  const current = s.detail;
  if (current && current.status !== 'failed' && containsBox(current.box, box) && current.every <= every) return;
  running?.abort();
  const abort = (running = new AbortController());
  const layerId = layer.id;
  s.setDetail({ layerId, status: 'loading', box, every });
  // the layer's fields, so that a field it is coloured by is the region's too
  const fields = Object.keys(layerData.geometry.fields);
  readRegionInWorker({ name: shown.name, source: shown.source, size: shown.size, box, every, max, lazChunks: shown.lazChunks, fields }, { signal: abort.signal, limitSeconds: s.settings.parseLimitSeconds })
    .then(({ cloud, inside }) => {
      if (abort.signal.aborted) return;
      const points = cloud.positions.length / 3;
      const data = { id: `${layerId}-detail`, geometry: cloud, overlays: [], revision: 0, changed: null, flatShading: false, octree: null, ...(layer.origin && { origin: layer.origin }) };
      useAppStore.getState().setDetail({ layerId, status: 'shown', box, every, inside, points }, data);
    })
    .catch((e: unknown) => {
      if (abort.signal.aborted) return;
      useAppStore.getState().setDetail({ layerId, status: 'failed', box, every, message: e instanceof Error ? e.message : String(e) }, null);
    });
}
