// The labelling feature: corrects the shown layer's per-point classes and instances, starting from
// the model's prediction, the file's ground truth or nothing. A box or lasso drawn on screen
// selects the visible points (never those the clip cuts away or the legend hides); the selection
// takes a class, its instances merge or it becomes an instance of its own. Every edit is a compact
// diff on an undo stack. The classes show as the "Corrected labels" overlay, and are exported as
// ScanNet-style PLY and JSON; they can stand in for the truth the segmentation is scored against.
import { SCENE_INSTANCE_PARAMS, sceneClasses } from '../../core/ml/sceneClasses';
import type { LabelOverlay } from '../../core/color/colorModes';
import { countKept, keptGeometry } from '../../core/geometry/clip';
import { applySelection, pointsInShape, selectedIndices, type ScreenShape, type ScreenView, type SelectionMode } from '../../core/geometry/screenSelection';
import { correctedPly, labelsJson } from '../../core/labelling/exportLabels';
import { EMPTY_STACK, mergeEdit, perform, redo, setClassEdit, splitEdit, undo, type LabelEdit, type LabelSet } from '../../core/labelling/labelEdits';
import { countClasses, emptyLabels, labelsFromPrediction, labelsFromTruth, type LabelSource } from '../../core/labelling/startLabels';
import { findModel, type ModelEntry } from '../../core/ml/manifest';
import { metricsAgainst } from '../../core/ml/sceneMetrics';
import type { Geometry } from '../../core/types';
import { keptMaskOf } from '../../state/clipMask';
import { useAppStore, type AppState, type LayerMeta } from '../../state/store';
import type { LabellingData, LabellingState, SelectTool } from '../../state/slices/labelling';
import { baseName, download } from '../export/exportResults';
import { chooseTool } from '../measure/measure';
import { scoredCloud, SEGMENTATION } from '../segmentation/segmentation';
import { pickableMask, type MaskInputs } from '../../state/shownMask';
import { fromSource } from '../../core/io/writePly';

export const CORRECTED = 'corrected';
export const CORRECTED_INSTANCES = 'corrected-instances';

/** The classes labels are given in: a segmented scene's (the scene segmentation model's, and the ceiling). */
export function labelClasses(s: Pick<AppState, 'models'>): ModelEntry['classes'] | undefined {
  const entry = s.models.status === 'ready' ? findModel(s.models.entries, 'semantic-segmentation') : undefined;
  return entry && sceneClasses(entry);
}

/**
 * Which starts the shown layer offers: its prediction once segmented, its truth where the file has
 * labels (or a `segment` field the segmentation is scored against as S3DIS classes).
 */
export function sourcesOf(s: Pick<AppState, 'layer' | 'segmentation' | 'settings'>): Record<LabelSource, boolean> {
  const attributes = s.layer?.attributes ?? [];
  const truth = attributes.includes('label') || (s.settings.scoreSegmentAsS3dis && attributes.includes('segment'));
  return { prediction: s.segmentation?.status === 'done', truth, empty: s.layer !== null };
}

function predictionOverlay(s: Pick<AppState, 'layerData'>): LabelOverlay | undefined {
  return s.layerData?.overlays.find((o) => o.id === SEGMENTATION);
}

function countInstances(instances: Int32Array): number {
  const ids = new Set<number>();
  for (let i = 0; i < instances.length; i++) if (instances[i] > 0) ids.add(instances[i]);
  return ids.size;
}

function countUnlabelled(classes: Int32Array): number {
  let n = 0;
  for (let i = 0; i < classes.length; i++) if (classes[i] < 0) n++;
  return n;
}

/** The prediction's scores against the corrected labels, where the scene was segmented. */
function correctedMetrics(s: Pick<AppState, 'layerData' | 'models' | 'segmentation'>, labels: LabelSet): LabellingState['metrics'] {
  const pred = predictionOverlay(s);
  const classes = labelClasses(s);
  if (!pred || !classes || s.segmentation?.status !== 'done' || !s.layerData) return null;
  const truth = { positions: s.layerData.geometry.positions, classes: labels.classes, instances: labels.instances };
  return metricsAgainst(truth, Int32Array.from(pred.values), s.segmentation.boxes, classes.map((c) => c.name), SCENE_INSTANCE_PARAMS.skip);
}

/** What the panel shows of the labels after they changed. */
function summary(s: Pick<AppState, 'labelling' | 'layerData' | 'models' | 'segmentation'>, data: LabellingData): Partial<LabellingState> {
  const { done, undone } = data.stack;
  return {
    undoName: done.at(-1)?.name ?? null,
    redoName: undone.at(-1)?.name ?? null,
    instances: countInstances(data.labels.instances),
    unlabelled: countUnlabelled(data.labels.classes),
    metrics: s.labelling.useAsTruth ? correctedMetrics(s, data.labels) : null,
  };
}

/** Starts labelling the shown layer from `source`, replacing any labels and edits it had. */
export function startLabelling(source: LabelSource): void {
  const s = useAppStore.getState();
  const classes = labelClasses(s);
  if (!s.layer || !s.layerData || !classes) return;
  const n = s.layer.points;
  const { positions, fields } = s.layerData.geometry;
  const pred = predictionOverlay(s);
  let labels: LabelSet;
  try {
    if (source === 'prediction') {
      if (!pred || !sourcesOf(s).prediction) throw new Error('segment the scene first to start from its prediction');
      labels = labelsFromPrediction(positions, pred.values, classes.map((c) => c.name));
    } else labels = source === 'truth' ? labelsFromTruth(n, scoredCloud({ positions, fields }, s.settings.scoreSegmentAsS3dis).fields) : emptyLabels(n);
  } catch (error) {
    s.showError(`Cannot start labelling: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const overlay: LabelOverlay = { id: CORRECTED, label: 'Corrected labels', values: labels.classes, classes, counts: countClasses(labels.classes, new Float64Array(classes.length)) };
  s.setOverlay(s.layer.id, { id: CORRECTED_INSTANCES, label: 'Corrected instances', values: labels.instances, classes: [], idName: 'instance' });
  s.setOverlay(s.layer.id, overlay, true);
  const data: LabellingData = { layerId: s.layer.id, labels, selection: new Uint8Array(n), stack: EMPTY_STACK };
  s.updateLabelling({ ...summary(useAppStore.getState(), data), source, selected: 0 }, data);
}

/** Takes up a selection tool (starting the labels where none are, from the best start there is), or puts it down with null. */
export function chooseSelectTool(tool: SelectTool | null): void {
  if (tool && !useAppStore.getState().labellingData) {
    const offered = sourcesOf(useAppStore.getState());
    startLabelling(offered.prediction ? 'prediction' : offered.truth ? 'truth' : 'empty');
  }
  const { labelling, labellingData, updateLabelling, profile, updateProfile } = useAppStore.getState();
  if (tool && !labellingData) return;
  if (tool) chooseTool(null);
  if (tool && profile.drawing) updateProfile({ drawing: false, current: [] });
  updateLabelling({ tool, lastTool: tool ?? labelling.lastTool });
}

/** L and X: the lasso or the box, or down again where it is in hand. */
export function toggleSelectTool(tool: SelectTool): void {
  chooseSelectTool(useAppStore.getState().labelling.tool === tool ? null : tool);
}

/** The selection after a shape drawn on screen, in `mode`: the visible points whose projection falls inside it. */
export function selectInShape(shape: ScreenShape, mode: SelectionMode, view: ScreenView): void {
  const { labellingData: data, layerData, updateLabelling } = useAppStore.getState();
  if (!data || !layerData || data.layerId !== layerData.id) return;
  const pickable = pickableMask(useAppStore.getState(), layerData.id);
  // a hidden layer has no points to take
  if (pickable === null) return;
  const hits = pointsInShape(layerData.geometry.positions, view, shape, pickable);
  const selection = applySelection(data.selection, hits, mode);
  updateLabelling({ selected: countKept(selection) }, { ...data, selection });
}

export function clearSelection(): void {
  const { labellingData: data, updateLabelling } = useAppStore.getState();
  if (data) updateLabelling({ selected: 0 }, { ...data, selection: data.selection.fill(0) });
}

/** Writes an edit's change to the overlay and the panel's counts. */
function show(data: LabellingData, change: LabelEdit): void {
  const s = useAppStore.getState();
  const overlay = s.layerData?.overlays.find((o) => o.id === CORRECTED);
  if (change.field === 'classes' && overlay?.counts) countClasses(data.labels.classes, overlay.counts);
  s.touchOverlay(data.layerId, change.indices);
  s.updateLabelling(summary(useAppStore.getState(), data), data);
}

/**
 * The selected points still shown: a point selected, then hidden (a stray point, a class the legend
 * hides, what a clip made later cuts away), is not edited unseen; shown again, it is selected again.
 */
function shownSelection(data: LabellingData): Int32Array {
  const shown = pickableMask(useAppStore.getState(), data.layerId);
  if (shown === null) return new Int32Array(0);
  return selectedIndices(shown ? data.selection.map((v, i) => v & shown[i]) : data.selection);
}

/** How many selected points are hidden now (an edit leaves them as they are); 0 where every one is shown. */
export function hiddenSelectedOf(state: MaskInputs, data: LabellingData | null): number {
  if (!data) return 0;
  const shown = pickableMask(state, data.layerId);
  if (shown === undefined) return 0;
  let hidden = 0;
  for (let i = 0; i < data.selection.length; i++) if (data.selection[i] && !shown?.[i]) hidden++;
  return hidden;
}

function edit(make: (labels: LabelSet, selected: Int32Array) => LabelEdit | null): void {
  const data = useAppStore.getState().labellingData;
  if (!data) return;
  const change = make(data.labels, shownSelection(data));
  if (change) show({ ...data, stack: perform(data.labels, data.stack, change) }, change);
}

export function chooseClass(classIndex: number): void {
  useAppStore.getState().updateLabelling({ classIndex });
}

/** Enter: the selection takes the chosen class (or, with -1, none). */
export function setSelectionClass(classIndex = useAppStore.getState().labelling.classIndex): void {
  const name = classIndex < 0 ? 'unlabelled' : (labelClasses(useAppStore.getState())?.[classIndex]?.name ?? String(classIndex));
  edit((labels, selected) => setClassEdit(labels, selected, classIndex, name));
}

export function mergeSelection(): void {
  edit(mergeEdit);
}

export function splitSelection(): void {
  edit(splitEdit);
}

function step(direction: 'undo' | 'redo'): void {
  const data = useAppStore.getState().labellingData;
  if (!data) return;
  const { stack, edit: change } = (direction === 'undo' ? undo : redo)(data.labels, data.stack);
  if (change) show({ ...data, stack }, change);
}

export function undoLabelEdit(): void {
  step('undo');
}

export function redoLabelEdit(): void {
  step('redo');
}

/** Escape: drops the selection, or, with none, puts the tool down; false where no tool is in hand. */
export function cancelSelecting(): boolean {
  const { labelling } = useAppStore.getState();
  if (!labelling.tool) return false;
  if (labelling.selected) clearSelection();
  else chooseSelectTool(null);
  return true;
}

/** The segmentation panel scores the prediction against the corrected labels (or the file's truth again). */
export function scoreAgainstCorrected(on: boolean): void {
  const s = useAppStore.getState();
  s.updateLabelling({ useAsTruth: on, metrics: on && s.labellingData ? correctedMetrics(s, s.labellingData.labels) : null });
}

/** The layer and its labels as the clip leaves them: the kept points (a mesh's kept triangles). */
function keptLabels(): { geometry: Geometry; labels: LabelSet; fileName: string; file: LayerMeta } | undefined {
  const s = useAppStore.getState();
  const data = s.labellingData;
  if (!s.layer || !s.layerData || !data) return undefined;
  const mask = keptMaskOf(s);
  if (!mask) return { geometry: s.layerData.geometry, labels: data.labels, fileName: s.layer.fileName, file: s.layer };
  const part = keptGeometry(s.layerData.geometry, mask);
  const pick = (values: Int32Array) => Int32Array.from(part.kept, (i) => values[i]);
  return { geometry: part.geometry, labels: { classes: pick(data.labels.classes), instances: pick(data.labels.instances) }, fileName: s.layer.fileName, file: s.layer };
}

export function exportCorrectedPly(): void {
  const kept = keptLabels();
  if (kept) download(correctedPly(kept.geometry, kept.labels, fromSource(kept.file, useAppStore.getState().settings.upAxis)) as BlobPart, 'application/octet-stream', `${baseName(kept.fileName)}.corrected.ply`);
}

export function exportLabelsJson(): void {
  const kept = keptLabels();
  const classes = labelClasses(useAppStore.getState());
  if (!kept || !classes) return;
  const json = labelsJson(kept.fileName, kept.geometry.positions, kept.labels, classes.map((c) => c.name), kept.file.origin);
  download(JSON.stringify(json), 'application/json', `${baseName(kept.fileName)}.labels.json`);
}
