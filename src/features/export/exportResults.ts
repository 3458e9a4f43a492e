// The export feature: saves what the app found about the shown file, from the features' typed
// results: the labelled cloud as binary PLY and the predictions as JSON, both named after the file;
// and the cloud with the fields it carries (a distance to another layer among them) as binary PLY,
// LAS or LAZ, in the file's coordinates or where the layer's transform places it (moved by hand, or
// aligned). The points are gathered here; the files of points are written in a worker (exportRun).
import { SCENE_INSTANCE_PARAMS } from '../../core/ml/sceneClasses';
import { boxesInFile, namedClasses, predictionFields, predictionsJson, type ClassificationExport, type PointPredictions, type SegmentationExport } from '../../core/ml/exportResults';
import { findModel } from '../../core/ml/manifest';
import type { PlyNotes } from '../../core/io/plyNotes';
import { clipMask, countKept, keptGeometry } from '../../core/geometry/clip';
import { holdsKeptPoint } from '../../core/geometry/boxMembers';
import { sceneMetrics } from '../../core/ml/sceneMetrics';
import type { Geometry } from '../../core/types';
import { fromSource } from '../../core/io/writePly';
import type { ExportFormat, ExportRequest } from '../../workers/exportWriter';
import { movedGeometry } from '../../core/layers/align';
import { isIdentity } from '../../core/layers/transform';
import { clipRegionOf, keptMaskOf } from '../../state/clipMask';
import { useAppStore, type AppData, type AppState } from '../../state/store';
import { scoredCloud, SEGMENTATION } from '../segmentation/segmentation';
import { unknownOrTooWide } from '../../core/ml/sceneOrObject';
import { GROUND_FIELD } from '../../core/geometry/ground';

export function download(bytes: BlobPart, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

/** The per-point predictions of the shown layer: the scene's classes where it was segmented, else the object's class. */
function pointPredictions(): PointPredictions | undefined {
  const { layerData, classification, segmentation } = useAppStore.getState();
  const overlay = layerData?.overlays.find((o) => o.id === SEGMENTATION);
  if (overlay?.confidence && segmentation?.status === 'done') {
    return { kind: 'scene', pred: Int32Array.from(overlay.values), confidence: overlay.confidence };
  }
  if (classification?.status === 'done') {
    const { top, unknown, widestM } = classification;
    return { kind: 'object', classIndex: top[0].index, probability: top[0].probability, unknown: unknownOrTooWide(unknown, widestM) };
  }
  return undefined;
}

export function canExport(s: Pick<AppData, 'classification' | 'segmentation'>): boolean {
  return s.classification?.status === 'done' || s.segmentation?.status === 'done';
}

/** The shown layer as the clip leaves it: the kept points (a mesh's kept triangles) with their predictions. */
function clipped(geometry: Geometry, predictions: PointPredictions): { geometry: Geometry; predictions: PointPredictions } {
  const mask = keptMaskOf(useAppStore.getState());
  if (!mask) return { geometry, predictions };
  const part = keptGeometry(geometry, mask);
  if (predictions.kind !== 'scene') return { geometry: part.geometry, predictions };
  return {
    geometry: part.geometry,
    predictions: { kind: 'scene', pred: part.kept.map((i) => predictions.pred[i]), confidence: Float32Array.from(part.kept, (i) => predictions.confidence[i]) },
  };
}

/** An object called unknown is class -1 (core/ml/exportResults' predictionFields). */
const UNKNOWN_CLASS = { id: -1, name: 'unknown', color: [150, 150, 158] as [number, number, number] };

/** The classes `pred` stands for, named in the PLY's header: the segmentation's, or the classifier's. */
function predictedClasses(predictions: PointPredictions): Pick<PlyNotes, 'classes'> {
  const s = useAppStore.getState();
  const classes =
    predictions.kind === 'scene'
      ? s.layerData?.overlays.find((o) => o.id === SEGMENTATION)?.classes
      : s.models.status === 'ready'
        ? findModel(s.models.entries, 'classification')?.classes
        : undefined;
  if (!classes) return {};
  return { classes: { pred: [...namedClasses(classes), ...(predictions.kind === 'object' ? [UNKNOWN_CLASS] : [])] } };
}

/** A file of the shown layer's points to write, and the name it downloads as. */
export interface ExportJob {
  request: ExportRequest;
  name: string;
  /** what the page says of the file besides the writer's own notes */
  notes?: string[];
}

/** The shown layer as the clip leaves it, with its predictions (pred, confidence) and the classes they stand for, as PLY. */
export function labelledPlyJob(): ExportJob | null {
  const { layer, layerData, settings } = useAppStore.getState();
  const predictions = pointPredictions();
  if (!layer || !layerData || !predictions) return null;
  const part = clipped(layerData.geometry, predictions);
  const options = { ...fromSource(layer, settings.upAxis), ...predictedClasses(predictions) };
  return { request: { format: 'ply', geometry: part.geometry, extraFields: predictionFields(part.geometry, part.predictions), options }, name: `${baseName(layer.fileName)}.labelled.ply` };
}

/** The shown layer as the clip leaves it, with every field its points carry, whether or not it was recognised, as PLY. */
export function fieldsPlyJob(): ExportJob | null {
  const s = useAppStore.getState();
  if (!s.layer || !s.layerData) return null;
  const mask = keptMaskOf(s);
  const geometry = mask ? keptGeometry(s.layerData.geometry, mask).geometry : s.layerData.geometry;
  return { request: { format: 'ply', geometry, extraFields: {}, options: fromSource(s.layer, s.settings.upAxis) }, name: `${baseName(s.layer.fileName)}.fields.ply` };
}

/** The label fields a LAS's classes may be taken from: the layer's fields of whole numbers (clusters, planes, a file's labels), and the segmentation's `pred`. */
export function lasClassSources(s: Pick<AppState, 'layerData' | 'segmentation'>): string[] {
  const fields = Object.entries(s.layerData?.geometry.fields ?? {}).filter(([, data]) => !(data instanceof Float32Array || data instanceof Float64Array)).map(([name]) => name);
  return [...fields, ...(s.segmentation?.status === 'done' ? ['pred'] : [])];
}

/**
 * The field a LAS's classes come from where the person chose none: the ground found, where the layer
 * holds it (as the command line's --las-classes ground writes it), else '' for the file's own
 * classification; the ground is what a survey's classes are wanted for once it is found.
 */
export function defaultLasClassFrom(s: Pick<AppState, 'layerData' | 'segmentation'>): string {
  return lasClassSources(s).includes(GROUND_FIELD) ? GROUND_FIELD : '';
}

/**
 * The shown layer as LAS, as "PLY with fields" saves it (the points kept, in the file's
 * coordinates), with the segmentation's pred and confidence where it was segmented; its classes
 * from `classFrom` where given ('' for the file's classification), else from defaultLasClassFrom,
 * which a note says; compressed as LAZ for `format` laz.
 */
export function lasJob(chosen: string | undefined, format: Exclude<ExportFormat, 'ply'>): ExportJob | null {
  const s = useAppStore.getState();
  if (!s.layer || !s.layerData) return null;
  const classFrom = chosen ?? defaultLasClassFrom(s);
  const notes =
    chosen === undefined && classFrom === GROUND_FIELD
      ? [`the classes are the ground found (2 ground, 1 not ground, 7 low noise, 0 not searched), taken by default where the layer holds ${GROUND_FIELD}: choose another under "LAS classes from"`]
      : [];
  const predictions = pointPredictions();
  const scene = predictions?.kind === 'scene' ? clipped(s.layerData.geometry, predictions) : undefined;
  const mask = keptMaskOf(s);
  const geometry = scene?.geometry ?? (mask ? keptGeometry(s.layerData.geometry, mask).geometry : s.layerData.geometry);
  const extraFields = scene ? predictionFields(scene.geometry, scene.predictions) : {};
  return { request: { format, geometry, extraFields, options: { ...fromSource(s.layer, s.settings.upAxis), ...(classFrom && { classFrom }) } }, name: `${baseName(s.layer.fileName)}.fields.${format}`, notes };
}

/** Whether the shown layer is placed elsewhere than its file puts it: moved, turned or scaled in its transform. */
export function isPlaced(s: Pick<AppData, 'layer' | 'layers'>): boolean {
  const entry = s.layers.find((e) => e.meta.id === s.layer?.id);
  return !!entry && !isIdentity(entry.transform);
}

/**
 * The shown layer where its transform places it, as the clip (and hidden stray points) leave it, with every field: the file
 * it would be, moved (a scan aligned to another, saved so, as CloudCompare saves a registered cloud).
 */
export function placedPlyJob(): ExportJob | null {
  const s = useAppStore.getState();
  const entry = s.layers.find((e) => e.meta.id === s.layer?.id);
  if (!s.layer || !s.layerData || !entry) return null;
  const mask = keptMaskOf(s);
  const geometry = mask ? keptGeometry(s.layerData.geometry, mask).geometry : s.layerData.geometry;
  // about the whole layer's box, as it is drawn, whatever the clip keeps
  const placed = movedGeometry(geometry, entry.transform, s.layer.bounds, s.settings.upAxis);
  return { request: { format: 'ply', geometry: placed, extraFields: {}, options: fromSource({ ...s.layer, lasGrid: undefined }, s.settings.upAxis) }, name: `${baseName(s.layer.fileName)}.placed.ply` };
}

/**
 * The segmentation as the clip, hidden stray points and the filter by value leave it: points per
 * class, the boxes whose centre the clip keeps and that still hold a kept point, and the scores over
 * the kept points alone, as the labelled PLY holds them.
 */
function clippedSegmentation(segmentation: SegmentationExport, geometry: Geometry, mask: Uint8Array): SegmentationExport {
  const overlay = useAppStore.getState().layerData?.overlays.find((o) => o.id === SEGMENTATION);
  if (!overlay) return segmentation;
  const part = keptGeometry(geometry, mask);
  const pred = Int32Array.from(part.kept, (i) => overlay.values[i]);
  const classes = segmentation.classes.map((k) => ({ ...k, count: 0 }));
  for (const c of pred) if (c >= 0) classes[c].count++;
  const region = clipRegionOf(useAppStore.getState());
  const boxes = segmentation.boxes.filter((b) => clipMask(Float32Array.from(b.center), region)[0] === 1
    && holdsKeptPoint(b, geometry.positions, mask));
  // the kept points are scored against the truth the whole scene was scored against
  const cloud = scoredCloud(part.geometry, segmentation.truth === 's3dis-segment');
  const names = classes.map((k) => k.name);
  const metrics = segmentation.metrics && sceneMetrics(cloud, pred, boxes, names, SCENE_INSTANCE_PARAMS.skip);
  return { ...segmentation, classes, boxes, metrics };
}

export function exportPredictionsJson(): void {
  const state = useAppStore.getState();
  const { layer, layerData, classification: c, segmentation: s } = state;
  if (!layer || !layerData) return;
  const mask = keptMaskOf(state);
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
      ...(c.nearest && { nearest: c.nearest }),
      ...(c.widestM !== undefined && { widestM: c.widestM }),
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
      ...(s.metrics && { truth: scoredCloud(layerData.geometry, state.settings.scoreSegmentAsS3dis).truth }),
    };
  }
  if (segmentation && mask) segmentation = clippedSegmentation(segmentation, layerData.geometry, mask);
  if (segmentation) segmentation = { ...segmentation, boxes: boxesInFile(segmentation.boxes, layer.origin) };
  const json = predictionsJson(layer.fileName, mask ? countKept(mask) : layer.points, { classification, segmentation });
  download(JSON.stringify(json, null, 2), 'application/json', `${baseName(layer.fileName)}.predictions.json`);
}
