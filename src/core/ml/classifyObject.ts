// The whole object-classification pipeline, backend-agnostic: the caller supplies `run` (ORT in a
// worker in the browser, ORT in Node for the CLI), so both give the same answer for the same file.
import { computeBounds } from '../geometry/bounds';
import type { SignedAxis } from '../geometry/signedAxis';
import type { Box3, Geometry, UpAxis } from '../types';
import type { ModelEntry } from './manifest';
import { meanSoftmax, topK } from './postprocess';
import { objectTensor } from './preprocessObject';
import type { RunModel } from './runModel';

/** Below this top-1 probability the app says the model is unsure instead of naming a class flatly. */
export const UNCERTAIN_BELOW = 0.5;

export interface ClassPrediction {
  label: string;
  index: number;
  probability: number;
}

export interface ClassificationResult {
  modelId: string;
  top: ClassPrediction[];
  /** one probability per class of the manifest, in its order */
  probabilities: number[];
  uncertain: boolean;
  /** how many turns about the up axis were averaged (the manifest's `input.views`) */
  views: number;
  /** the object's axis-aligned box in the file's own coordinates, for the label in the scene */
  box: Box3;
  preprocessMs: number;
  inferenceMs: number;
}

export interface ClassifyOptions {
  /** the up axis of the file as the user sees it */
  upAxis: UpAxis | SignedAxis;
  topK?: number;
  /** sampling seed: the same seed gives the same points and so the same answer */
  seed?: number;
}

export async function classifyObject(
  geometry: Geometry,
  entry: ModelEntry,
  run: RunModel,
  options: ClassifyOptions,
): Promise<ClassificationResult> {
  if (entry.task !== 'classification') throw new Error(`Model ${entry.id} is not a classifier`);
  const t0 = performance.now();
  const tensor = objectTensor(geometry, entry, { upAxis: options.upAxis, seed: options.seed });
  const t1 = performance.now();
  const logits = await run(tensor.data, tensor.dims);
  const t2 = performance.now();
  const views = tensor.dims[0];
  if (logits.length !== views * entry.classes.length) {
    throw new Error(`Model ${entry.id} gave ${logits.length} scores for ${views} views of ${entry.classes.length} classes`);
  }
  const probabilities = meanSoftmax(logits, views);
  const top = topK(probabilities, options.topK ?? 5).map(({ index, probability }) => ({
    label: entry.classes[index].name,
    index,
    probability,
  }));
  const { min, max } = computeBounds(geometry.positions);
  return {
    modelId: entry.id,
    top,
    probabilities: Array.from(probabilities),
    uncertain: top[0].probability < UNCERTAIN_BELOW,
    views,
    box: {
      center: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2],
      size: [max[0] - min[0], max[1] - min[1], max[2] - min[2]],
    },
    preprocessMs: t1 - t0,
    inferenceMs: t2 - t1,
  };
}
