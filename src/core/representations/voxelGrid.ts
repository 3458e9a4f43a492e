// A shape as a 32³ occupancy grid, VoxNet's input: the cube around the shape's bounds, split into
// res³ cells, a cell set where a surface point falls in it.
import type { Bounds } from '../geometry/bounds';

export interface VoxelGrid {
  res: number;
  /** the cube's lowest corner and its cells' edge, in the shape's units */
  origin: [number, number, number];
  cell: number;
  /** res³ bytes, x slowest: 1 where occupied */
  occupancy: Uint8Array;
  occupied: number;
}

/** The cube that holds `bounds`, centred on them. */
export function boundingCube(bounds: Bounds): { origin: [number, number, number]; edge: number } {
  const edge = Math.max(...[0, 1, 2].map((d) => bounds.max[d] - bounds.min[d]), 1e-9);
  const origin = [0, 1, 2].map((d) => (bounds.min[d] + bounds.max[d]) / 2 - edge / 2) as [number, number, number];
  return { origin, edge };
}

export function voxelize(points: Float32Array, bounds: Bounds, res = 32): VoxelGrid {
  const { origin, edge } = boundingCube(bounds);
  const cell = edge / res;
  const occupancy = new Uint8Array(res * res * res);
  let occupied = 0;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const ix = Math.min(res - 1, Math.max(0, Math.floor((points[i] - origin[0]) / cell)));
    const iy = Math.min(res - 1, Math.max(0, Math.floor((points[i + 1] - origin[1]) / cell)));
    const iz = Math.min(res - 1, Math.max(0, Math.floor((points[i + 2] - origin[2]) / cell)));
    const v = (ix * res + iy) * res + iz;
    if (!occupancy[v]) {
      occupancy[v] = 1;
      occupied++;
    }
  }
  return { res, origin, cell, occupancy, occupied };
}

/** The centre of every occupied cell: what the grid gives back of the shape. */
export function voxelCentres(grid: VoxelGrid): Float32Array {
  const { res, origin, cell, occupancy } = grid;
  const out = new Float32Array(3 * grid.occupied);
  let k = 0;
  for (let ix = 0; ix < res; ix++)
    for (let iy = 0; iy < res; iy++)
      for (let iz = 0; iz < res; iz++)
        if (occupancy[(ix * res + iy) * res + iz]) {
          out[k++] = origin[0] + (ix + 0.5) * cell;
          out[k++] = origin[1] + (iy + 0.5) * cell;
          out[k++] = origin[2] + (iz + 0.5) * cell;
        }
  return out;
}
