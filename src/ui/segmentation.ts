// Scene segmentation of the current layer: runs in the inference worker block by block; the
// overlay grows while blocks finish (polled, so the worker never waits on the page), and the
// final answer brings the boxes and, where the file has ground truth, the metrics.
import { colorModes, type LabelOverlay } from '../core/color/colorModes';
import { sceneColorModes } from '../core/color/sceneModes';
import type { ModelEntry } from '../core/ml/manifest';
import type { SceneMetrics } from '../core/ml/sceneMetrics';
import { inference } from '../inference/client';
import { attachOverlay } from '../state/layerActions';
import { getLayerData } from '../state/layerRegistry';
import { useViewerStore } from '../state/store';
import { layerResult } from './layerResult';
import type { ModelStatus, PartialScene, SceneResult } from '../workers/inference.worker';

export const SEGMENTATION = 'segmentation';
export const DETECTIONS = 'detections';
/** How often the growing overlay is repainted: every repaint recolours all points on this thread. */
const partialEveryMs = (points: number) => Math.max(800, points / 500);

colorModes.register(sceneColorModes);

export type SegmentationView =
  | { status: 'running'; layerId: string; stage: string; progress: number }
  | { status: 'cancelled' | 'error'; layerId: string; message: string }
  | {
      status: 'done';
      layerId: string;
      model: ModelStatus;
      backend: string;
      fallbackReason?: string;
      ms: number;
      blocks: number;
      points: number;
      classes: { name: string; color: [number, number, number]; count: number }[];
      boxes: number;
      metrics?: SceneMetrics;
    };

const result = layerResult<SegmentationView>(SEGMENTATION);
const put = result.put;
export const segmentationOf = result.of;

function overlayOf(entry: ModelEntry, pred: Int32Array, confidence: Float32Array): LabelOverlay {
  return { id: SEGMENTATION, label: 'Predicted class', values: pred, classes: entry.classes, confidence };
}

function classCounts(entry: ModelEntry, pred: Int32Array): { name: string; color: [number, number, number]; count: number }[] {
  const counts = new Float64Array(entry.classes.length);
  for (let i = 0; i < pred.length; i++) if (pred[i] >= 0) counts[pred[i]]++;
  return entry.classes.map((c, i) => ({ name: c.name, color: c.color, count: counts[i] }));
}

export async function segmentCurrentLayer(): Promise<void> {
  const { layer, settings } = useViewerStore.getState();
  const data = layer && getLayerData(layer.id);
  if (!layer || !data) return;
  const layerId = layer.id;
  const g = data.geometry;
  const upAxis = settings.upAxis;
  put({ status: 'running', layerId, stage: 'starting the model', progress: 0 });
  let poll: ReturnType<typeof setInterval> | undefined;
  try {
    const { rpc, models } = await inference();
    const entry = models.find((m) => m.task === 'semantic-segmentation');
    if (!entry) throw new Error('no scene segmentation model is bundled');
    const onLoad = (progress: number, stage?: string) => put({ status: 'running', layerId, stage: stage ?? 'loading', progress });
    const model = await rpc.call('load', { task: 'semantic-segmentation' }, { onProgress: onLoad });
    let select = true;
    poll = setInterval(() => {
      void rpc.call('segmentPartial', undefined).then((partial: PartialScene | null) => {
        if (!partial || useViewerStore.getState().layer?.id !== layerId) return;
        attachOverlay(layerId, overlayOf(entry, partial.pred, partial.confidence), select);
        select = false;
      });
    }, partialEveryMs(g.positions.length / 3));
    // The layer keeps its arrays, so the worker gets copies.
    const scene = {
      positions: g.positions.slice(),
      colors: g.colors?.slice(),
      label: g.fields.label?.slice(),
      instance: g.fields.instance?.slice(),
    };
    const result: SceneResult = await rpc.call('segment', { scene, upAxis }, {
      onProgress: (progress) => put({ status: 'running', layerId, stage: 'segmenting', progress }),
    });
    clearInterval(poll);
    if (useViewerStore.getState().layer?.id !== layerId) return;
    attachOverlay(layerId, overlayOf(entry, result.pred, result.confidence), select);
    useViewerStore.getState().setBoxSet({
      id: DETECTIONS,
      title: 'Detected objects',
      boxes: result.boxes,
      classColors: Object.fromEntries(entry.classes.map((c, i) => [i, c.color])),
    });
    put({
      status: 'done',
      layerId,
      model,
      backend: result.backend,
      fallbackReason: result.fallbackReason,
      ms: result.ms,
      blocks: result.blocks,
      points: result.pred.length,
      classes: classCounts(entry, result.pred),
      boxes: result.boxes.length,
      metrics: result.metrics,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const aborted = /abort/i.test(message);
    put({ status: aborted ? 'cancelled' : 'error', layerId, message: aborted ? 'Segmentation cancelled.' : `Segmentation failed: ${message}` });
  } finally {
    if (poll) clearInterval(poll);
  }
}

export async function cancelSegmentation(): Promise<void> {
  const { rpc } = await inference();
  await rpc.call('cancelSegment', undefined);
}
