// Network outputs -> what the app shows. Models export raw logits; probabilities are made here.

/**
 * Softmax of `n` logits starting at `offset`, written into `out` (no allocation: a scene runs it
 * for every point of every block), shifted by the maximum so large logits do not overflow.
 */
export function softmaxInto(logits: ArrayLike<number>, offset: number, n: number, out: Float32Array | Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[offset + i]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += out[i] = Math.exp(logits[offset + i] - max);
  for (let i = 0; i < n; i++) out[i] /= sum;
}

/**
 * Softmax of each of `rows` equal rows of logits divided by `temperature`, averaged: the
 * probabilities of a voted classification (temperature scaling, Guo et al. 2017,
 * https://arxiv.org/abs/1706.04599, calibrates them; 1 leaves the logits as they are).
 */
export function meanSoftmax(logits: ArrayLike<number>, rows: number, temperature = 1): Float32Array {
  const n = logits.length / rows;
  const row = new Float64Array(n);
  const sum = new Float64Array(n);
  const scaled = temperature === 1 ? logits : Array.from(logits, (v) => v / temperature);
  for (let r = 0; r < rows; r++) {
    softmaxInto(scaled, r * n, n, row);
    for (let i = 0; i < n; i++) sum[i] += row[i] / rows;
  }
  return Float32Array.from(sum);
}

export interface Ranked {
  index: number;
  probability: number;
}

/** The k highest scores, best first; equal scores keep index order. */
export function topK(probabilities: ArrayLike<number>, k: number): Ranked[] {
  const all: Ranked[] = Array.from({ length: probabilities.length }, (_, index) => ({ index, probability: probabilities[index] }));
  all.sort((a, b) => b.probability - a.probability || a.index - b.index);
  return all.slice(0, Math.max(0, k));
}
