// Where a correction starts: the model's predicted classes (with instances from the same
// clustering that draws its boxes), the file's own ground truth, or nothing at all.
import { instanceIds } from '../geometry/instances';
import { SCENE_INSTANCE_PARAMS } from '../ml/sceneClasses';
import { sceneClassesFromNyu40 } from '../ml/scannetLabels';
import type { ScalarArray } from '../types';
import type { LabelSet } from './labelEdits';

export type LabelSource = 'prediction' | 'truth' | 'empty';

export function emptyLabels(n: number): LabelSet {
  return { classes: new Int32Array(n).fill(-1), instances: new Int32Array(n) };
}

/** The predicted classes (-1 where not predicted) and the instances the box clustering finds in them. */
export function labelsFromPrediction(positions: Float32Array, pred: ArrayLike<number>, classNames: string[]): LabelSet {
  const n = positions.length / 3;
  if (pred.length !== n) throw new Error(`${pred.length} predicted classes for ${n} points`);
  const classes = Int32Array.from(pred);
  return { classes, instances: instanceIds(positions, classes, classNames, SCENE_INSTANCE_PARAMS) };
}

/** The file's NYU40 `label` ids as the scene's classes, the ceiling among them (others unlabelled), and its `instance` ids (0 where it has none). */
export function labelsFromTruth(n: number, fields: Record<string, ScalarArray>): LabelSet {
  const { label, instance } = fields;
  if (!label) throw new Error('this file has no ground-truth labels (a "label" field)');
  if (label.length !== n || (instance && instance.length !== n)) throw new Error(`the file's labels do not have one value for each of its ${n} points`);
  const instances = new Int32Array(n);
  if (instance) for (let i = 0; i < n; i++) instances[i] = instance[i] > 0 ? instance[i] : 0;
  return { classes: sceneClassesFromNyu40(label), instances };
}

/** Points per class index into `counts` (rewritten in place); unlabelled points are not counted. */
export function countClasses(classes: Int32Array, counts: Float64Array): Float64Array {
  counts.fill(0);
  for (let i = 0; i < classes.length; i++) if (classes[i] >= 0 && classes[i] < counts.length) counts[classes[i]]++;
  return counts;
}
