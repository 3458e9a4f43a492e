// PointNet's upper-bound shape (Qi et al., CVPR 2017, section 4.3): the points of space that would
// not change the global feature if they were added to the object, because none of their
// per-point features is above the object's max in any channel. Found on a regular grid over the
// object's box, in every view the classifier averages, with the model's per-point features.
import { InputError, type Geometry, type UpAxis } from '../../types';
import type { SignedAxis } from '../../geometry/signedAxis';
import type { ModelEntry } from '../manifest';
import { changeUpAxis, objectTensor, writeTurned } from '../preprocessObject';
import type { RunModelOutputs } from '../runModel';
import { maxPool } from './pointFeatures';

export const UPPER_BOUND_GRID = { default: 24, min: 2, max: 64 } as const;

/** grid points per model run: their per-point features are channels x this many floats */
const CHUNK = 4096;

/**
 * A feature equal to the max may come out a few ulps above it in another batch (the runtime
 * blocks its sums differently); relative to the max, this much above still counts as not above.
 */
const TOLERANCE = 1e-5;

export interface UpperBoundShape {
  /** the grid points that keep the global feature, packed xyz in the geometry's own frame */
  positions: Float32Array;
  /** grid points per axis; resolution^3 were tried */
  resolution: number;
}

export interface UpperBoundOptions {
  upAxis: UpAxis | SignedAxis;
  /** the classification's sampling seed, so that the object is the one that was classified */
  seed?: number;
  resolution?: number;
}

/** Cell centres of a resolution^3 grid over the box of the BCN view `data` (n points), packed xyz. */
function gridOverBox(data: Float32Array, n: number, resolution: number): Float32Array {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let k = 0; k < 3; k++) {
    for (let i = 0; i < n; i++) {
      const v = data[k * n + i];
      if (v < lo[k]) lo[k] = v;
      if (v > hi[k]) hi[k] = v;
    }
  }
  const out = new Float32Array(resolution ** 3 * 3);
  let o = 0;
  for (let a = 0; a < resolution; a++) {
    for (let b = 0; b < resolution; b++) {
      for (let c = 0; c < resolution; c++) {
        const t = [a, b, c];
        for (let k = 0; k < 3; k++) out[o++] = lo[k] + ((t[k] + 0.5) / resolution) * (hi[k] - lo[k]);
      }
    }
  }
  return out;
}

export async function upperBoundShape(geometry: Geometry, entry: ModelEntry, run: RunModelOutputs, options: UpperBoundOptions): Promise<UpperBoundShape> {
  const explain = entry.explain;
  if (!explain) throw new Error(`Model ${entry.id} gives no per-point features, so it cannot show its upper-bound shape`);
  if (entry.input.layout !== 'BCN') throw new Error(`upperBoundShape: layout ${entry.input.layout} is not supported, only BCN`);
  const resolution = options.resolution ?? UPPER_BOUND_GRID.default;
  if (!Number.isInteger(resolution) || resolution < UPPER_BOUND_GRID.min || resolution > UPPER_BOUND_GRID.max) {
    throw new InputError(`The upper-bound grid takes ${UPPER_BOUND_GRID.min} to ${UPPER_BOUND_GRID.max} points an axis, not ${resolution}.`);
  }
  const tensor = objectTensor(geometry, entry, { upAxis: options.upAxis, seed: options.seed });
  const [views, , n] = tensor.dims;
  const own = (await run(tensor.data, tensor.dims, [explain.pointFeatures]))[explain.pointFeatures];
  const global = maxPool(own, views, n).max;
  const channels = global.length / views;

  // the grid over view 0, the unturned object; each view sees it turned as it sees the object
  const grid = gridOverBox(tensor.data, n, resolution);
  const total = grid.length / 3;
  const keep = new Uint8Array(total).fill(1);
  const input = new Float32Array(3 * Math.min(CHUNK, total));
  for (let start = 0; start < total; start += CHUNK) {
    const m = Math.min(CHUNK, total - start);
    const chunk = grid.subarray(3 * start, 3 * (start + m));
    for (let v = 0; v < views; v++) {
      writeTurned(chunk, (2 * Math.PI * v) / views, entry.input.upAxis, 'BCN', input, 0);
      const f = (await run(input.subarray(0, 3 * m), [1, 3, m], [explain.pointFeatures]))[explain.pointFeatures];
      for (let c = 0; c < channels; c++) {
        const g = global[v * channels + c];
        const limit = g + TOLERANCE * Math.max(1, Math.abs(g));
        const row = f.subarray(c * m, (c + 1) * m);
        for (let i = 0; i < m; i++) if (row[i] > limit) keep[start + i] = 0;
      }
    }
  }

  let kept = 0;
  for (let i = 0; i < total; i++) kept += keep[i];
  const positions = new Float32Array(kept * 3);
  const [cx, cy, cz] = tensor.center;
  for (let i = 0, o = 0; i < total; i++) {
    if (!keep[i]) continue;
    positions[o++] = grid[3 * i] * tensor.radius + cx;
    positions[o++] = grid[3 * i + 1] * tensor.radius + cy;
    positions[o++] = grid[3 * i + 2] * tensor.radius + cz;
  }
  changeUpAxis(positions, entry.input.upAxis, options.upAxis);
  return { positions, resolution };
}
