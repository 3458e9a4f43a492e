import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_PARAMS } from '../../../src/core/geometry/instances';
import { suppressDuplicates } from '../../../src/core/geometry/boxSuppression';
import type { LabelledBox } from '../../../src/core/types';
import { loadScene } from '../../fixtures/seg/scene';

const box = (label: string, score: number, center: [number, number, number], size: [number, number, number]): LabelledBox => ({
  label,
  classIndex: 0,
  score,
  center,
  size,
  points: 100,
});

describe('suppressDuplicates', () => {
  it('keeps the boxes the Python port keeps on a real scan whose boxes overlap across classes', () => {
    const { meta } = loadScene();
    const { boxes, kept, suppress } = meta.suppression_of_shifted;
    expect(suppress).toEqual(DEFAULT_INSTANCE_PARAMS.suppress);
    expect(kept.length).toBeLessThan(boxes.length);
    const survivors = suppressDuplicates(boxes, suppress);
    expect(survivors.map((b) => boxes.indexOf(b))).toEqual(kept);
  });

  it('drops the less sure of two boxes over one object, whatever their classes', () => {
    const sofa = box('sofa', 0.6, [0, 0, 0.4], [2, 1, 0.8]);
    const chair = box('chair', 0.5, [0.05, 0, 0.4], [1.9, 1, 0.8]);
    expect(suppressDuplicates([chair, sofa], { iou: 0.5, containment: 0.8 })).toEqual([sofa]);
  });

  it('drops a fragment that lies inside a surer box though their IoU is small', () => {
    const table = box('table', 0.7, [0, 0, 0.4], [2, 2, 0.8]);
    const leg = box('table', 0.4, [0.9, 0.9, 0.2], [0.1, 0.1, 0.4]);
    const apart = box('chair', 0.3, [3, 0, 0.4], [0.5, 0.5, 0.8]);
    expect(suppressDuplicates([leg, table, apart], { iou: 0.5, containment: 0.8 })).toEqual([table, apart]);
    expect(suppressDuplicates([leg, table, apart], { iou: 0.5, containment: 1.01 })).toEqual([leg, table, apart]);
  });
});
