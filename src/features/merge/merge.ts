// The merge feature (CloudCompare's Edit > Merge): the visible layers joined into a new layer, each
// point where its layer is drawn, in the frame of the active layer (the first visible one where the
// active layer is hidden), so that the new layer's file coordinates are that layer's. The active
// layer gives the points its clip, hidden stray points and filter by value keep; the others give all
// theirs, as their tools' masks are the active layer's alone. The merge runs in a worker started per
// call and always ended, which a person can cancel (the layers then stay as they were); the layers
// merged are hidden after, so the scene looks as it did.
import { checkMerge, intoFrameOf, mergedName, mergeNotes, planMerge, SOURCE_FIELD, type MergePart } from '../../core/layers/merge';
import { formatCount } from '../../core/format';
import { keptMaskOf } from '../../state/clipMask';
import { addDerivedLayer, carriedNote, derivedLayer } from '../../state/derivedLayer';
import { layerDataOf, layerSettings } from '../../state/layerStack';
import { placementOf } from '../../state/placement';
import type { LayerEntry } from '../../state/slices/layers';
import { useAppStore, type AppState } from '../../state/store';
import type { MergeHandlers } from '../../workers/merge.worker';
import { cancelGivesBack, WorkerRuns } from '../workerRun';
import { withPredictionFields } from '../segmentation/predictionFields';
import { refuseOverBudget } from '../load/layerBudget';
import { readBudgetBytes } from '../load/readBudget';

const runs = new WorkerRuns<MergeHandlers>(() => new Worker(new URL('../../workers/merge.worker.ts', import.meta.url), { type: 'module' }));
let layersMade = 0;

/** The visible layers a merge takes, the one whose frame it keeps first; null where fewer than two are visible. */
export function mergedLayers(s: Pick<AppState, 'layer' | 'layers'>): LayerEntry[] | null {
  const visible = s.layers.filter((e) => e.visible);
  if (visible.length < 2) return null;
  const frame = visible.find((e) => e.meta.id === s.layer?.id) ?? visible[0];
  return [frame, ...visible.filter((e) => e !== frame)];
}

/** The layers' points as a merge takes them: the active layer's kept ones, every point of the others, each with the matrix into the first's frame. */
export function partsOf(s: AppState, layers: readonly LayerEntry[]): MergePart[] {
  const frame = placementOf(s, layers[0].meta.id)!;
  return layers.map((e, i) => {
    return {
      name: e.meta.fileName,
      geometry: withPredictionFields(layerDataOf(s, e.meta.id)!),
      kept: e.meta.id === s.layer?.id ? keptMaskOf(s) : null,
      matrix: i === 0 ? null : intoFrameOf(frame, placementOf(s, e.meta.id)!),
      ...(e.meta.unit && { unit: e.meta.unit }),
    };
  });
}

/** What a layer kept as an even subsample of its file (past the read budget) gave: the points held, not the file's. */
export function heldNote(e: LayerEntry): string[] {
  const d = e.meta.decimated;
  return d ? [`${e.meta.fileName} is held as 1 point in ${formatCount(d.every)} of its ${formatCount(d.total)}: those held were merged.`] : [];
}

export async function mergeVisibleLayers(): Promise<void> {
  const s = useAppStore.getState();
  const layers = mergedLayers(s);
  if (!layers || s.merge?.status === 'running' || layers.some((e) => !layerDataOf(s, e.meta.id))) return;
  const name = mergedName(layers.length);
  const parts = partsOf(s, layers);
  try {
    checkMerge(parts);
    const refusal = refuseOverBudget(name, planMerge(parts).bytes, {}, readBudgetBytes());
    if (refusal) throw new Error(refusal);
  } catch (e) {
    s.setMerge({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  // a merge cancelled gives back the one before, whose layer is still there
  const before = s.merge?.status === 'done' ? s.merge : null;
  s.setMerge({ status: 'running' });
  const frame = layers[0];
  const own = layerSettings(s, frame.meta.id);
  const start = performance.now();
  await runs.run(
    // it reads the arrays it was given, whatever happens to the layers meanwhile
    () => () => undefined,
    async (client, signal) => {
      const { cloud, summary, octree } = await client.call('merge', { parts, budget: readBudgetBytes() }, { signal });
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const notes = [...mergeNotes(summary), ...layers.flatMap(heldNote), ...carriedNote(Object.keys(cloud.fields).filter((f) => f !== SOURCE_FIELD))];
      // the other layers' points are moved into the frame's coordinates, off its file's LAS grid
      const made = derivedLayer({ ...frame.meta, lasGrid: undefined }, frame.transform, { colorMode: 'field:source', upAxis: own.upAxis }, `merge-${++layersMade}`, name, cloud, octree, notes);
      const ms = performance.now() - start;
      addDerivedLayer(made, octree, ms);
      const now = useAppStore.getState();
      for (const e of layers) now.updateLayer(e.meta.id, { visible: false });
      now.setMerge({ status: 'done', resultId: made.meta.id, name, frame: frame.meta.fileName, parts: summary.parts, points: summary.points, notes, ms });
    },
    cancelGivesBack(before, useAppStore.getState().setMerge, (message) => ({ status: 'error' as const, message })),
  );
}

export function cancelMerge(): void {
  runs.cancel();
}

