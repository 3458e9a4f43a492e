// Camera framing from a layer's bounds. The content group turns Z-up data to three's Y-up
// world, so framing works on bounds in world space.
import type { Bounds } from '../state/store';
import type { UpAxis } from '../core/types';

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

/** Layer coordinates to world: Z-up data is turned by -90° about X, (x, y, z) -> (x, z, -y). */
export function toWorld(p: readonly [number, number, number], upAxis: UpAxis): [number, number, number] {
  return upAxis === 'z' ? [p[0], p[2], -p[1]] : [p[0], p[1], p[2]];
}

export function frameBounds(bounds: Bounds, upAxis: UpAxis, fovDegrees: number): Frame {
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
