// The comparison feature: how far each point of the active layer lies from another layer (a second
// scan of the site, a scan before and after a change, the model an object was made from), as
// CloudCompare's cloud-to-cloud distance gives it. It runs in a worker started per call and always
// ended. The distances join the layer as a scalar field, so they are drawn at once through a colour
// scale with its legend, read in the inspector and kept in the PLY export; so do the offsets along
// x, y and z where they are split.
import { checkComparison, distanceFieldName, hasReferenceNormals, offsetFieldNames, type ComparisonOptions, type PlacedLayer } from '../../core/layers/cloudDistance';
import { sceneMatrix } from '../../core/layers/transform';
import { offsetFrom, sceneOrigin } from '../../core/io/shift';
import { layerSettings } from '../../state/layerStack';
import { lengthUnitOf } from '../../state/measurements';
import { attachFieldOf } from '../../state/pointsHeld';
import { useAppStore, type AppState, type LayerData, type LayerMeta } from '../../state/store';
import type { LayerEntry } from '../../state/slices/layers';
import type { ComparedPlacements, ComparisonView } from '../../state/slices/comparison';
import type { CompareHandlers } from '../../workers/compare.worker';
import type { ReferenceChoice } from './ReferenceSelect';
import { cancelGivesBack, showField, WorkerRuns } from '../workerRun';

const runs = new WorkerRuns<CompareHandlers>(() => new Worker(new URL('../../workers/compare.worker.ts', import.meta.url), { type: 'module' }));

/**
 * Stops the run `abort` of layer `layerId` against layer `referenceId` once the layer stops being
 * active, or the reference leaves the layers (removed, or stepped to another scan of its folder),
 * which leaves the run nothing to answer for; `gone` says so. Returns the function that stops watching.
 */
export function stopWhenLayersChange(abort: AbortController, layerId: string, referenceId: string, gone: string): () => void {
  return useAppStore.subscribe((st) => {
    if (abort.signal.aborted) return;
    if (st.layer?.id !== layerId) abort.abort();
    else if (!st.layers.some((e) => e.meta.id === referenceId)) abort.abort(new Error(gone));
  });
}

/** The layers the active one can be measured against: every other layer, by name. */
export function referenceChoices(s: { layer: { id: string } | null; layers: readonly LayerEntry[] }): ReferenceChoice[] {
  return s.layers.filter((e) => e.meta.id !== s.layer?.id).map((e) => ({ id: e.meta.id, name: e.meta.fileName }));
}

/** Where layer `other` is drawn beside the active one: its transform, its up axis, and its origin relative to the active layer's. */
export function drawnBeside(s: AppState, other: LayerEntry, active: LayerMeta): number[] {
  return sceneMatrix(other.transform, other.meta.bounds, layerSettings(s, other.meta.id).upAxis, offsetFrom(other.meta.origin, layerSettings(s, other.meta.id).upAxis, sceneOrigin(active.origin, s.settings.upAxis)));
}

/** Where the active layer and layer `other` are drawn now, as a comparison places them: the active layer about its own origin, the other relative to it. */
export function placementsBeside(s: AppState, other: LayerEntry): ComparedPlacements | null {
  const entry = s.layers.find((e) => e.meta.id === s.layer?.id);
  if (!s.layer || !entry) return null;
  return { compared: sceneMatrix(entry.transform, s.layer.bounds, s.settings.upAxis, [0, 0, 0]), reference: drawnBeside(s, other, s.layer) };
}

/**
 * Whether the active layer or the reference of the comparison `view` has been moved since it was
 * measured (a transform, an up axis): its distances are then of where they were. False where the
 * reference is gone, as nothing tells then.
 */
export function movedSinceMeasured(s: AppState, view: Extract<ComparisonView, { status: 'done' }>): boolean {
  const other = s.layers.find((e) => e.meta.id === view.referenceId);
  const now = other && placementsBeside(s, other);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  return !!now && !(same(now.compared, view.placements.compared) && same(now.reference, view.placements.reference));
}

/** A layer's arrays as the comparison places them, with a cloud's normals where the distances are signed; the layer keeps its own, so these are copies. */
function placed(data: LayerData, matrix: number[], signed = false): PlacedLayer {
  const g = data.geometry;
  return {
    positions: g.positions.slice(),
    ...(g.kind === 'mesh' && { indices: g.indices.slice() }),
    ...(signed && g.kind === 'points' && g.normals && { normals: g.normals.slice() }),
    matrix,
  };
}

/** Whether the distances to layer `referenceId` can be signed: a mesh has its faces' normals, a cloud needs its own. */
export function canSignTo(s: Pick<AppState, 'parked'>, referenceId: string): boolean {
  const g = s.parked[referenceId]?.data.geometry;
  return !!g && hasReferenceNormals({ indices: g.kind === 'mesh' ? g.indices : undefined, normals: g.normals });
}

/** Measures each point of the active layer to the nearest point of layer `referenceId`, both as drawn. */
export async function measureDistances(referenceId: string, options: ComparisonOptions = {}): Promise<void> {
  const s = useAppStore.getState();
  const { layer, layerData } = s;
  const entry = s.layers.find((e) => e.meta.id === layer?.id);
  const other = s.layers.find((e) => e.meta.id === referenceId);
  const otherData = s.parked[referenceId]?.data;
  if (!layer || !layerData || !entry || !other || !otherData || s.comparison?.status === 'running') return;
  const layerId = layer.id;
  const reference = other.meta.fileName;
  const placements = placementsBeside(s, other)!;
  const compared: PlacedLayer = { positions: layerData.geometry.positions, matrix: placements.compared };
  const against: PlacedLayer = {
    positions: otherData.geometry.positions,
    ...(otherData.geometry.kind === 'mesh' && { indices: otherData.geometry.indices }),
    ...(otherData.geometry.normals && { normals: otherData.geometry.normals }),
    matrix: placements.reference,
  };
  try {
    checkComparison(compared, against, options);
  } catch (e) {
    s.setComparison({ status: 'error', layerId, reference, message: e instanceof Error ? e.message : String(e) });
    return;
  }
  const unit = lengthUnitOf(s);
  // a run cancelled gives back the result before it, whose distances the layer still holds and shows
  const before = s.comparison?.status === 'done' && s.comparison.layerId === layerId ? s.comparison : null;
  s.setComparison({ status: 'running', layerId, reference, progress: 0 });
  const start = performance.now();
  await runs.run(
    (abort) => stopWhenLayersChange(abort, layerId, referenceId, 'it was removed meanwhile: no distances were kept.'),
    async (client, signal) => {
      const result = await client.call(
        'distances',
        { compared: placed(layerData, compared.matrix), reference: placed(otherData, against.matrix, options.signed), options },
        { signal, onProgress: (progress) => useAppStore.getState().setComparison({ status: 'running', layerId, reference, progress }) },
      );
      const store = useAppStore.getState();
      const field = distanceFieldName(reference);
      attachFieldOf(layerData, field, result.distances);
      // offsets of an earlier run would no longer be this run's
      const offsetFields = offsetFieldNames(field);
      offsetFields.forEach((name, a) => (result.offsets ? attachFieldOf(layerData, name, result.offsets[a]) : store.detachField(layerId, name)));
      const { summary, referencePoints, surfaceSamples } = result;
      const { maxDistance } = options;
      store.setComparison({
        status: 'done',
        layerId,
        reference,
        referenceId,
        placements,
        field,
        ...(maxDistance !== undefined && { maxDistance }),
        ...(result.offsets && { offsetFields }),
        ...(options.signed && { signed: true }),
        summary,
        referencePoints,
        surfaceSamples,
        unit,
        ms: performance.now() - start,
      });
      showField(layerId, field);
    },
    cancelGivesBack(before, useAppStore.getState().setComparison, (message) => ({ status: 'error' as const, layerId, reference, message })),
  );
}

export function cancelDistances(): void {
  runs.cancel();
}

/** A maximum distance as the person typed it, with the layer's unit: "0.5 m". */
export function limitText(maxDistance: number, unit: string): string {
  return `${Number(maxDistance.toPrecision(6))}${unit ? ` ${unit}` : ''}`;
}
