// Overlap of axis-aligned boxes: the box AP of the metrics and the duplicate suppression of the
// instance finder measure it the same way, in the frame the boxes were found in, before any is
// turned to sit square to a room's walls.
import type { Box3 } from '../types';

export function boxVolume(box: Box3): number {
  return box.size[0] * box.size[1] * box.size[2];
}

export function intersectionVolume(a: Box3, b: Box3): number {
  if (a.turn || b.turn) throw new Error('the overlap of turned boxes is measured in the frame they were found in');
  let inter = 1;
  for (let d = 0; d < 3; d++) {
    const lo = Math.max(a.center[d] - a.size[d] / 2, b.center[d] - b.size[d] / 2);
    const hi = Math.min(a.center[d] + a.size[d] / 2, b.center[d] + b.size[d] / 2);
    inter *= Math.max(0, hi - lo);
  }
  return inter;
}

export function boxIoU(a: Box3, b: Box3): number {
  const inter = intersectionVolume(a, b);
  const union = boxVolume(a) + boxVolume(b) - inter;
  return union > 0 ? inter / union : 0;
}
