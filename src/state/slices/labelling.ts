// The labelling feature's slice: correcting the shown layer's per-point classes and instances.
// The plain part says what is in hand; the arrays (the labels, the selection and the edits that
// undo and redo them) are kept beside the layer's, out of the plain data. The corrected classes
// are also the layer's "Corrected labels" overlay, whose values array is the same one.
import type { SceneMetrics } from '../../core/ml/sceneMetrics';
import type { EditStack, LabelSet } from '../../core/labelling/labelEdits';
import type { LabelSource } from '../../core/labelling/startLabels';

export type SelectTool = 'box' | 'lasso';

export interface LabellingState {
  /** the layer being labelled and where its labels started; null: not labelling */
  source: LabelSource | null;
  /** null: a left drag orbits; otherwise it draws a selection */
  tool: SelectTool | null;
  /** the tool L takes up again */
  lastTool: SelectTool;
  selected: number;
  /** the class "Set class" gives (index into the segmentation model's classes) */
  classIndex: number;
  /** the names of the edits undo and redo would take back or do again, null where none */
  undoName: string | null;
  redoName: string | null;
  instances: number;
  unlabelled: number;
  /** the segmentation panel scores the prediction against the corrected labels */
  useAsTruth: boolean;
  metrics: SceneMetrics | null;
}

export const INITIAL_LABELLING: LabellingState = {
  source: null,
  tool: null,
  lastTool: 'box',
  selected: 0,
  classIndex: 0,
  undoName: null,
  redoName: null,
  instances: 0,
  unlabelled: 0,
  useAsTruth: false,
  metrics: null,
};

/** The arrays of a labelling, for layer `layerId`. */
export interface LabellingData {
  layerId: string;
  labels: LabelSet;
  /** 1 for each selected point */
  selection: Uint8Array;
  stack: EditStack;
}
