// The scene model works z-up (ScanNet's frame). A scan whose up is another direction is turned
// into that frame for the network, and the boxes found there are turned back, so that they sit on
// the scan as shown. An up axis given as 'y' / 'z' means its + end.
import type { Box3, UpAxis } from '../types';
import { applyTurn, asSignedAxis, turnMatrix, type SignedAxis } from '../geometry/signedAxis';

/** A copy of `positions` in the model's up frame (the same array when the frames agree). */
export function positionsInModelFrame(positions: Float32Array, fileUp: UpAxis | SignedAxis, modelUp: UpAxis | SignedAxis): Float32Array {
  const from = asSignedAxis(fileUp), to = asSignedAxis(modelUp);
  if (from === to) return positions;
  const copy = positions.slice();
  applyTurn(copy, turnMatrix(from, to));
  return copy;
}

type Turn = NonNullable<Box3['turn']>;

/** A turn about a model axis as the same turn about the file axis it lands on, right-handed about that axis's + end. */
export function turnInFileFrame(turn: Turn, modelUp: UpAxis | SignedAxis, fileUp: UpAxis | SignedAxis): Turn {
  const from = asSignedAxis(modelUp), to = asSignedAxis(fileUp);
  if (from === to) return turn;
  const m = turnMatrix(from, to);
  // the turn's axis is carried like any direction; the sign goes with the end it lands on
  const image = [0, 1, 2].map((r) => m[3 * r + turn.axis]);
  const axis = image.findIndex((v) => v !== 0) as Turn['axis'];
  return { axis, radians: turn.radians * image[axis] };
}

/** A box found in the model's frame, in the file's frame: a turn between axes keeps it axis-aligned, and a box turned about the model's up is turned about the file's. */
export function boxInFileFrame<B extends Box3>(box: B, modelUp: UpAxis | SignedAxis, fileUp: UpAxis | SignedAxis): B {
  const from = asSignedAxis(modelUp), to = asSignedAxis(fileUp);
  if (from === to) return box;
  const m = turnMatrix(from, to);
  const center = Float32Array.from(box.center);
  applyTurn(center, m);
  const size = [0, 1, 2].map((r) => [0, 1, 2].reduce((s, c) => s + Math.abs(m[3 * r + c]) * box.size[c], 0));
  return {
    ...box,
    center: [center[0], center[1], center[2]],
    size: [size[0], size[1], size[2]],
    ...(box.turn && { turn: turnInFileFrame(box.turn, modelUp, fileUp) }),
  };
}
