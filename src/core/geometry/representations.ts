// An object in the four forms the 3D-representation lectures compare: its mesh (or cloud) as
// loaded, a point cloud of surface samples, a 32^3 occupancy grid and 12 depth images taken
// around the up axis; each with its memory, the time to make it, and how much of the shape it
// keeps as the chamfer distance back to a dense sample of the original surface.
import { createRng, shuffle } from '../random';
import { meshArea, randomSample, gatherPoints, sampleMeshSurface } from './sampling';
import type { Geometry, UpAxis } from '../types';

export const REPRESENTATION = { cloudPoints: 1024, voxels: 32, views: 12, viewSize: 64, referencePoints: 4096, chamferCap: 4096 } as const;

/** Packed xyz of `n` points on the geometry's surface (by area), or of its points for a cloud. */
export function surfaceSample(geometry: Geometry, n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  if (geometry.kind === 'mesh' && geometry.indices.length >= 3 && meshArea(geometry.positions, geometry.indices) > 0) {
    return sampleMeshSurface(geometry.positions, geometry.indices, n, rng);
  }
  return gatherPoints(geometry.positions, randomSample(geometry.positions.length / 3, n, rng));
}

export interface VoxelGrid {
  /** res^3 cells, x fastest: 1 where a surface point falls */
  occupancy: Uint8Array;
  resolution: number;
  /** the cube's lowest corner and its cells' edge */
  origin: [number, number, number];
  cell: number;
}

/** The cube around the points (their box's longest edge, centred), cut into resolution^3 cells. */
export function voxelize(points: Float32Array, resolution: number): VoxelGrid {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i++) {
    const k = i % 3;
    lo[k] = Math.min(lo[k], points[i]);
    hi[k] = Math.max(hi[k], points[i]);
  }
  const edge = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]) || 1;
  const cell = edge / resolution;
  const origin: [number, number, number] = [0, 1, 2].map((k) => (lo[k] + hi[k]) / 2 - edge / 2) as [number, number, number];
  const occupancy = new Uint8Array(resolution ** 3);
  const at = (v: number, k: number) => Math.min(resolution - 1, Math.max(0, Math.floor((v - origin[k]) / cell)));
  for (let i = 0; i < points.length; i += 3) {
    occupancy[at(points[i], 0) + resolution * (at(points[i + 1], 1) + resolution * at(points[i + 2], 2))] = 1;
  }
  return { occupancy, resolution, origin, cell };
}

/** Centres of the occupied cells, packed xyz. */
export function voxelCentres(grid: VoxelGrid): Float32Array {
  const { occupancy, resolution: r, origin, cell } = grid;
  const out: number[] = [];
  for (let i = 0; i < occupancy.length; i++) {
    if (!occupancy[i]) continue;
    const x = i % r, y = Math.floor(i / r) % r, z = Math.floor(i / (r * r));
    out.push(origin[0] + (x + 0.5) * cell, origin[1] + (y + 0.5) * cell, origin[2] + (z + 0.5) * cell);
  }
  return Float32Array.from(out);
}

export interface DepthViews {
  /** views x size x size, row-major per view (row 0 at the top); Infinity where nothing was seen */
  depth: Float32Array;
  views: number;
  size: number;
  /** the orthographic frame: centre, half-width of the square each camera sees, and the up axis */
  center: [number, number, number];
  half: number;
  up: UpAxis;
}

/** A view's camera axes: right, up, and the direction it looks along (all unit, right-handed). */
function cameraAxes(view: number, views: number, up: UpAxis): [number[], number[], number[]] {
  const a = (2 * Math.PI * view) / views, c = Math.cos(a), s = Math.sin(a);
  // horizontal plane: (x, z) for y up, (x, y) for z up
  const hx = up === 'y' ? [c, 0, s] : [c, s, 0];
  const upv = up === 'y' ? [0, 1, 0] : [0, 0, 1];
  const look = up === 'y' ? [-s, 0, c] : [-s, c, 0];
  return [hx, upv, look];
}

/**
 * Depth images of the points from `views` orthographic cameras around the up axis, looking
 * horizontally at the centre: each point lands in one pixel, the nearest kept (a z-buffer of
 * splats; a dense surface sample leaves few holes at this size).
 */
export function depthViews(points: Float32Array, views: number, size: number, up: UpAxis): DepthViews {
  const n = points.length / 3;
  const center: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < points.length; i++) center[i % 3] += points[i] / n;
  let half = 0;
  for (let i = 0; i < points.length; i += 3) {
    half = Math.max(half, Math.hypot(points[i] - center[0], points[i + 1] - center[1], points[i + 2] - center[2]));
  }
  half = half || 1;
  const depth = new Float32Array(views * size * size).fill(Infinity);
  for (let v = 0; v < views; v++) {
    const [rx, ux, lx] = cameraAxes(v, views, up);
    for (let i = 0; i < points.length; i += 3) {
      const d = [points[i] - center[0], points[i + 1] - center[1], points[i + 2] - center[2]];
      const u = rx[0] * d[0] + rx[1] * d[1] + rx[2] * d[2];
      const w = ux[0] * d[0] + ux[1] * d[1] + ux[2] * d[2];
      const z = lx[0] * d[0] + lx[1] * d[1] + lx[2] * d[2] + half; // 0 at the camera's near plane
      const col = Math.min(size - 1, Math.floor(((u + half) / (2 * half)) * size));
      const row = Math.min(size - 1, Math.floor(((half - w) / (2 * half)) * size));
      const p = v * size * size + row * size + col;
      if (z < depth[p]) depth[p] = z;
    }
  }
  return { depth, views, size, center, half, up };
}

/** The points the depth images saw, back in 3D (pixel centres at their depth), packed xyz. */
export function backProject(dv: DepthViews): Float32Array {
  const { depth, views, size, center, half, up } = dv;
  const out: number[] = [];
  for (let v = 0; v < views; v++) {
    const [rx, ux, lx] = cameraAxes(v, views, up);
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        const z = depth[v * size * size + row * size + col];
        if (!Number.isFinite(z)) continue;
        const u = ((col + 0.5) / size) * 2 * half - half;
        const w = half - ((row + 0.5) / size) * 2 * half;
        for (let k = 0; k < 3; k++) out.push(center[k] + u * rx[k] + w * ux[k] + (z - half) * lx[k]);
      }
    }
  }
  return Float32Array.from(out);
}

function meanNearest(from: Float32Array, to: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < from.length; i += 3) {
    let best = Infinity;
    for (let j = 0; j < to.length; j += 3) {
      const dx = from[i] - to[j], dy = from[i + 1] - to[j + 1], dz = from[i + 2] - to[j + 2];
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) best = d;
    }
    sum += Math.sqrt(best);
  }
  return sum / (from.length / 3);
}

/** At most `cap` of the points (a seeded choice), so that the brute-force distances stay affordable. */
function capped(points: Float32Array, cap: number, seed: number): Float32Array {
  const n = points.length / 3;
  if (n <= cap) return points;
  return gatherPoints(points, shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(seed)).subarray(0, cap));
}

/**
 * Symmetric chamfer distance: the mean distance from each point of `a` to its nearest in `b`, plus
 * the same from `b` to `a` (so a form that misses part of the shape pays as much as one that adds).
 * Sets larger than `cap` are measured on a seeded subset of `cap` points.
 */
export function chamferDistance(a: Float32Array, b: Float32Array, cap: number = REPRESENTATION.chamferCap): number {
  if (!a.length || !b.length) return Infinity;
  const ca = capped(a, cap, 1), cb = capped(b, cap, 2);
  return meanNearest(ca, cb) + meanNearest(cb, ca);
}

export interface Representation {
  /** bytes of the arrays that hold it */
  bytes: number;
  /** time to make it from the loaded object */
  ms: number;
  /** symmetric chamfer distance to the reference surface sample, in the object's units */
  chamfer: number;
}

export interface ObjectRepresentations {
  /** the dense surface sample the others are measured against */
  reference: Float32Array;
  /** its longest box edge: chamfer distances divided by it compare across objects */
  extent: number;
  original: Representation & { kind: 'mesh' | 'points' };
  cloud: Representation & { points: Float32Array };
  voxels: Representation & { grid: VoxelGrid; centres: Float32Array };
  views: Representation & { images: DepthViews };
}

/** The object (in a frame with `up` as its up axis) in every form, each timed and measured. */
export function objectRepresentations(geometry: Geometry, up: UpAxis): ObjectRepresentations {
  const R = REPRESENTATION;
  const reference = surfaceSample(geometry, R.referencePoints, 1);
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < reference.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3], reference[i]);
    hi[i % 3] = Math.max(hi[i % 3], reference[i]);
  }
  const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
  const timed = <T>(make: () => T): [T, number] => {
    const t0 = performance.now();
    const made = make();
    return [made, performance.now() - t0];
  };
  const originalBytes = geometry.positions.byteLength + (geometry.kind === 'mesh' ? geometry.indices.byteLength : 0);
  const original = { kind: geometry.kind, bytes: originalBytes, ms: 0, chamfer: chamferDistance(geometry.kind === 'mesh' ? reference : geometry.positions, reference) };
  const [points, cloudMs] = timed(() => surfaceSample(geometry, R.cloudPoints, 2));
  const [grid, voxelMs] = timed(() => voxelize(surfaceSample(geometry, R.referencePoints, 3), R.voxels));
  const centres = voxelCentres(grid);
  const [images, viewsMs] = timed(() => depthViews(surfaceSample(geometry, R.referencePoints * 4, 4), R.views, R.viewSize, up));
  return {
    reference,
    extent,
    original,
    cloud: { points, bytes: points.byteLength, ms: cloudMs, chamfer: chamferDistance(points, reference) },
    voxels: { grid, centres, bytes: grid.occupancy.byteLength, ms: voxelMs, chamfer: chamferDistance(centres, reference) },
    views: { images, bytes: images.depth.byteLength, ms: viewsMs, chamfer: chamferDistance(backProject(images), reference) },
  };
}
