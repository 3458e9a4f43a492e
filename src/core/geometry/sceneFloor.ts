// A scan's floor, found so that a few stray points below it (a reflection, a sensor glitch) do not
// move it: the segmenter measures every point's height from it, and the voxel grids of the local
// shape and the over-segmentation are anchored on it. training/pointlens_train/datasets/scene_floor.py
// is the same code in Python.
import { LOCAL_SHAPE_VOXEL } from './localShape';

/** A height is the floor where at least FLOOR_SHARE of the scan's points lie within FLOOR_BAND above it. */
export const FLOOR_SHARE = 0.001;
export const FLOOR_BAND = 0.1;

/** How many points must lie within FLOOR_BAND above the floor (itself counted). */
export function floorSupport(n: number): number {
  return Math.max(1, Math.ceil(n * FLOOR_SHARE));
}

/**
 * The lowest height with `floorSupport` points within FLOOR_BAND above it (itself counted); `lowest`
 * where none has. On a scan without stray points below it, its lowest point. Heights are along
 * `axis` (z by default: a z-up cloud).
 */
export function floorOf(positions: Float32Array, lowest: number, axis = 2): number {
  const n = positions.length / 3;
  const k = floorSupport(n);
  if (k === 1) return lowest;
  // The heights below `below`, sorted, are the start of all of them sorted, and decide every height
  // at least FLOOR_BAND under it, so only the bottom of the scan is sorted, further only as needed.
  let highest = -Infinity;
  for (let i = axis; i < positions.length; i += 3) if (positions[i] > highest) highest = positions[i];
  for (let reach = 2 * FLOOR_BAND; ; reach *= 2) {
    const below = lowest + reach > highest ? Infinity : lowest + reach;
    let m = 0;
    for (let i = axis; i < positions.length; i += 3) if (positions[i] < below) m++;
    const z = new Float64Array(m);
    m = 0;
    for (let i = axis; i < positions.length; i += 3) if (positions[i] < below) z[m++] = positions[i];
    z.sort();
    for (let i = 0; i + k <= m && z[i] + FLOOR_BAND < below; i++) if (z[i + k - 1] - z[i] <= FLOOR_BAND) return z[i];
    if (below === Infinity) return lowest;
  }
}

/**
 * A voxel grid's origin: the min corner `lo`, its height lowered from the floor by whole voxels to
 * reach the lowest point, so that stray points below leave the floor's voxels where they were.
 */
export function gridOrigin(lo: readonly [number, number, number], floor: number): [number, number, number] {
  const below = Math.ceil((floor - lo[2]) / LOCAL_SHAPE_VOXEL);
  return [lo[0], lo[1], floor - below * LOCAL_SHAPE_VOXEL];
}

/** `gridOrigin` of a cloud's min corner and floor. */
export function anchoredGridOrigin(positions: Float32Array): [number, number, number] {
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  for (let i = 0; i < positions.length; i++) lo[i % 3] = Math.min(lo[i % 3], positions[i]);
  return gridOrigin(lo, floorOf(positions, lo[2]));
}
