// Where a point of a layer is once the layer is placed by its transform: what the layer is drawn
// with, so that the inspector can say where a point sits now and measurements between points of
// several layers (each moved, turned or scaled on its own) give what is seen on screen.
import type { Bounds } from '../geometry/bounds';
import type { SignedAxis } from '../geometry/signedAxis';
import { offsetFrom, pointInFile, type Origin } from '../io/shift';
import { applyMatrix, boundsCenter, sceneMatrix, transformMatrix, type LayerTransform, type Matrix4Elements } from './transform';

export type Point3 = readonly [number, number, number];

/** What places a layer: its transform, the box it turns and scales about, the up axis it stands on and its origin. */
export interface Placement {
  transform: LayerTransform;
  bounds: Bounds;
  up: SignedAxis;
  origin?: Origin;
}

/**
 * Point `p` of the layer's kept positions (relative to its origin) where its transform puts it, in
 * the file's own axes and coordinates (the origin added back): the inspector's "as placed".
 */
export function placedInFile(p: Point3, placement: Placement): number[] {
  const { transform, bounds, up, origin } = placement;
  return pointInFile(applyMatrix(transformMatrix(transform, boundsCenter(bounds), up), p), origin);
}

/**
 * Point `p` of the layer's kept positions in the scene's frame, as the layer is drawn: +y up,
 * relative to the view's origin `reference`. Measurements between layers are taken here, so that
 * each layer's up axis, origin and transform count as they do on screen.
 */
export function placedInScene(p: Point3, placement: Placement, reference: Origin | undefined): [number, number, number] {
  return applyMatrix(placementMatrix(placement, reference), p);
}

/** The matrix the layer is drawn with: its kept positions to the scene's frame, about the view's origin `reference` (in that frame: io/shift's sceneOrigin). */
export function placementMatrix(placement: Placement, reference: Origin | undefined): Matrix4Elements {
  const { transform, bounds, up, origin } = placement;
  return sceneMatrix(transform, bounds, up, offsetFrom(origin, up, reference));
}
