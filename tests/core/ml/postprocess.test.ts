import { describe, expect, it } from 'vitest';
import { meanSoftmax, topK } from '../../../src/core/ml/postprocess';

describe('meanSoftmax', () => {
  it('matches exp(x)/sum(exp) and sums to one', () => {
    const p = meanSoftmax([1, 2, 3], 1);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const s = e[0] + e[1] + e[2];
    e.forEach((v, i) => expect(p[i]).toBeCloseTo(v / s, 6));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('does not overflow on large logits', () => {
    const p = meanSoftmax([1000, 1000, 0], 1);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(0.5, 6);
    expect(p[2]).toBe(0);
  });

  it('averages the probabilities of each row, not the logits', () => {
    const p = meanSoftmax([0, 10, 0, 0], 2);
    const q = 1 / (1 + Math.exp(10));
    expect(p[0]).toBeCloseTo((q + 0.5) / 2, 6);
    expect(p[1]).toBeCloseTo((1 - q + 0.5) / 2, 6);
  });
});

describe('meanSoftmax with a temperature', () => {
  it('divides the logits by the temperature before the softmax', () => {
    const p = meanSoftmax([2, 4], 1, 2);
    const q = meanSoftmax([1, 2], 1);
    expect(p[0]).toBeCloseTo(q[0], 7);
    expect(p[1]).toBeCloseTo(q[1], 7);
  });

  it('flattens the probabilities above 1 and sharpens them below, keeping the ranking', () => {
    const raw = meanSoftmax([0, 1, 3], 1);
    const warm = meanSoftmax([0, 1, 3], 1, 2);
    const cold = meanSoftmax([0, 1, 3], 1, 0.5);
    expect(warm[2]).toBeLessThan(raw[2]);
    expect(cold[2]).toBeGreaterThan(raw[2]);
    for (const p of [warm, cold]) expect(p[2] > p[1] && p[1] > p[0]).toBe(true);
  });
});

describe('topK', () => {
  it('ranks best first and keeps index order among equals', () => {
    expect(topK([0.1, 0.4, 0.1, 0.4], 3)).toEqual([
      { index: 1, probability: 0.4 },
      { index: 3, probability: 0.4 },
      { index: 0, probability: 0.1 },
    ]);
  });

  it('returns at most the number of classes', () => {
    expect(topK([0.7, 0.3], 5).map((r) => r.index)).toEqual([0, 1]);
  });
});
