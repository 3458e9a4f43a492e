// An object (cloud or mesh) -> the classifier's input tensor, as the manifest's input contract
// says: n points (meshes sampled by area, clouds by the contract's sampling), the up axis turned
// to the network's, centred on the mean and scaled into the unit sphere, then one copy per view
// turned about the up axis. Mirrors training/pointlens_train (geometry.py, cls_data.eval_points,
// cls_data.view_turns).
import { createRng } from '../random';
import type { SignedAxis } from '../geometry/signedAxis';
import { InputError, type Geometry, type UpAxis } from '../types';
import type { ModelEntry } from './manifest';
import { farthestPointSample, gatherPoints, meshArea, randomSample, sampleMeshSurface } from '../geometry/sampling';
import { asSignedAxis, turnUp } from '../geometry/signedAxis';

export interface ObjectTensor {
  data: Float32Array;
  dims: number[];
  /** centre (mean of the sampled points, in the network's up frame) and radius that were removed */
  center: [number, number, number];
  radius: number;
  /** the sampled points as they were in the geometry's own frame, packed xyz in tensor order */
  sampled: Float32Array;
}

/**
 * Turns packed xyz in place from one up axis to the other by a right-handed quarter turn about x:
 * z up -> y up maps (x, y, z) to (x, z, -y); y up -> z up maps it back.
 */
export function changeUpAxis(points: Float32Array, from: UpAxis | SignedAxis, to: UpAxis | SignedAxis): void {
  turnUp(points, asSignedAxis(from), asSignedAxis(to));
}

/** Centres packed xyz on their mean and scales the farthest point onto the unit sphere, in place. */
export function normalizeUnitSphere(points: Float32Array): { center: [number, number, number]; radius: number } {
  const n = points.length / 3;
  const c: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < points.length; i += 3) {
    c[0] += points[i];
    c[1] += points[i + 1];
    c[2] += points[i + 2];
  }
  c[0] /= n;
  c[1] /= n;
  c[2] /= n;
  let r2 = 0;
  for (let i = 0; i < points.length; i += 3) {
    const dx = points[i] - c[0], dy = points[i + 1] - c[1], dz = points[i + 2] - c[2];
    r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
  }
  const radius = Math.sqrt(r2);
  const s = radius > 0 ? 1 / radius : 1;
  for (let i = 0; i < points.length; i += 3) {
    points[i] = (points[i] - c[0]) * s;
    points[i + 1] = (points[i + 1] - c[1]) * s;
    points[i + 2] = (points[i + 2] - c[2]) * s;
  }
  return { center: c, radius };
}

/** n points of an object: a mesh sampled by area over its faces, a cloud by `sampling`. */
export function sampleObjectPoints(geometry: Geometry, n: number, sampling: ModelEntry['input']['sampling'], seed: number): Float32Array {
  const rng = createRng(seed);
  if (geometry.kind === 'mesh' && geometry.indices.length >= 3 && meshArea(geometry.positions, geometry.indices) > 0) {
    return sampleMeshSurface(geometry.positions, geometry.indices, n, rng);
  }
  const count = geometry.positions.length / 3;
  const idx =
    sampling === 'fps' && count > n ? farthestPointSample(geometry.positions, n) : randomSample(count, n, rng);
  return gatherPoints(geometry.positions, idx);
}

/**
 * Writes the packed points turned about the up axis by `angle` into `out` at `offset`, in the
 * tensor layout. The turn is the training side's rotation_y (and its z-up twin), in float64.
 */
export function writeTurned(pts: Float32Array, angle: number, upAxis: UpAxis, layout: 'BCN' | 'BNC', out: Float32Array, offset: number): void {
  const n = pts.length / 3;
  const c = Math.cos(angle), s = Math.sin(angle);
  // y up: x' = c x + s z, z' = -s x + c z; z up: the same turn with y in z's place
  const [a, b] = upAxis === 'y' ? [0, 2] : [1, 0];
  for (let i = 0; i < n; i++) {
    const p = [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]];
    const u = p[a], v = p[b];
    p[a] = c * u + s * v;
    p[b] = -s * u + c * v;
    for (let k = 0; k < 3; k++) out[offset + (layout === 'BNC' ? 3 * i + k : k * n + i)] = p[k];
  }
}

export function objectTensor(geometry: Geometry, entry: ModelEntry, opts: { upAxis: UpAxis | SignedAxis; seed?: number }): ObjectTensor {
  const features = entry.input.features.join(',');
  if (features !== 'x,y,z') throw new Error(`objectTensor: features ${features} are not supported, only x,y,z`);
  if (geometry.positions.length < 3) throw new InputError('The object has no points to classify.');
  const sampled = sampleObjectPoints(geometry, entry.input.points, entry.input.sampling, opts.seed ?? 0);
  const pts = sampled.slice();
  changeUpAxis(pts, opts.upAxis, entry.input.upAxis);
  const { center, radius } = normalizeUnitSphere(pts);
  const n = pts.length / 3;
  const views = entry.input.views ?? 1;
  const data = new Float32Array(views * pts.length);
  for (let v = 0; v < views; v++) writeTurned(pts, (2 * Math.PI * v) / views, entry.input.upAxis, entry.input.layout, data, v * pts.length);
  return { data, dims: entry.input.layout === 'BNC' ? [views, n, 3] : [views, 3, n], center, radius, sampled };
}
