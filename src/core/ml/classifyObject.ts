// The whole object-classification pipeline, backend-agnostic: the caller supplies `run` (ORT in a
// worker in the browser, ORT in Node for the CLI), so both give the same answer for the same file.
import { assertShaped, computeBounds } from '../geometry/bounds';
import { gatherPoints } from '../geometry/sampling';
import { criticalIndices } from './explain/criticalPoints';
import type { SignedAxis } from '../geometry/signedAxis';
import type { Box3, Geometry, UpAxis } from '../types';
import type { ModelEntry } from './manifest';
import { namedRows, nearestRows, NEAREST_SHAPES, type NearestShape, type ShapeBank } from './nearestShapes';
import { isGraphScore, openSetDecision } from './openSet';
import { meanSoftmax, topK } from './postprocess';
import { checkProportions, type ProportionsCheck } from './proportions';
import { objectTensor } from './preprocessObject';
import type { RunModel, RunModelOutputs } from './runModel';

/** Below this top-1 probability the app says the model is unsure instead of naming a class flatly. */
export const UNCERTAIN_BELOW = 0.5;

export interface ClassPrediction {
  label: string;
  index: number;
  probability: number;
}

export interface ClassificationResult {
  modelId: string;
  /** calibrated with the manifest's temperature where it has one */
  top: ClassPrediction[];
  /** one probability per class of the manifest, in its order, calibrated like `top` */
  probabilities: number[];
  uncertain: boolean;
  /**
   * how unlike the served classes the object is (larger: less like them), by the manifest's
   * open-set score; absent where the manifest has no open-set contract or the run gave only logits
   */
  oodScore?: number;
  /**
   * the object is none of the served classes: its open-set score is past the manifest's threshold,
   * or its proportions lie outside those of its top class's training shapes
   */
  unknown?: boolean;
  /** where `unknown`, which of the two said so */
  unknownBecause?: UnknownReason[];
  /** the sampled points' proportions against the top class's, where the manifest has them (core/ml/proportions) */
  proportions?: ProportionsCheck[];
  /**
   * the training shapes nearest the object, nearest first, by the open-set score's distance (named
   * where the bank's file was given); absent where the model has no bank output
   */
  nearest?: NearestShape[];
  /** how many turns about the up axis were averaged (the manifest's `input.views`) */
  views: number;
  /**
   * the sampled points that win a channel of the global max pool in some view (PointNet's critical
   * set), packed xyz in the geometry's own frame; absent where the model has no `explain` outputs
   */
  critical?: { positions: Float32Array; sampled: number };
  /** the object's axis-aligned box in the file's own coordinates, for the label in the scene */
  box: Box3;
  preprocessMs: number;
  inferenceMs: number;
}

export type UnknownReason = 'distance' | 'proportions';

export interface ClassifyOptions {
  /** the up axis of the file as the user sees it */
  upAxis: UpAxis | SignedAxis;
  topK?: number;
  /** sampling seed: the same seed gives the same points and so the same answer */
  seed?: number;
  /** the training shape of each row of the model's bank (its `openSet.neighbours` file), to name the nearest */
  bank?: ShapeBank;
}

/**
 * `run` may return the logits alone (a RunModel) or every output by name (a RunModelOutputs); only
 * the second gives the graph's open-set distance, so only it gives the open-set decision when the
 * manifest chose a score the graph computes (Mahalanobis, nearest neighbour).
 */
export async function classifyObject(
  geometry: Geometry,
  entry: ModelEntry,
  run: RunModel | RunModelOutputs,
  options: ClassifyOptions,
): Promise<ClassificationResult> {
  if (entry.task !== 'classification') throw new Error(`Model ${entry.id} is not a classifier`);
  assertShaped(geometry.positions);
  const t0 = performance.now();
  const tensor = objectTensor(geometry, entry, { upAxis: options.upAxis, seed: options.seed });
  const t1 = performance.now();
  const output = await run(tensor.data, tensor.dims);
  const t2 = performance.now();
  const outputs = output instanceof Float32Array ? undefined : output;
  const logits = outputs ? outputs[entry.input.outputName] : (output as Float32Array);
  if (!logits) throw new Error(`Model ${entry.id} gave no output named ${entry.input.outputName}`);
  const views = tensor.dims[0];
  if (logits.length !== views * entry.classes.length) {
    throw new Error(`Model ${entry.id} gave ${logits.length} scores for ${views} views of ${entry.classes.length} classes`);
  }
  const probabilities = meanSoftmax(logits, views, entry.calibration?.temperature ?? 1);
  const openSet = entry.openSet;
  const distance = openSet && outputs?.[openSet.outputName];
  const decision =
    openSet && (!isGraphScore(openSet.score) || distance) ? openSetDecision(openSet, { logits, views, distance }) : undefined;
  const neighbours = openSet?.neighbours;
  const similarity = neighbours && outputs?.[neighbours.outputName];
  const rows = similarity && nearestRows(similarity, views, neighbours.rows, NEAREST_SHAPES);
  const nearest = rows && (options.bank ? namedRows(rows, options.bank) : rows);
  const top = topK(probabilities, options.topK ?? 5).map(({ index, probability }) => ({
    label: entry.classes[index].name,
    index,
    probability,
  }));
  const winners = entry.explain && outputs?.[entry.explain.critical];
  const feature = entry.explain && outputs?.[entry.explain.feature];
  const sampled = tensor.sampled.length / 3;
  const critical =
    winners && feature
      ? { positions: gatherPoints(tensor.sampled, new Uint32Array(criticalIndices(winners, feature, sampled))), sampled }
      : undefined;
  const proportions = decision && openSet?.proportions && checkProportions(openSet.proportions, top[0].label, tensor.sampled);
  const unknownBecause: UnknownReason[] = [
    ...(decision?.unknown ? (['distance'] as const) : []),
    ...(proportions?.some((c) => c.outside) ? (['proportions'] as const) : []),
  ];
  const { min, max } = computeBounds(geometry.positions);
  return {
    modelId: entry.id,
    top,
    probabilities: Array.from(probabilities),
    uncertain: top[0].probability < UNCERTAIN_BELOW,
    ...(decision && { oodScore: decision.oodScore, unknown: unknownBecause.length > 0 }),
    ...(unknownBecause.length && { unknownBecause }),
    ...(proportions && { proportions }),
    ...(nearest && { nearest }),
    views,
    ...(critical && { critical }),
    box: {
      center: [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2],
      size: [max[0] - min[0], max[1] - min[1], max[2] - min[2]],
    },
    preprocessMs: t1 - t0,
    inferenceMs: t2 - t1,
  };
}
