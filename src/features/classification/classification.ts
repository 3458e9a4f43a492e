// The classification feature: one call to the inference worker with the shown layer's geometry,
// and its answer in the store (the panel's top-5, the object's labelled box). Every answer names
// its layer, so a slow run never labels the next file.
import { streamedNote } from '../recognition/streamed';
import { useAppStore, type LayerMeta } from '../../state/store';
import type { ClassificationResult } from '../../core/ml/classifyObject';
import type { SamplePrediction } from '../../state/slices/gallery';
import { recordCriticalPoints } from '../explain/explain';
import { onInference } from '../models/inference';
import { recognitionPart } from '../stray/stray';
import { proportionsReason } from '../../core/ml/proportions';
import { unknownOrTooWide, widerThanModelsKnow } from '../../core/ml/sceneOrObject';

export const CLASSIFICATION_TOP_K = 5;

/** What a sample's card and the gallery's evaluation say: the best class, or "unknown" with the closest. */
export function samplePrediction(result: Pick<ClassificationResult, 'top' | 'unknown'>): SamplePrediction {
  const best = result.top[0];
  return { label: result.unknown ? UNKNOWN_LABEL : best.label, probability: best.probability, closest: result.unknown ? best.label : undefined };
}

/** The label of a shape the classifier says is none of its classes. */
export const UNKNOWN_LABEL = 'unknown';

/** The shown scan's width in metres where nothing the models learned is as wide, else undefined. */
function widestBeyondModels(layer: LayerMeta): number | undefined {
  return widerThanModelsKnow(layer.bounds, layer);
}

/**
 * Leaves a scan wider than anything the models learned unclassified on load, and says why (an aerial
 * survey named "monitor" helps nobody); Classify still runs on it when asked. Its width in metres
 * where it held the scan back.
 */
export function holdBackTooWide(): number | undefined {
  const { layer } = useAppStore.getState();
  const widestM = layer ? widestBeyondModels(layer) : undefined;
  if (layer && widestM !== undefined) useAppStore.getState().setClassification({ status: 'held', layerId: layer.id, widestM });
  return widestM;
}

export async function classifyShownLayer(): Promise<void> {
  const { layer, layerData, settings } = useAppStore.getState();
  if (!layer || !layerData) return;
  const streamed = streamedNote(layer);
  if (streamed) {
    useAppStore.getState().setClassification({ status: 'error', layerId: layer.id, message: streamed });
    return;
  }
  const layerId = layer.id;
  const upAxis = settings.upAxis;
  const put = useAppStore.getState().setClassification;
  put({ status: 'running', layerId, stage: 'starting the model', progress: 0 });
  // hidden stray points are left out; the part is a copy already
  const part = recognitionPart(useAppStore.getState());
  try {
    const g = part?.geometry ?? layerData.geometry;
    // The layer keeps its arrays, so the worker gets copies.
    const copy = <T extends Float32Array | Uint32Array>(a: T) => (part ? a : (a.slice() as T));
    const object = { kind: g.kind, positions: copy(g.positions), indices: g.kind === 'mesh' ? copy(g.indices) : undefined };
    const { model, result, bankError } = await onInference(({ rpc }) =>
      rpc.call('classify', { object, upAxis, topK: CLASSIFICATION_TOP_K }, {
        onProgress: (progress, stage) => put({ status: 'running', layerId, stage: stage ?? 'loading', progress }),
      }),
    );
    const widestM = widestBeyondModels(layer);
    const unknown = unknownOrTooWide(result.unknown, widestM);
    const outside = result.proportions?.find((c) => c.outside);
    const reason = outside && proportionsReason(outside, result.top[0].label);
    put({
      status: 'done',
      layerId,
      model,
      upAxis,
      ...(part && { strayLeftOut: layerData.geometry.positions.length / 3 - part.kept.length }),
      top: result.top,
      uncertain: result.uncertain,
      unknown,
      ...(reason && { proportionsReason: reason }),
      oodScore: result.oodScore,
      ...(result.nearest && { nearest: result.nearest }),
      ...(bankError && { bankError }),
      ...(widestM !== undefined && { widestM }),
      views: result.views,
      box: result.box,
      preprocessMs: result.preprocessMs,
      inferenceMs: result.inferenceMs,
    });
    recordCriticalPoints(layerId, result.critical);
    useAppStore.getState().recordSamplePrediction(layerId, samplePrediction({ ...result, unknown }));
  } catch (error) {
    put({ status: 'error', layerId, message: `Classification failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
