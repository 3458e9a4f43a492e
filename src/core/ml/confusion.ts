// The confusion table of a set of classified samples (true class against predicted class), with
// the samples behind each cell, so that the gallery can open the ones a model gets wrong.

export interface LabelledPrediction {
  id: string;
  truth: string;
  predicted: string;
}

export interface ConfusionTable {
  /** every class that is a truth or a prediction, sorted: the rows (truth) and the columns (predicted) */
  labels: string[];
  /** counts[t][p]: samples of class labels[t] predicted as labels[p] */
  counts: number[][];
  /** ids[t][p]: those samples' ids, in the order given */
  ids: string[][][];
  correct: number;
  total: number;
  /** correct / total; 0 when there is nothing */
  accuracy: number;
}

/**
 * The answer that is right for a shape of class `label` from a classifier serving `served`: its
 * class, or `unknown` for a class the classifier does not serve, of which it should say it is none.
 */
export function expectedAnswer(label: string, served: readonly string[], unknown: string): string {
  return served.includes(label) ? label : unknown;
}

export function confusionTable(predictions: readonly LabelledPrediction[]): ConfusionTable {
  const labels = [...new Set(predictions.flatMap((p) => [p.truth, p.predicted]))].sort();
  const at = new Map(labels.map((l, i) => [l, i]));
  const ids = labels.map(() => labels.map((): string[] => []));
  for (const p of predictions) ids[at.get(p.truth)!][at.get(p.predicted)!].push(p.id);
  const correct = predictions.filter((p) => p.truth === p.predicted).length;
  return {
    labels,
    counts: ids.map((row) => row.map((cell) => cell.length)),
    ids,
    correct,
    total: predictions.length,
    accuracy: predictions.length ? correct / predictions.length : 0,
  };
}
