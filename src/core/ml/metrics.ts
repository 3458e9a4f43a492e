// Scene metrics as ScanNet's benchmark and VoteNet report them. training/pointlens_train/seg_metrics.py
// computes the same; the figures in models/manifest.json come from there.
import { boxIoU } from '../geometry/boxOverlap';
import type { Box3, LabelledBox } from '../types';

/** classes x classes counts, row = truth, column = prediction; truth outside 0..classes-1 is ignored. */
export function confusionMatrix(truth: ArrayLike<number>, pred: ArrayLike<number>, classes: number): Float64Array {
  const cm = new Float64Array(classes * classes);
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    if (t >= 0 && t < classes) cm[t * classes + pred[i]]++;
  }
  return cm;
}

export interface SegmentationScores {
  /** overall accuracy over the points with a truth */
  oa: number;
  /**
   * per class: tp / (tp + fp + fn), NaN where the truth has no point of the class: a few rooms lack
   * many classes, and one that is not there has no IoU (its false positives still lower the others')
   */
  iou: number[];
  /** mean over the classes present in the truth */
  miou: number;
}

export function segmentationScores(cm: Float64Array, classes: number): SegmentationScores {
  let total = 0;
  let correct = 0;
  const iou: number[] = [];
  for (let c = 0; c < classes; c++) {
    let row = 0;
    let col = 0;
    for (let k = 0; k < classes; k++) {
      row += cm[c * classes + k];
      col += cm[k * classes + c];
    }
    const tp = cm[c * classes + c];
    total += row;
    correct += tp;
    const union = row + col - tp;
    iou.push(row > 0 ? tp / union : NaN);
  }
  const defined = iou.filter((v) => !Number.isNaN(v));
  return {
    oa: total > 0 ? correct / total : NaN,
    iou,
    miou: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN,
  };
}

export interface TruthBox extends Box3 {
  classIndex: number;
}

export interface BoxAP {
  /** per class AP, NaN where the truth has no box of the class */
  ap: number[];
  /** mean over the classes with truth boxes */
  map: number;
}

/**
 * Average precision at a box IoU threshold, pooled over scenes, VoteNet's `eval_det`: per class,
 * predictions by descending score, each matched to the best-overlapping unmatched truth box of its
 * scene; AP is the area under the precision envelope (VOC 2010+, all points).
 */
export function boxAP(scenes: Array<{ pred: LabelledBox[]; truth: TruthBox[] }>, classes: number, threshold = 0.25): BoxAP {
  const ap: number[] = [];
  for (let c = 0; c < classes; c++) {
    const truth = scenes.map((s) => s.truth.filter((t) => t.classIndex === c));
    const positives = truth.reduce((n, t) => n + t.length, 0);
    if (positives === 0) {
      ap.push(NaN);
      continue;
    }
    const dets = scenes
      .flatMap((s, scene) => s.pred.filter((p) => p.classIndex === c).map((box) => ({ box, scene })))
      .sort((a, b) => b.box.score - a.box.score);
    const used = truth.map((t) => new Uint8Array(t.length));
    const tp: number[] = [];
    for (const { box, scene } of dets) {
      let best = -1;
      let bestIoU = -Infinity;
      truth[scene].forEach((t, k) => {
        const o = boxIoU(box, t);
        if (o > bestIoU) {
          bestIoU = o;
          best = k;
        }
      });
      const hit = best >= 0 && bestIoU >= threshold && !used[scene][best];
      if (hit) used[scene][best] = 1;
      tp.push(hit ? 1 : 0);
    }
    ap.push(areaUnderEnvelope(tp, positives));
  }
  const defined = ap.filter((v) => !Number.isNaN(v));
  return { ap, map: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN };
}

function areaUnderEnvelope(tp: number[], positives: number): number {
  const rec = [0];
  const prec = [0];
  let hits = 0;
  tp.forEach((t, i) => {
    hits += t;
    rec.push(hits / positives);
    prec.push(hits / (i + 1));
  });
  rec.push(1);
  prec.push(0);
  for (let i = prec.length - 2; i >= 0; i--) prec[i] = Math.max(prec[i], prec[i + 1]);
  let area = 0;
  for (let i = 1; i < rec.length; i++) area += (rec[i] - rec[i - 1]) * prec[i];
  return area;
}
