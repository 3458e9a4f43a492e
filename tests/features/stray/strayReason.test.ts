import { describe, expect, it } from 'vitest';
import { findStrayPoints } from '../../../src/core/geometry/strayPoints';
import { strayReason } from '../../../src/features/stray/strayReason';

const metres = (v: number) => `${v.toFixed(3)} m`;
const ruleOf = (positions: number[]) => {
  const found = findStrayPoints(new Float32Array(positions));
  return { ...found, points: found.stray.length };
};

describe('why points are stray, as the panel says it', () => {
  it('gives the rule with the distances it was judged by', () => {
    expect(strayReason(ruleOf([0, 0, 0, 1, 0, 0, 0, 1, 0, 5, 5, 5]), metres)).toMatch(/^A point is stray where its mean distance to its 3 nearest neighbours is past \d+\.\d{3} m: their mean over the cloud, \d+\.\d{3} m, plus 2 standard deviations\.$/);
  });

  it('says "its nearest neighbour" of two points, and that a single point has none to judge it by', () => {
    expect(strayReason(ruleOf([0, 0, 0, 1, 0, 0]), metres)).toBe('A point is stray where its mean distance to its nearest neighbour is past 1.000 m: their mean over the cloud, 1.000 m, plus 2 standard deviations.');
    expect(strayReason(ruleOf([1, 2, 3]), metres)).toBe('A cloud of 1 point has no neighbours to judge a point by: none is stray.');
  });
});
