// Saliency by point dropping: a sampled point's score is how much the classifier's probability for
// a class falls when the point and its nearest neighbours are taken out of its input (the class's
// probability averaged over the views, as the classification gives it). Exact and cheap for a
// max-pooled network: the global feature left after dropping is worked out from the per-point
// features, and only the head runs again, for every point's neighbourhood at once in batches.
import type { SignedAxis } from '../../geometry/signedAxis';
import { InputError, type Geometry, type UpAxis } from '../../types';
import type { ModelEntry } from '../manifest';
import { meanSoftmax } from '../postprocess';
import { objectTensor } from '../preprocessObject';
import type { RunModel, RunModelOutputs } from '../runModel';
import { maxPool, poolWithout } from './pointFeatures';

export const SALIENCY_NEIGHBOURS = { default: 32, min: 1, max: 256 } as const;

/** neighbourhoods whose dropped global features go to the head in one run */
const BATCH = 256;

export interface SaliencyOptions {
  upAxis: UpAxis | SignedAxis;
  /** the classification's sampling seed, so that the points are the ones it classified */
  seed?: number;
  /** how many points each drop takes out: the point and its nearest neighbours */
  neighbours?: number;
  /** the class whose probability is watched; the top-1 class by default */
  classIndex?: number;
}

export interface Saliency {
  /** the sampled points, packed xyz in the geometry's own frame */
  positions: Float32Array;
  /** per sampled point: the class probability with every point minus the one with its neighbourhood dropped */
  scores: Float32Array;
  classIndex: number;
  /** the class probability with every point */
  probability: number;
  neighbours: number;
}

/** The `k` nearest points of each point (itself first), by brute force over packed xyz. */
export function nearestNeighbours(points: Float32Array, k: number): Int32Array {
  const n = points.length / 3;
  const out = new Int32Array(n * k);
  const d = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = points[3 * i], y = points[3 * i + 1], z = points[3 * i + 2];
    for (let j = 0; j < n; j++) {
      const dx = points[3 * j] - x, dy = points[3 * j + 1] - y, dz = points[3 * j + 2] - z;
      d[j] = j === i ? -1 : dx * dx + dy * dy + dz * dz;
      order[j] = j;
    }
    order.sort((a, b) => d[a] - d[b] || a - b);
    out.set(order.subarray(0, k), i * k);
  }
  return out;
}

/** The BCN view 0 of a tensor ([3, n] rows) as packed xyz. */
function firstViewPoints(data: Float32Array, n: number): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = data[k * n + i];
  return out;
}

export async function pointSaliency(geometry: Geometry, entry: ModelEntry, run: RunModelOutputs, runHead: RunModel, options: SaliencyOptions): Promise<Saliency> {
  const explain = entry.explain;
  if (!explain) throw new Error(`Model ${entry.id} gives no per-point features, so it cannot score its points`);
  if (entry.input.layout !== 'BCN') throw new Error(`pointSaliency: layout ${entry.input.layout} is not supported, only BCN`);
  const tensor = objectTensor(geometry, entry, { upAxis: options.upAxis, seed: options.seed });
  const [views, , n] = tensor.dims;
  const k = options.neighbours ?? SALIENCY_NEIGHBOURS.default;
  if (!Number.isInteger(k) || k < SALIENCY_NEIGHBOURS.min || k > Math.min(SALIENCY_NEIGHBOURS.max, n - 1)) {
    throw new InputError(`A drop takes ${SALIENCY_NEIGHBOURS.min} to ${Math.min(SALIENCY_NEIGHBOURS.max, n - 1)} points, not ${k}.`);
  }
  const out = await run(tensor.data, tensor.dims, [explain.pointFeatures, entry.input.outputName]);
  const perPoint = out[explain.pointFeatures];
  const classes = entry.classes.length;
  const temperature = entry.calibration?.temperature ?? 1;
  const probabilities = meanSoftmax(out[entry.input.outputName], views, temperature);
  const classIndex = options.classIndex ?? probabilities.indexOf(Math.max(...probabilities));
  if (!(classIndex >= 0 && classIndex < classes)) throw new Error(`pointSaliency: no class ${options.classIndex}`);
  const probability = probabilities[classIndex];

  const pooled = maxPool(perPoint, views, n);
  const width = pooled.max.length / views;
  // distances do not change under the view turns, so view 0 gives every view's neighbours
  const near = nearestNeighbours(firstViewPoints(tensor.data, n), k);
  const scores = new Float32Array(n);
  const dropped = new Uint8Array(n);
  const features = new Float32Array(Math.min(BATCH, n) * views * width);
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start);
    for (let b = 0; b < m; b++) {
      const hood = near.subarray((start + b) * k, (start + b + 1) * k);
      for (const j of hood) dropped[j] = 1;
      poolWithout(perPoint, pooled, n, dropped, features, b * views * width);
      for (const j of hood) dropped[j] = 0;
    }
    const logits = await runHead(features.subarray(0, m * views * width), [m * views, width]);
    for (let b = 0; b < m; b++) {
      const p = meanSoftmax(logits.subarray(b * views * classes, (b + 1) * views * classes), views, temperature);
      scores[start + b] = probability - p[classIndex];
    }
  }
  return { positions: tensor.sampled, scores, classIndex, probability, neighbours: k };
}
