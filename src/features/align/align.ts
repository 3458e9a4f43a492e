// The alignment feature: moves the active layer onto another (a second scan of the site shown
// apart from the first), as CloudCompare's fine registration does, by setting its transform: the
// Layers panel's fields show where it put it, and the transform it replaced can be put back. It
// runs in a worker started per call and always ended.
import { alignmentProblem, checkAlignment, type MovingLayer } from '../../core/layers/align';
import type { PlacedLayer } from '../../core/layers/cloudDistance';
import type { LayerTransform } from '../../core/layers/transform';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import type { AlignmentView } from '../../state/slices/alignment';
import type { AlignHandlers } from '../../workers/align.worker';
import { drawnBeside, stopWhenLayersChange } from '../compare/compare';
import { setLayerTransform } from '../layers/layers';
import { runFailure, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<AlignHandlers>(() => new Worker(new URL('../../workers/align.worker.ts', import.meta.url), { type: 'module' }));

/** Aligns the active layer to layer `referenceId`, both as drawn, and moves it there; `adjustScale` solves its scale too. */
export async function alignToLayer(referenceId: string, adjustScale = false): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  const entry = s.layers.find((e) => e.meta.id === layer?.id);
  const other = s.layers.find((e) => e.meta.id === referenceId);
  const otherData = s.parked[referenceId]?.data;
  if (!layer || !layerData || !entry || !other || !otherData || s.alignment?.status === 'running') return;
  const layerId = layer.id;
  const reference = other.meta.fileName;
  const previous = entry.transform;
  // the active layer's frame, as the distance measurement places it: the other relative to its origin
  const moving: MovingLayer = { positions: layerData.geometry.positions, transform: previous, bounds: layer.bounds, up: s.settings.upAxis, offset: [0, 0, 0] };
  const against: PlacedLayer = {
    positions: otherData.geometry.positions,
    ...(otherData.geometry.kind === 'mesh' && { indices: otherData.geometry.indices }),
    matrix: drawnBeside(s, other, layer),
  };
  try {
    checkAlignment(moving, against);
  } catch (e) {
    s.setAlignment({ status: 'error', layerId, reference, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const unit = lengthUnitOf(s);
  s.setAlignment({ status: 'running', layerId, reference, iteration: 0, rms: NaN, progress: 0 });
  const start = performance.now();
  await runs.run(
    (abort) => stopWhenLayersChange(abort, layerId, referenceId, 'it was removed meanwhile: this layer was not moved.'),
    async (client, signal) => {
      const result = await client.call(
        'align',
        { moving, reference: against, adjustScale },
        {
          signal,
          onEvent: ({ iteration, rms, fraction }) => useAppStore.getState().setAlignment({ status: 'running', layerId, reference, iteration, rms, progress: fraction }),
        },
      );
      const problem = alignmentProblem(result);
      if (problem) throw new Error(problem);
      const refused = setLayerTransform(layerId, result.transform);
      if (refused) throw new Error(refused);
      const { transform, rmsBefore, rmsAfter, overlap, sampled, scaleFound, iterations, converged } = result;
      useAppStore
        .getState()
        .setAlignment({ status: 'done', layerId, reference, transform, previous, adjustScale, rmsBefore, rmsAfter, overlap, sampled, scaleFound, iterations, converged, unit, ms: performance.now() - start });
    },
    (e, signal) => {
      useAppStore.getState().setAlignment({ status: 'error', layerId, reference, message: runFailure(e, signal) });
    },
  );
}

export function cancelAlignment(): void {
  runs.cancel();
}

const sameTransform = (a: LayerTransform, b: LayerTransform) => a.rotateDeg === b.rotateDeg && a.scale === b.scale && a.translate.every((v, i) => v === b.translate[i]);

/** The alignment that can be undone: the last one, while the layer is still where it put it. */
export function undoableAlignment(s: { alignment: AlignmentView | null; layers: readonly { meta: { id: string }; transform: LayerTransform }[] }): Extract<AlignmentView, { status: 'done' }> | null {
  const a = s.alignment;
  if (a?.status !== 'done' || a.undone) return null;
  const entry = s.layers.find((e) => e.meta.id === a.layerId);
  return entry && sameTransform(entry.transform, a.transform) ? a : null;
}

/** Puts back the transform the last alignment replaced. */
export function undoAlignment(): void {
  const s = useAppStore.getState();
  const a = undoableAlignment(s);
  if (!a) return;
  setLayerTransform(a.layerId, a.previous);
  s.setAlignment({ ...a, undone: true });
}
