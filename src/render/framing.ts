// Camera framing from a layer's bounds. The content group turns the file's up direction onto
// three's +Y, so framing works on bounds in world space.
import { Matrix4 } from 'three/webgpu';
import { turnMatrix, type SignedAxis } from '../core/geometry/signedAxis';
import { usualFront } from '../core/geometry/usualFront';
import type { Bounds } from '../state/store';

export interface Frame {
  /** world-space centre of the bounds */
  center: [number, number, number];
  radius: number;
  /** camera distance that fits the bounding sphere in the narrower of the two fields of view */
  distance: number;
  /** unit vector from the centre to the camera: a three-quarter view of the object's usual front */
  direction: [number, number, number];
  /** world-space height of the bounds' floor */
  floor: number;
  /** largest horizontal extent, for the grid */
  extent: number;
}

/** The turn of a layer's coordinates into the world: its up direction onto +Y (for +z: (x, y, z) -> (x, z, -y)). */
export function layerToWorld(upAxis: SignedAxis): Matrix4 {
  const m = turnMatrix(upAxis, '+y');
  return new Matrix4().set(m[0], m[1], m[2], 0, m[3], m[4], m[5], 0, m[6], m[7], m[8], 0, 0, 0, 0, 1);
}

/** Layer coordinates to world. */
export function toWorld(p: readonly [number, number, number], upAxis: SignedAxis): [number, number, number] {
  const m = turnMatrix(upAxis, '+y');
  return [0, 1, 2].map((r) => m[3 * r] * p[0] + m[3 * r + 1] * p[1] + m[3 * r + 2] * p[2]) as [number, number, number];
}

export type ViewFrom = 'front' | 'top';

/**
 * World direction from the centre to the camera: from the front, a three-quarter view of an
 * object's usual front, a little from above and from its side; from the top, straight down with
 * the front at the bottom of the view.
 */
export function viewDirection(upAxis: SignedAxis, from: ViewFrom = 'front'): [number, number, number] {
  const f = [0, 0, 0];
  const front = usualFront(upAxis);
  f['xyz'.indexOf(front[1])] = front[0] === '+' ? 1 : -1;
  const [fx, , fz] = toWorld(f as [number, number, number], upAxis);
  // side = front x up (world up is +Y): the object's right-hand side as seen from its front;
  // from the top, a hair towards the front keeps "up" on screen defined
  const d = from === 'top' ? [0.01 * fx, 1, 0.01 * fz] : [0.7 * fx - 0.55 * fz, 0.45, 0.7 * fz + 0.55 * fx];
  const n = Math.hypot(d[0], d[1], d[2]);
  return [d[0] / n, d[1] / n, d[2] / n];
}

/** The frame of `bounds` for a `fovDegrees` (vertical) camera on a canvas `aspect` (width / height) wide. */
export function frameBounds(bounds: Bounds, upAxis: SignedAxis, fovDegrees: number, aspect = 1): Frame {
  const a = toWorld(bounds.min, upAxis);
  const b = toWorld(bounds.max, upAxis);
  const min = [0, 1, 2].map((k) => Math.min(a[k], b[k]));
  const max = [0, 1, 2].map((k) => Math.max(a[k], b[k]));
  const center: [number, number, number] = [0, 1, 2].map((k) => (min[k] + max[k]) / 2) as [number, number, number];
  const radius = Math.max(1e-6, Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2);
  const halfV = ((fovDegrees / 2) * Math.PI) / 180;
  // a canvas narrower than tall (beside the gallery drawer) fits the sphere in its horizontal view
  const half = Math.min(halfV, Math.atan(Math.tan(halfV) * aspect));
  // a margin around the sphere, so that nothing touches the edges of the view
  const distance = (radius / Math.sin(half)) * 1.1;
  return { center, radius, distance, direction: viewDirection(upAxis), floor: min[1], extent: Math.max(max[0] - min[0], max[2] - min[2]) };
}
