// The unknown-object decision: how unlike the served classes a shape is, from the classifier's
// outputs and the manifest's open-set contract (score, threshold), both chosen by training/ on
// validation classes the classifier never served. Larger scores mean less like the training
// classes; a shape is unknown when its score is past the threshold.
import { GRAPH_OOD_SCORES, type OpenSetContract, type OodScoreName } from './manifest';

type LogitScore = Exclude<OodScoreName, 'mahalanobis' | 'knn'>;

/** The outputs of one run over `views` turns of an object: logits [views, classes] and, where the model has it, its distance output [views]. */
export interface ClassifierOutputs {
  logits: ArrayLike<number>;
  views: number;
  /** the model's open-set output (a distance to what training saw, e.g. the squared Mahalanobis distance to the nearest class mean), one per view */
  distance?: ArrayLike<number>;
}

function rowMax(v: ArrayLike<number>, offset: number, n: number): number {
  let m = -Infinity;
  for (let i = 0; i < n; i++) m = Math.max(m, v[offset + i]);
  return m;
}

function logSumExp(v: ArrayLike<number>, offset: number, n: number): number {
  const m = rowMax(v, offset, n);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(v[offset + i] - m);
  return m + Math.log(s);
}

/** One view's score from its logits, oriented so that larger is less like the training classes. */
function viewScore(score: LogitScore, logits: ArrayLike<number>, offset: number, n: number): number {
  switch (score) {
    case 'max_softmax':
      // the top probability is exp(max - logsumexp)
      return -Math.exp(rowMax(logits, offset, n) - logSumExp(logits, offset, n));
    case 'max_logit':
      return -rowMax(logits, offset, n);
    case 'energy':
      return -logSumExp(logits, offset, n);
  }
}

/** The shape's open-set score: the mean over its views of each view's score, as training/ measured it. */
export function oodScore(score: OodScoreName, out: ClassifierOutputs): number {
  const { logits, views } = out;
  if (!Number.isInteger(views) || views < 1) throw new Error(`views must be a positive integer, got ${views}`);
  if (logits.length % views !== 0 || logits.length === 0) throw new Error(`${logits.length} logits do not split into ${views} views`);
  let sum = 0;
  if (isGraphScore(score)) {
    if (!out.distance || out.distance.length !== views) {
      throw new Error(`the ${score} score needs one distance per view (${views}), got ${out.distance?.length ?? 'none'}`);
    }
    for (let v = 0; v < views; v++) sum += out.distance[v];
  } else {
    const n = logits.length / views;
    for (let v = 0; v < views; v++) sum += viewScore(score as LogitScore, logits, v * n, n);
  }
  return sum / views;
}

/** The score is the model's distance output rather than a function of its logits. */
export function isGraphScore(score: OodScoreName): boolean {
  return GRAPH_OOD_SCORES.includes(score);
}

export interface OpenSetDecision {
  /** larger: less like the training classes */
  oodScore: number;
  /** the score is past the manifest's threshold */
  unknown: boolean;
}

export function openSetDecision(contract: OpenSetContract, out: ClassifierOutputs): OpenSetDecision {
  const s = oodScore(contract.score, out);
  return { oodScore: s, unknown: s > contract.threshold };
}
