// Camera framing from a layer's bounds. The content group turns the file's up direction onto
// three's +Y, so framing works on bounds in world space.
import { Matrix4 } from 'three/webgpu';
import { turnMatrix, type SignedAxis } from '../core/geometry/signedAxis';
import type { Bounds } from '../state/store';

export interface Frame {
  /** world-space centre of the bounds */
  center: [number, number, number];
  radius: number;
  /** camera distance that fits the bounding sphere in the vertical field of view */
  distance: number;
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

export function frameBounds(bounds: Bounds, upAxis: SignedAxis, fovDegrees: number): Frame {
  const a = toWorld(bounds.min, upAxis);
  const b = toWorld(bounds.max, upAxis);
  const min = [0, 1, 2].map((k) => Math.min(a[k], b[k]));
  const max = [0, 1, 2].map((k) => Math.max(a[k], b[k]));
  const center: [number, number, number] = [0, 1, 2].map((k) => (min[k] + max[k]) / 2) as [number, number, number];
  const radius = Math.max(1e-6, Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2);
  // a margin around the sphere, so that nothing touches the edges of the view
  const distance = (radius / Math.sin(((fovDegrees / 2) * Math.PI) / 180)) * 1.1;
  return { center, radius, distance, floor: min[1], extent: Math.max(max[0] - min[0], max[2] - min[2]) };
}
