// What the app exports about a recognised file: the cloud with a predicted class and
// its confidence per point (beside the file's own fields, e.g. ScanNet's `label` and `instance`),
// and the predictions as JSON. Both name classes by index into the model manifest's class list.
import { pointInFile, type Origin } from '../io/shift';
import type { Geometry, LabelledBox, NamedClass } from '../types';
import type { NearestShape } from './nearestShapes';
import type { SceneMetrics } from './sceneMetrics';

/** One class for the whole object (classifier), or one per point (scene segmentation). */
export type PointPredictions =
  /** `unknown`: like none of the served classes, written as class -1 (the probability stays the closest class's) */
  | { kind: 'object'; classIndex: number; probability: number; unknown?: boolean }
  | { kind: 'scene'; pred: Int32Array; confidence: Float32Array };

/** A model's classes as a PLY's header names them (plyNotes.ts): class index i is id i. */
export function namedClasses(classes: readonly { name: string; color: [number, number, number] }[]): NamedClass[] {
  return classes.map((c, id) => ({ id, name: c.name, color: c.color }));
}

/** `pred` (class index; -1 for an object called unknown) and `confidence` per point (vertex) of `geometry`. */
export function predictionFields(geometry: Geometry, predictions: PointPredictions): { pred: Int32Array; confidence: Float32Array } {
  const n = geometry.positions.length / 3;
  if (predictions.kind === 'scene') {
    if (predictions.pred.length !== n) throw new Error(`${predictions.pred.length} predictions for ${n} points`);
    return { pred: predictions.pred, confidence: predictions.confidence };
  }
  return { pred: new Int32Array(n).fill(predictions.unknown ? -1 : predictions.classIndex), confidence: new Float32Array(n).fill(predictions.probability) };
}

export interface ClassificationExport {
  modelId: string;
  backend: string;
  upAxis: string;
  top: { label: string; index: number; probability: number }[];
  uncertain: boolean;
  /** like none of the served classes, by the open-set score */
  unknown: boolean;
  oodScore?: number;
  /** the training shapes nearest the object, nearest first, at the open-set score's distance */
  nearest?: NearestShape[];
  /** where the scan is wider than any object the classifier learned (metres): why it is unknown */
  widestM?: number;
  inferenceMs: number;
}

export interface SegmentationExport {
  modelId: string;
  backend: string;
  ms: number;
  /** points per predicted class, every class of the model in its order */
  classes: { index: number; name: string; count: number }[];
  boxes: LabelledBox[];
  metrics?: SceneMetrics;
  /** what the metrics were scored against: the file's own labels, or its `segment` field read as S3DIS's classes */
  truth?: 'file' | 's3dis-segment';
}

export interface PredictionsJson {
  format: 'pointlens-predictions';
  version: 1;
  file: string;
  points: number;
  classification?: ClassificationExport;
  segmentation?: SegmentationExport;
}

export function predictionsJson(
  file: string,
  points: number,
  results: { classification?: ClassificationExport; segmentation?: SegmentationExport },
): PredictionsJson {
  if (!results.classification && !results.segmentation) throw new Error(`${file} has no predictions to export`);
  const out: PredictionsJson = { format: 'pointlens-predictions', version: 1, file, points };
  if (results.classification) out.classification = results.classification;
  if (results.segmentation) out.segmentation = results.segmentation;
  return out;
}

/** Boxes in the file's own coordinates, where its positions were kept relative to `origin`. */
export function boxesInFile(boxes: LabelledBox[], origin: Origin | undefined): LabelledBox[] {
  if (!origin) return boxes;
  const moved = <B extends { center: [number, number, number] }>(b: B): B => ({ ...b, center: pointInFile(b.center, origin) as [number, number, number] });
  return boxes.map((b) => ({ ...moved(b), ...(b.square && { square: moved(b.square) }) }));
}
