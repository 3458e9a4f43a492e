// The export feature: saves what the app found about the shown file, from the features' typed
// results: the labelled cloud as binary PLY and the predictions as JSON, both named after the file.
import { labelledPly, predictionsJson, type ClassificationExport, type PointPredictions, type SegmentationExport } from '../../core/ml/exportResults';
import { keptGeometry } from '../../core/geometry/clip';
import type { Geometry } from '../../core/types';
import { clipMaskOf } from '../../state/clipMask';
import { useAppStore, type AppData } from '../../state/store';
import { SEGMENTATION } from '../segmentation/segmentation';

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

/** The per-point predictions of the shown layer: the scene's classes where it was segmented, else the object's class. */
function pointPredictions(): PointPredictions | undefined {
  const { layerData, classification, segmentation } = useAppStore.getState();
  const overlay = layerData?.overlays.find((o) => o.id === SEGMENTATION);
  if (overlay?.confidence && segmentation?.status === 'done') {
    return { kind: 'scene', pred: Int32Array.from(overlay.values), confidence: overlay.confidence };
  }
  if (classification?.status === 'done') return { kind: 'object', classIndex: classification.top[0].index, probability: classification.top[0].probability };
  return undefined;
}

export function canExport(s: Pick<AppData, 'classification' | 'segmentation'>): boolean {
  return s.classification?.status === 'done' || s.segmentation?.status === 'done';
}

/** The shown layer as the clip leaves it: the kept points (a mesh's kept triangles) with their predictions. */
function clipped(geometry: Geometry, predictions: PointPredictions): { geometry: Geometry; predictions: PointPredictions } {
  const mask = clipMaskOf(useAppStore.getState());
  if (!mask) return { geometry, predictions };
  const part = keptGeometry(geometry, mask);
  if (predictions.kind !== 'scene') return { geometry: part.geometry, predictions };
  return {
    geometry: part.geometry,
    predictions: { kind: 'scene', pred: part.kept.map((i) => predictions.pred[i]), confidence: Float32Array.from(part.kept, (i) => predictions.confidence[i]) },
  };
}

export function exportLabelledPly(): void {
  const { layer, layerData } = useAppStore.getState();
  const predictions = pointPredictions();
  if (!layer || !layerData || !predictions) return;
  const part = clipped(layerData.geometry, predictions);
  download(labelledPly(part.geometry, part.predictions) as BlobPart, 'application/octet-stream', `${baseName(layer.fileName)}.labelled.ply`);
}

export function exportPredictionsJson(): void {
  const { layer, classification: c, segmentation: s } = useAppStore.getState();
  if (!layer) return;
  let classification: ClassificationExport | undefined;
  let segmentation: SegmentationExport | undefined;
  if (c?.status === 'done') {
    classification = {
      modelId: c.model.id,
      backend: c.model.backend,
      upAxis: c.upAxis,
      top: c.top.map(({ label, index, probability }) => ({ label, index, probability })),
      uncertain: c.uncertain,
      unknown: c.unknown,
      oodScore: c.oodScore,
      inferenceMs: c.inferenceMs,
    };
  }
  if (s?.status === 'done') {
    segmentation = {
      modelId: s.model.id,
      backend: s.model.backend,
      ms: s.ms,
      classes: s.classes.map((k, index) => ({ index, name: k.name, count: k.count })),
      boxes: s.boxes,
      metrics: s.metrics,
    };
  }
  const json = predictionsJson(layer.fileName, layer.points, { classification, segmentation });
  download(JSON.stringify(json, null, 2), 'application/json', `${baseName(layer.fileName)}.predictions.json`);
}
