// Object classification of the current layer: sends its geometry to the inference worker and puts
// the answer in the store (the panel's top-5, the object's labelled box). Every answer is checked
// against the layer still shown, so a slow run never labels the next file.
import type { ModelStatus } from '../workers/inference.worker';
import { inference } from '../inference/client';
import { getLayerData } from '../state/layerRegistry';
import { useViewerStore } from '../state/store';
import { layerResult } from './layerResult';

export const CLASSIFICATION = 'classification';
export const CLASSIFICATION_TOP_K = 5;

export type ClassificationView =
  | { status: 'running'; layerId: string; stage: string; progress: number }
  | { status: 'error'; layerId: string; message: string }
  | {
      status: 'done';
      layerId: string;
      model: ModelStatus;
      backend: string;
      fallbackReason?: string;
      upAxis: string;
      top: { label: string; probability: number }[];
      uncertain: boolean;
      views: number;
      preprocessMs: number;
      inferenceMs: number;
    };

const result = layerResult<ClassificationView>(CLASSIFICATION);
const put = result.put;
export const classificationOf = result.of;

export async function classifyCurrentLayer(): Promise<void> {
  const { layer, settings } = useViewerStore.getState();
  const data = layer && getLayerData(layer.id);
  if (!layer || !data) return;
  const layerId = layer.id;
  const upAxis = settings.upAxis;
  put({ status: 'running', layerId, stage: 'starting the model', progress: 0 });
  try {
    const { rpc } = await inference();
    const onProgress = (progress: number, stage?: string) => put({ status: 'running', layerId, stage: stage ?? 'loading', progress });
    const model = await rpc.call('load', { task: 'classification' }, { onProgress });
    put({ status: 'running', layerId, stage: 'classifying', progress: 1 });
    const g = data.geometry;
    // The layer keeps its arrays, so the worker gets copies.
    const object = { kind: g.kind, positions: g.positions.slice(), indices: g.kind === 'mesh' ? g.indices.slice() : undefined };
    const result = await rpc.call('classify', { object, upAxis, topK: CLASSIFICATION_TOP_K });
    put({
      status: 'done',
      layerId,
      model,
      backend: result.backend,
      fallbackReason: result.fallbackReason,
      upAxis,
      top: result.top.map(({ label, probability }) => ({ label, probability })),
      uncertain: result.uncertain,
      views: result.views,
      preprocessMs: result.preprocessMs,
      inferenceMs: result.inferenceMs,
    });
    if (useViewerStore.getState().layer?.id === layerId) {
      const best = result.top[0];
      useViewerStore.getState().setBoxSet({
        id: CLASSIFICATION,
        title: 'Classified object',
        boxes: [{ ...result.box, label: best.label, classIndex: best.index, score: best.probability, points: layer.points }],
      });
    }
  } catch (error) {
    put({ status: 'error', layerId, message: `Classification failed: ${error instanceof Error ? error.message : String(error)}` });
  }
}
