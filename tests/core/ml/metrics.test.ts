import { describe, expect, it } from 'vitest';
import { boxAP, confusionMatrix, segmentationScores, type TruthBox } from '../../../src/core/ml/metrics';
import { boxIoU } from '../../../src/core/geometry/boxOverlap';
import { findInstances } from '../../../src/core/geometry/instances';
import { scannet20FromNyu40 } from '../../../src/core/ml/scannetLabels';
import type { LabelledBox } from '../../../src/core/types';
import { loadScene } from '../../fixtures/seg/scene';

const box = (c: number[], s: number[], classIndex = 0, score = 1): LabelledBox => ({
  center: c as [number, number, number],
  size: s as [number, number, number],
  label: String(classIndex),
  classIndex,
  score,
  points: 1,
});

describe('segmentation scores', () => {
  it('by hand', () => {
    // truth 0 0 0 1 1 2 (-1 ignored); pred 0 1 3 1 1 0
    const cm = confusionMatrix([0, 0, 0, 1, 1, 2, -1], [0, 1, 3, 1, 1, 0, 2], 4);
    const s = segmentationScores(cm, 4);
    expect(s.oa).toBeCloseTo(3 / 6, 12);
    expect(s.iou[0]).toBeCloseTo(1 / 4, 12); // tp 1, fn 2, fp 1
    expect(s.iou[1]).toBeCloseTo(2 / 3, 12); // tp 2, fp 1
    expect(s.iou[2]).toBe(0);
    expect(Number.isNaN(s.iou[3])).toBe(true); // predicted, but not in the truth
    expect(s.miou).toBeCloseTo((1 / 4 + 2 / 3 + 0) / 3, 12);
  });

  it('matches Python on a real scan', () => {
    const { nyu40, meta } = loadScene();
    const truth = scannet20FromNyu40(nyu40);
    const other = truth.map((t, i) => (t < 0 ? 0 : i % 7 === 0 ? (t + 1) % 20 : t));
    const s = segmentationScores(confusionMatrix(truth, other, 20), 20);
    const py = meta.shifted_every_7th;
    expect(s.oa).toBeCloseTo(py.oa, 12);
    expect(s.miou).toBeCloseTo(py.miou, 12);
    s.iou.forEach((v, c) => (py.iou[c] === null ? expect(Number.isNaN(v)).toBe(true) : expect(v).toBeCloseTo(py.iou[c]!, 12)));
  });
});

describe('box AP', () => {
  it('box IoU by hand', () => {
    expect(boxIoU(box([0, 0, 0], [2, 2, 2]), box([1, 0, 0], [2, 2, 2]))).toBeCloseTo(4 / 12, 12);
    expect(boxIoU(box([0, 0, 0], [1, 1, 1]), box([5, 0, 0], [1, 1, 1]))).toBe(0);
  });

  it('by hand: a duplicate and a miss', () => {
    const truth: TruthBox[] = [
      { center: [0, 0, 0], size: [1, 1, 1], classIndex: 0 },
      { center: [3, 0, 0], size: [1, 1, 1], classIndex: 0 },
    ];
    // ranked: hit (0.9), duplicate of the same truth (0.8), hit (0.7); precision 1, 1/2, 2/3; recall 1/2, 1/2, 1
    const pred = [box([0, 0, 0], [1, 1, 1], 0, 0.9), box([0.05, 0, 0], [1, 1, 1], 0, 0.8), box([3, 0, 0], [1, 1, 1], 0, 0.7)];
    const r = boxAP([{ pred, truth }], 2);
    expect(r.ap[0]).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
    expect(Number.isNaN(r.ap[1])).toBe(true);
    expect(r.map).toBeCloseTo(r.ap[0], 12);
  });

  it('matches Python for the boxes of the true labels of a real scan', () => {
    const { cloud, nyu40, meta } = loadScene();
    const truth = scannet20FromNyu40(nyu40);
    const names = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'wall' : i === 1 ? 'floor' : `c${i}`));
    const pred = findInstances(cloud.positions, truth, new Float32Array(truth.length).fill(1), names);
    const r = boxAP([{ pred, truth: meta.truth_boxes }], 20);
    expect(r.map).toBeCloseTo(meta.instances_of_truth.map25, 12);
    r.ap.forEach((v, c) => {
      const py = meta.instances_of_truth.ap25[c];
      if (py === null) expect(Number.isNaN(v)).toBe(true);
      else expect(v).toBeCloseTo(py, 12);
    });
  });
});
