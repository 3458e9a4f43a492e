// Duplicate boxes from one object: a chair whose seat and back came out as two components, or a
// sofa whose points were split between sofa and chair. Greedy non-maximum suppression over all
// classes, surest first, drops a box that overlaps a kept one too much, either by IoU or by how
// much of the smaller box lies inside the kept one (a fragment inside an object has a small IoU).
import type { LabelledBox } from '../types';
import { boxIoU, boxVolume, intersectionVolume } from './boxOverlap';

export interface SuppressionParams {
  /** a box whose IoU with a surer kept box reaches this is dropped */
  iou: number;
  /** a box with at least this fraction of its volume inside a surer kept box is dropped */
  containment: number;
}

/** The boxes that survive, in their original order. */
export function suppressDuplicates(boxes: LabelledBox[], params: SuppressionParams): LabelledBox[] {
  const order = boxes.map((_, i) => i).sort((a, b) => boxes[b].score - boxes[a].score || a - b);
  const kept: number[] = [];
  for (const i of order) {
    const box = boxes[i];
    const own = boxVolume(box);
    const duplicate = kept.some((k) => {
      const other = boxes[k];
      if (boxIoU(box, other) >= params.iou) return true;
      return own > 0 && intersectionVolume(box, other) / own >= params.containment;
    });
    if (!duplicate) kept.push(i);
  }
  kept.sort((a, b) => a - b);
  return kept.map((i) => boxes[i]);
}
