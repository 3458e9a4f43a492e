// The Volume panel's contour lines: the grid its result reports on cut at every multiple of an
// interval (in the file's own heights) in a worker, kept with that result and drawn over the layer in
// its frame, so that they move with its transform; exported as GeoJSON or DXF in the file's own
// coordinates. They are dropped once the result is of other points (its "compute again"), and go
// with the result when it is computed again or its layer is closed.
import { heightOfOrigin } from '../../core/io/shift';
import { contoursDxf } from '../../core/io/contoursDxf';
import { contoursGeoJson } from '../../core/io/contoursGeoJson';
import { useAppStore } from '../../state/store';
import type { VolumeContours, VolumeView } from '../../state/slices/volume';
import type { VolumeHandlers } from '../../workers/volume.worker';
import { baseName, download } from '../export/exportResults';
import { CANCELLED, runFailure, whileActive, WorkerRuns } from '../workerRun';
import { changedSince } from './volume';

const runs = new WorkerRuns<VolumeHandlers>(() => new Worker(new URL('../../workers/volume.worker.ts', import.meta.url), { type: 'module' }));

type DoneVolume = Extract<VolumeView, { status: 'done' }>;

/** The active layer's volume result, where it is done. */
function shownVolume(): DoneVolume | null {
  const { layer, volume } = useAppStore.getState();
  return layer && volume?.status === 'done' && volume.layerId === layer.id ? volume : null;
}

/** Puts `contours` on the result whose grid is `grid`, where it is still the active layer's. */
function putContours(grid: DoneVolume['grid'], contours: VolumeContours | undefined): void {
  const now = shownVolume();
  if (now?.grid === grid) useAppStore.getState().setVolume({ ...now, contours });
}

let watching = false;
/** Drops the contours of a result once it is of other points, checked on every change of the store from the first contours on. */
function dropWhenStale(): void {
  if (watching) return;
  watching = true;
  useAppStore.subscribe((s) => {
    const v = s.volume;
    if (v?.status === 'done' && v.contours && v.layerId === s.layer?.id && changedSince(s, v)) s.setVolume({ ...v, contours: undefined });
  });
}

/** The contour lines of the shown result's grid every `interval` (the default where undefined). */
export async function computeContours(interval: number | undefined): Promise<void> {
  const view = shownVolume();
  const layer = useAppStore.getState().layer;
  if (!view || !layer) return;
  dropWhenStale();
  const { grid } = view;
  // a run cancelled gives back the lines drawn before it, still shown over the layer
  const before = view.contours?.status === 'done' ? view.contours : null;
  await runs.run(
    whileActive(view.layerId),
    async (client, signal) => {
      const found = await client.call('contours', { grid, interval, lift: heightOfOrigin(layer.origin, grid.up), unit: view.unit }, { signal });
      putContours(grid, { status: 'done', interval: found.interval, autoInterval: interval === undefined, levels: found.levels.length, lines: found.lines });
    },
    (e, signal) => putContours(grid, signal.reason === CANCELLED ? (before ?? { status: 'cancelled' }) : { status: 'error', message: runFailure(e, signal) }),
  );
}

export function cancelContours(): void {
  runs.cancel();
}

/** The shown contours as GeoJSON or DXF in the file's own coordinates, named after the file. */
export function exportContours(format: 'geojson' | 'dxf'): void {
  const view = shownVolume();
  const layer = useAppStore.getState().layer;
  if (!view || !layer || view.contours?.status !== 'done') return;
  const frame = { grid: view.grid, origin: layer.origin };
  if (format === 'dxf') download(contoursDxf(view.contours.lines, frame), 'application/dxf', `${baseName(layer.fileName)}.contours.dxf`);
  else download(contoursGeoJson(view.contours.lines, frame), 'application/geo+json', `${baseName(layer.fileName)}.contours.geojson`);
}
