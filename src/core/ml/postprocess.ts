// Network outputs -> what the app shows. Models export raw logits; probabilities are made here.

/** Softmax over one row of logits, shifted by the maximum so large logits do not overflow. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float32Array(logits.length);
  let sum = 0;
  const e = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) {
    e[i] = Math.exp(logits[i] - max);
    sum += e[i];
  }
  for (let i = 0; i < logits.length; i++) out[i] = e[i] / sum;
  return out;
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
