// The eight corners of a box, turned about its centre where it is turned: what is drawn, and what
// a box means wherever it is carried between frames.
import type { Box3 } from '../types';

/** Corner k has the + end of x where bit 0 of k is set, of y for bit 1, of z for bit 2, before the turn; 24 numbers. */
export function boxCorners(box: Box3): Float64Array {
  const out = new Float64Array(24);
  // the two axes across the turn's, in right-handed order, and the turn's cosine and sine
  const [u, v] = box.turn ? [(box.turn.axis + 1) % 3, (box.turn.axis + 2) % 3] : [0, 1];
  const [cos, sin] = box.turn ? [Math.cos(box.turn.radians), Math.sin(box.turn.radians)] : [1, 0];
  const offset = [0, 0, 0];
  for (let k = 0; k < 8; k++) {
    for (let axis = 0; axis < 3; axis++) offset[axis] = ((k >> axis) & 1 ? 0.5 : -0.5) * box.size[axis];
    const [ou, ov] = [offset[u], offset[v]];
    offset[u] = cos * ou - sin * ov;
    offset[v] = sin * ou + cos * ov;
    for (let axis = 0; axis < 3; axis++) out[3 * k + axis] = box.center[axis] + offset[axis];
  }
  return out;
}
