// The scene model works z-up (ScanNet's frame). A scan viewed y-up is turned into that frame for
// the network, and the boxes found there are turned back, so that they sit on the scan as shown.
import type { LabelledBox, UpAxis } from '../types';
import { changeUpAxis } from './preprocessObject';

/** A copy of `positions` in the model's up frame (the same array when the frames agree). */
export function positionsInModelFrame(positions: Float32Array, fileUp: UpAxis, modelUp: UpAxis): Float32Array {
  if (fileUp === modelUp) return positions;
  const copy = positions.slice();
  changeUpAxis(copy, fileUp, modelUp);
  return copy;
}

/** An axis-aligned box found in the model's frame, in the file's frame: a quarter turn keeps it axis-aligned. */
export function boxInFileFrame<B extends LabelledBox>(box: B, modelUp: UpAxis, fileUp: UpAxis): B {
  if (fileUp === modelUp) return box;
  const center = Float32Array.from(box.center);
  changeUpAxis(center, modelUp, fileUp);
  const [sx, sy, sz] = box.size;
  return { ...box, center: [center[0], center[1], center[2]], size: [sx, sz, sy] };
}
