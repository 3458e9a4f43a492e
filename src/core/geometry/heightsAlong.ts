// A height grid's heights (raster, contours, a volume's base) are signed along up: along -z a point
// at z = 300 is at -300, elevation being -z where z points down (north-east-down). Nothing on a grid
// or a contour shows it, so it is said in words wherever up is negative.
import { axisSign, type SignedAxis } from './signedAxis';

/** How heights read along a negative up, in one line; null along a positive one, where they are the file's own. */
export function heightsAlongNote(up: SignedAxis): string | null {
  if (axisSign(up) > 0) return null;
  const axis = up[1];
  return `heights are measured along up (−${axis}): a point at ${axis} = 300 is at −300`;
}
