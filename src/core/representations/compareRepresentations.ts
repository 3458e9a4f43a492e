// The representations lectures compare, made from one loaded object and measured the same way:
// memory, the time to make it, and how much of the shape it keeps as the chamfer distance back to
// a dense sample of the original surface (of the mesh, or of the cloud as the file gave it).
import { computeBounds, type Bounds } from '../geometry/bounds';
import { randomSample, sampleMeshSurface } from '../geometry/sampling';
import type { SignedAxis } from '../geometry/signedAxis';
import { createRng } from '../random';
import type { Geometry } from '../types';
import { chamferDistance } from './chamfer';
import { backProject, renderDepthViews, type DepthViews } from './depthViews';
import { voxelCentres, voxelize, type VoxelGrid } from './voxelGrid';

export type RepresentationKind = 'mesh' | 'points' | 'voxels' | 'views';

export interface RepresentationStats {
  kind: RepresentationKind;
  label: string;
  bytes: number;
  ms: number;
  /** symmetric chamfer distance to the reference sample, in the file's units; 0 for the reference itself */
  chamfer: number;
  /** the same over the diagonal of the shape's bounds */
  chamferRelative: number;
  detail: string;
}

export interface RepresentationComparison {
  bounds: Bounds;
  /** the dense surface sample every representation is measured against */
  reference: Float32Array;
  /** the point cloud representation (the classifier's input size) */
  points: Float32Array;
  voxels: VoxelGrid;
  views: DepthViews;
  stats: RepresentationStats[];
}

export const REFERENCE_POINTS = 16384;
export const CLOUD_POINTS = 1024;

function pick(positions: Float32Array, count: number, seed: number): Float32Array {
  const n = positions.length / 3;
  if (n <= count) return positions.slice();
  const idx = randomSample(n, count, createRng(seed));
  const out = new Float32Array(3 * count);
  idx.forEach((p, k) => out.set(positions.subarray(3 * p, 3 * p + 3), 3 * k));
  return out;
}

function timed<T>(make: () => T): [T, number] {
  const t0 = performance.now();
  const value = make();
  return [value, performance.now() - t0];
}

function surfaceOf(geometry: Geometry, count: number, seed: number): Float32Array {
  if (geometry.kind === 'mesh' && geometry.indices.length) {
    try {
      return sampleMeshSurface(geometry.positions, geometry.indices, count, createRng(seed));
    } catch {
      // a mesh of degenerate faces has no area: its vertices are all there is
    }
  }
  return pick(geometry.positions, count, seed);
}

export function compareRepresentations(geometry: Geometry, up: SignedAxis, voxelRes = 32): RepresentationComparison {
  const bounds = computeBounds(geometry.positions);
  const diagonal = Math.hypot(...[0, 1, 2].map((d) => bounds.max[d] - bounds.min[d])) || 1;
  const reference = surfaceOf(geometry, REFERENCE_POINTS, 1);
  const stats: RepresentationStats[] = [];
  const add = (kind: RepresentationKind, label: string, bytes: number, ms: number, kept: Float32Array | null, detail: string) => {
    const chamfer = kept ? chamferDistance(kept, reference) : 0;
    stats.push({ kind, label, bytes, ms, chamfer, chamferRelative: chamfer / diagonal, detail });
  };
  const mesh = geometry.kind === 'mesh' && geometry.indices.length > 0 ? geometry : undefined;
  if (mesh) {
    add('mesh', 'Mesh', mesh.positions.byteLength + mesh.indices.byteLength, 0, null,
      `${mesh.positions.length / 3} vertices, ${mesh.indices.length / 3} triangles (the reference)`);
  }
  const [points, pointsMs] = timed(() => surfaceOf(geometry, CLOUD_POINTS, 2));
  add('points', 'Point cloud', points.byteLength, pointsMs, points, `${points.length / 3} points${mesh ? ' on the surface' : ''}`);
  const [voxels, voxelMs] = timed(() => voxelize(reference, bounds, voxelRes));
  add('voxels', `Voxels ${voxelRes}³`, voxels.occupancy.byteLength, voxelMs, voxelCentres(voxels),
    `${voxels.occupied} of ${voxelRes ** 3} cells occupied, 1 byte a cell`);
  const [views, viewsMs] = timed(() => renderDepthViews(mesh ? mesh.positions : reference, mesh?.indices, bounds, up));
  add('views', `${views.views} depth views`, views.depth.byteLength, viewsMs, backProject(views),
    `${views.views} views of ${views.size}×${views.size}, float32 depth`);
  return { bounds, reference, points, voxels, views, stats };
}
