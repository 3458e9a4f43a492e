import { describe, expect, it } from 'vitest';
import { criticalIndices } from '../../../src/core/ml/explain/criticalPoints';

describe('criticalIndices', () => {
  it('gives each winning point once, ascending, over every view', () => {
    // 2 views of 3 channels over 5 points
    const winners = Float32Array.from([4, 1, 4, 0, 1, 2]);
    const feature = Float32Array.from([0.5, 2, 1, 3, 0.1, 0.2]);
    expect(Array.from(criticalIndices(winners, feature, 5))).toEqual([0, 1, 2, 4]);
  });

  it('skips channels no point wins: a max of zero after the ReLU is a tie of every point', () => {
    const winners = Float32Array.from([0, 3, 2]);
    const feature = Float32Array.from([0, 1.5, 0]);
    expect(Array.from(criticalIndices(winners, feature, 4))).toEqual([3]);
  });

  it('refuses winners that are not points of the cloud', () => {
    expect(() => criticalIndices(Float32Array.from([7]), Float32Array.from([1]), 4)).toThrow(/point 7 of 4/);
    expect(() => criticalIndices(Float32Array.from([1.5]), Float32Array.from([1]), 4)).toThrow(/point 1.5/);
    expect(() => criticalIndices(Float32Array.from([1, 2]), Float32Array.from([1]), 4)).toThrow(/2 winners for 1/);
  });
});
