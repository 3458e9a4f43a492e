// The scene segmentation feature: one streamed call to the inference worker for the shown layer
// (a cloud, or a mesh's vertices). The worker pushes the points each batch decided; they are
// written into the layer's overlay in place and only they are repainted. The run stops when the
// person cancels it or opens another file. A scene the app estimates to take long is offered, not
// started.
import type { LabelOverlay } from '../../core/color/colorModes';
import { findModel, type ModelEntry } from '../../core/ml/manifest';
import { SCENE_INSTANCE_PARAMS, sceneClasses } from '../../core/ml/sceneClasses';
import type { SceneUpdate } from '../../core/ml/recognizeScene';
import { withS3disLabel } from '../../core/ml/s3disTruth';
import { sceneMetrics, truthClasses } from '../../core/ml/sceneMetrics';
import { surePoints } from '../../core/ml/surePoints';
import type { Geometry, LabelledBox, PointCloud } from '../../core/types';
import { streamedNote } from '../recognition/streamed';
import { useAppStore } from '../../state/store';
import { isAbortError } from '../../workers/rpc';
import { inference, onInference } from '../models/inference';
import { recognitionPart } from '../stray/stray';

export const SEGMENTATION = 'segmentation';

let running: AbortController | undefined;

function emptyOverlay(entry: ModelEntry, n: number, truth: Int32Array | undefined): LabelOverlay {
  return {
    id: SEGMENTATION,
    label: 'Predicted class',
    values: new Int32Array(n).fill(-1),
    noClassName: 'not segmented',
    confidence: new Float32Array(n),
    sureAbove: entry.confidence?.sureAbove ?? undefined,
    classes: sceneClasses(entry),
    truth,
    counts: new Float64Array(sceneClasses(entry).length),
  };
}

/** Writes a batch's decisions into the overlay, keeping its class counts. */
function applyUpdate(overlay: LabelOverlay, update: SceneUpdate): void {
  const { values, confidence, counts } = overlay as Required<Pick<LabelOverlay, 'confidence' | 'counts'>> & LabelOverlay;
  for (let k = 0; k < update.points.length; k++) {
    const p = update.points[k];
    if (values[p] >= 0) counts[values[p]]--;
    values[p] = update.pred[k];
    counts[update.pred[k]]++;
    confidence[p] = update.confidence[k];
  }
}

/** The layer's points as scored: with its `segment` field read as S3DIS classes into `label`, where the person chose so and it can be. */
export function scoredCloud(g: Pick<Geometry, 'positions' | 'fields'>, asS3dis: boolean): PointCloud & { truth: 'file' | 's3dis-segment' } {
  const read = asS3dis && g.fields.segment ? withS3disLabel(g.fields) : g.fields;
  return typeof read === 'string' || read === g.fields
    ? { kind: 'points', positions: g.positions, fields: g.fields, truth: 'file' }
    : { kind: 'points', positions: g.positions, fields: read, truth: 's3dis-segment' };
}

/** Scores the segmentation against the `segment` field as S3DIS classes, or the file's own truth again; a finished run is scored anew here. */
export function scoreSegmentAsS3dis(on: boolean): void {
  useAppStore.getState().updateSettings({ scoreSegmentAsS3dis: on });
  const s = useAppStore.getState();
  const view = s.segmentation;
  const overlay = s.layerData?.overlays.find((o) => o.id === SEGMENTATION);
  const entry = s.models.status === 'ready' ? findModel(s.models.entries, 'semantic-segmentation') : undefined;
  if (!s.layer || !s.layerData || view?.status !== 'done' || view.layerId !== s.layer.id || !overlay || !entry) return;
  const cloud = scoredCloud(s.layerData.geometry, on);
  const names = sceneClasses(entry).map((c) => c.name);
  s.setOverlay(s.layer.id, { ...overlay, truth: truthClasses(cloud) });
  s.setSegmentation({ ...view, metrics: sceneMetrics(cloud, Int32Array.from(overlay.values), view.boxes, names, SCENE_INSTANCE_PARAMS.skip) });
}

export function cancelSegmentation(): void {
  running?.abort();
}

export async function segmentShownLayer(): Promise<void> {
  const { layer, layerData, settings } = useAppStore.getState();
  if (!layer || !layerData) return;
  const streamed = streamedNote(layer);
  if (streamed) {
    useAppStore.getState().setSegmentation({ status: 'error', layerId: layer.id, message: streamed });
    return;
  }
  running?.abort();
  const abort = new AbortController();
  running = abort;
  const layerId = layer.id;
  const upAxis = settings.upAxis;
  const put = useAppStore.getState().setSegmentation;
  // another file shown: this run has nothing left to colour
  const stopOnNewLayer = useAppStore.subscribe((s) => s.layer?.id !== layerId && abort.abort());
  let updates = 0;
  let boxes: LabelledBox[] = [];
  put({ status: 'running', layerId, stage: 'starting the model', progress: 0, updates, boxes });
  try {
    const { models } = await inference();
    const entry = findModel(models, 'semantic-segmentation');
    if (!entry) throw new Error('no scene segmentation model is bundled');
    // hidden stray points are left out of the run, and stay "not segmented"
    const part = recognitionPart(useAppStore.getState());
    const whole = layerData.geometry;
    const g = part?.geometry ?? whole;
    const at = (k: number) => (part ? part.kept[k] : k);
    const scored = scoredCloud(g, settings.scoreSegmentAsS3dis);
    const overlay = emptyOverlay(entry, whole.positions.length / 3, truthClasses(scoredCloud(whole, settings.scoreSegmentAsS3dis)));
    // The layer keeps its arrays, so the worker gets copies.
    const scene = { positions: g.positions.slice(), colors: g.colors?.slice(), label: scored.fields.label?.slice(), instance: g.fields.instance?.slice() };
    // a run again on a fresh worker decides the points anew, over what the failed one pushed
    const { model, result } = await onInference(({ rpc }) => rpc.call('segment', { scene, upAxis, unit: layer.unit }, {
      signal: abort.signal,
      onProgress: (progress, stage) => put({ status: 'running', layerId, stage: stage ?? 'loading', progress, updates, boxes }),
      onEvent: (update) => {
        if (part) update.points = update.points.map(at);
        applyUpdate(overlay, update);
        if (updates++ === 0) useAppStore.getState().setOverlay(layerId, overlay, true);
        else useAppStore.getState().touchOverlay(layerId, update.points);
        if (update.boxes) boxes = update.boxes;
        put({ status: 'running', layerId, stage: 'segmenting', progress: update.done / update.total, updates, boxes });
      },
    }));
    const values = part ? overlay.values.fill(-1) : result.pred;
    const confidence = part ? overlay.confidence!.fill(0) : result.confidence;
    if (part) {
      for (let k = 0; k < part.kept.length; k++) {
        values[part.kept[k]] = result.pred[k];
        confidence[part.kept[k]] = result.confidence[k];
      }
    }
    useAppStore.getState().setOverlay(layerId, { ...overlay, values, confidence, counts: Float64Array.from(result.counts) }, updates === 0);
    put({
      status: 'done',
      layerId,
      model,
      upAxis,
      ...(part && { strayLeftOut: whole.positions.length / 3 - part.kept.length }),
      levelling: result.levelling,
      storeys: result.storeys,
      ceilings: result.ceilings,
      walls: result.walls,
      unit: result.unit,
      unitDeclared: result.unitDeclared,
      ms: result.ms,
      blocks: result.blocks,
      points: result.pred.length,
      classes: sceneClasses(entry).map((c, i) => ({ name: c.name, color: c.color, count: result.counts[i] })),
      boxes: result.boxes,
      instanceClassifier: result.instanceClassifier,
      instanceClassifierError: result.instanceClassifierError,
      sure: surePoints(entry, result.confidence),
      updates,
      metrics: result.metrics,
    });
  } catch (error) {
    if (isAbortError(error)) put({ status: 'cancelled', layerId, message: 'Segmentation cancelled.' });
    else put({ status: 'error', layerId, message: `Segmentation failed: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    stopOnNewLayer();
    if (running === abort) running = undefined;
  }
}

/**
 * Segments the shown scene where the app's estimate is short; otherwise offers it with the estimate.
 * A scan wider than anything the models learned (`widestM`, metres) is only ever offered.
 */
export async function offerOrSegment(widestM?: number): Promise<void> {
  const { layer, layerData, settings } = useAppStore.getState();
  if (!layer || !layerData) return;
  const layerId = layer.id;
  try {
    const { seconds } = await onInference(({ rpc }) => rpc.call('estimateScene', { positions: layerData.geometry.positions.slice(), upAxis: settings.upAxis, unit: layer.unit }));
    if (useAppStore.getState().layer?.id !== layerId) return;
    if (widestM === undefined && seconds <= settings.autoSegmentSeconds) await segmentShownLayer();
    else useAppStore.getState().setSegmentation({ status: 'offered', layerId, estimateS: seconds, ...(widestM !== undefined && { widestM }) });
  } catch (error) {
    useAppStore.getState().setSegmentation({ status: 'error', layerId, message: `Segmentation failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
