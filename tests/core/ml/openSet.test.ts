// The unknown-object decision from the classifier's outputs and the manifest's contract.
import { describe, expect, it } from 'vitest';
import { oodScore, openSetDecision } from '../../../src/core/ml/openSet';

describe('oodScore', () => {
  it('negates the top softmax probability and the top logit, so that larger is less familiar', () => {
    const logits = [0, Math.log(3)]; // probabilities 1/4, 3/4
    expect(oodScore('max_softmax', { logits, views: 1 })).toBeCloseTo(-0.75, 12);
    expect(oodScore('max_logit', { logits, views: 1 })).toBeCloseTo(-Math.log(3), 12);
  });

  it('gives the energy -logsumexp(logits), without overflow on large logits', () => {
    expect(oodScore('energy', { logits: [0, 0], views: 1 })).toBeCloseTo(-Math.log(2), 12);
    expect(oodScore('energy', { logits: [1000, 1000], views: 1 })).toBeCloseTo(-1000 - Math.log(2), 9);
  });

  it('averages each view\'s score over the views', () => {
    const two = oodScore('max_logit', { logits: [1, 5, 3, 2], views: 2 });
    expect(two).toBeCloseTo(-(5 + 3) / 2, 12);
    expect(oodScore('mahalanobis', { logits: [0, 0, 0, 0], views: 2, distance: [10, 30] })).toBe(20);
    expect(oodScore('knn', { logits: [0, 0, 0, 0], views: 2, distance: [0.25, 0.75] })).toBe(0.5);
  });

  it('says what is missing instead of scoring without the distance output', () => {
    expect(() => oodScore('mahalanobis', { logits: [0, 0], views: 1 })).toThrow(/one distance per view/);
    expect(() => oodScore('mahalanobis', { logits: [0, 0, 0, 0], views: 2, distance: [1] })).toThrow(/one distance per view \(2\), got 1/);
    expect(() => oodScore('knn', { logits: [0, 0], views: 1 })).toThrow(/the knn score needs one distance per view/);
    expect(() => oodScore('energy', { logits: [0, 0, 0], views: 2 })).toThrow(/3 logits do not split into 2 views/);
  });
});

describe('openSetDecision', () => {
  const contract = { score: 'mahalanobis' as const, outputName: 'mahalanobis', threshold: 100 };

  it('flags a shape whose score is past the threshold, and only then', () => {
    expect(openSetDecision(contract, { logits: [0, 0], views: 1, distance: [150] })).toEqual({ oodScore: 150, unknown: true });
    expect(openSetDecision(contract, { logits: [0, 0], views: 1, distance: [100] })).toEqual({ oodScore: 100, unknown: false });
    expect(openSetDecision(contract, { logits: [0, 0], views: 1, distance: [40] }).unknown).toBe(false);
  });
});
