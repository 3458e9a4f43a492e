// Which way an object faces, where a file says nothing of it. Object datasets keep one convention
// per up axis: ShapeNetCore v2 and ModelNet40's resampled clouds (+y up) have their chairs' and
// toilets' backs towards +z, so they face -z; ModelNet's own OFF meshes (+z up) are the same shapes
// turned (x, y, z) -> (x, z, y) (matched point for point on its bathtubs), so they face -y.
import { axisIndex, axisSign, signedAxis, type SignedAxis } from './signedAxis';

/** The direction an object in a file with this up direction usually faces. */
export function usualFront(up: SignedAxis): SignedAxis {
  const u = axisIndex(up);
  // +y up faces -z, +z up faces -y; an upside-down file faces the other way; x up takes z's rule
  const front = u === 1 ? 2 : 1;
  return signedAxis(front, (-axisSign(up)) as 1 | -1);
}
