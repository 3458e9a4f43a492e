// How right a scene segmentation is, where the file carries ScanNet-style ground truth: a `label`
// field of NYU40 ids per point (ScanNet's PLY and NPY files) and, for boxes, an `instance` field.
// The app's panel and `pointlens segment` both report these.
import type { LabelledBox, PointCloud, ScalarArray } from '../types';
import { boxAP, confusionMatrix, segmentationScores, type TruthBox } from './metrics';
import { IGNORED, scannet20FromNyu40 } from './scannetLabels';

export interface SceneMetrics {
  oa: number;
  miou: number;
  /** per class name; classes absent from the truth are left out (their IoU is undefined) */
  per_class_iou: Record<string, number>;
  /** box AP at IoU 0.25 and 0.5, only where the file has instance ids */
  ap25?: number;
  ap50?: number;
  /** points with a truth label among the model's classes */
  labelled: number;
}

/** The truth as class indices of the model (ScanNet-20), or undefined when the file has no labels. */
export function truthClasses(cloud: PointCloud): Int32Array | undefined {
  const label = cloud.fields.label;
  return label ? scannet20FromNyu40(label) : undefined;
}

/**
 * One axis-aligned box per annotated instance (VoteNet's boxes are made the same way: min/max of
 * the instance's points), with the class most of its points carry; instances of skipped classes
 * (walls, floor) and of no evaluated class are left out.
 */
export function truthBoxes(positions: Float32Array, truth: Int32Array, instances: ScalarArray, classNames: string[], skip: string[]): TruthBox[] {
  const byInstance = new Map<number, { min: number[]; max: number[]; votes: Map<number, number> }>();
  for (let i = 0; i < truth.length; i++) {
    const id = instances[i];
    if (id <= 0 || truth[i] === IGNORED) continue;
    let inst = byInstance.get(id);
    if (!inst) {
      inst = { min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity], votes: new Map() };
      byInstance.set(id, inst);
    }
    for (let d = 0; d < 3; d++) {
      const v = positions[3 * i + d];
      if (v < inst.min[d]) inst.min[d] = v;
      if (v > inst.max[d]) inst.max[d] = v;
    }
    inst.votes.set(truth[i], (inst.votes.get(truth[i]) ?? 0) + 1);
  }
  const boxes: TruthBox[] = [];
  for (const inst of byInstance.values()) {
    const classIndex = [...inst.votes.entries()].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    if (skip.includes(classNames[classIndex])) continue;
    boxes.push({
      classIndex,
      center: [0, 1, 2].map((d) => (inst.min[d] + inst.max[d]) / 2) as [number, number, number],
      size: [0, 1, 2].map((d) => inst.max[d] - inst.min[d]) as [number, number, number],
    });
  }
  return boxes;
}

export function sceneMetrics(
  cloud: PointCloud,
  pred: Int32Array,
  boxes: LabelledBox[],
  classNames: string[],
  skipBoxes: string[],
): SceneMetrics | undefined {
  const truth = truthClasses(cloud);
  if (!truth) return undefined;
  return metricsAgainst({ positions: cloud.positions, classes: truth, instances: cloud.fields.instance }, pred, boxes, classNames, skipBoxes);
}

/**
 * The scores of a prediction against any truth in the model's classes (-1 ignored): the file's,
 * or labels a person corrected; box AP only where the truth has instance ids.
 */
export function metricsAgainst(
  truth: { positions: Float32Array; classes: Int32Array; instances?: ScalarArray },
  pred: Int32Array,
  boxes: LabelledBox[],
  classNames: string[],
  skipBoxes: string[],
): SceneMetrics {
  const C = classNames.length;
  const scores = segmentationScores(confusionMatrix(truth.classes, pred, C), C);
  const per_class_iou: Record<string, number> = {};
  scores.iou.forEach((v, c) => {
    if (!Number.isNaN(v)) per_class_iou[classNames[c]] = v;
  });
  const labelled = truth.classes.reduce((n, t) => n + (t === IGNORED ? 0 : 1), 0);
  const metrics: SceneMetrics = { oa: scores.oa, miou: scores.miou, per_class_iou, labelled };
  if (truth.instances) {
    const truthSet = truthBoxes(truth.positions, truth.classes, truth.instances, classNames, skipBoxes);
    metrics.ap25 = boxAP([{ pred: boxes, truth: truthSet }], C, 0.25).map;
    metrics.ap50 = boxAP([{ pred: boxes, truth: truthSet }], C, 0.5).map;
  }
  return metrics;
}
