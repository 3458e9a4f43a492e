// Saves what the app found about the shown file: the labelled cloud as binary PLY and the
// predictions as JSON, both named after the file.
import { labelledPly, predictionsJson, type ClassificationExport, type PointPredictions, type SegmentationExport } from '../core/ml/exportResults';
import { inference } from '../inference/client';
import { getLayerData } from '../state/layerRegistry';
import { useViewerStore, type ViewerData } from '../state/store';
import { CLASSIFICATION, classificationOf } from './classification';
import { DETECTIONS, SEGMENTATION, segmentationOf } from './segmentation';

function download(bytes: BlobPart, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/** The per-point predictions of the shown layer: the scene overlay where there is one, else the object's class. */
function pointPredictions(): PointPredictions | undefined {
  const { layer, boxSets, results } = useViewerStore.getState();
  const overlay = layer && getLayerData(layer.id)?.overlays.find((o) => o.id === SEGMENTATION);
  if (overlay?.confidence && segmentationOf(results)?.status === 'done') {
    return { kind: 'scene', pred: Int32Array.from(overlay.values), confidence: overlay.confidence };
  }
  const box = boxSets[CLASSIFICATION]?.boxes[0];
  if (box && classificationOf(results)?.status === 'done') return { kind: 'object', classIndex: box.classIndex, probability: box.score };
  return undefined;
}

export function canExport(results: ViewerData['results']): boolean {
  return classificationOf(results)?.status === 'done' || segmentationOf(results)?.status === 'done';
}

export function exportLabelledPly(): void {
  const { layer } = useViewerStore.getState();
  const data = layer && getLayerData(layer.id);
  const predictions = pointPredictions();
  if (!layer || !data || !predictions) return;
  download(labelledPly(data.geometry, predictions) as BlobPart, 'application/octet-stream', `${baseName(layer.fileName)}.labelled.ply`);
}

export async function exportPredictionsJson(): Promise<void> {
  const { layer, results, boxSets } = useViewerStore.getState();
  if (!layer) return;
  const { models } = await inference();
  const c = classificationOf(results);
  const s = segmentationOf(results);
  let classification: ClassificationExport | undefined;
  let segmentation: SegmentationExport | undefined;
  if (c?.status === 'done') {
    const names = models.find((m) => m.id === c.model.id)?.classes.map((k) => k.name) ?? [];
    classification = {
      modelId: c.model.id,
      backend: c.backend,
      upAxis: c.upAxis,
      top: c.top.map((t) => ({ label: t.label, index: names.indexOf(t.label), probability: t.probability })),
      uncertain: c.uncertain,
      inferenceMs: c.inferenceMs,
    };
  }
  if (s?.status === 'done') {
    segmentation = {
      modelId: s.model.id,
      backend: s.backend,
      ms: s.ms,
      classes: s.classes.map((k, index) => ({ index, name: k.name, count: k.count })),
      boxes: boxSets[DETECTIONS]?.boxes ?? [],
      metrics: s.metrics,
    };
  }
  const json = predictionsJson(layer.fileName, layer.points, { classification, segmentation });
  download(JSON.stringify(json, null, 2), 'application/json', `${baseName(layer.fileName)}.predictions.json`);
}
