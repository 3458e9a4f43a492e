import { describe, expect, it } from 'vitest';
import { maxPool, poolWithout } from '../../../src/core/ml/explain/pointFeatures';
import { nearestNeighbours } from '../../../src/core/ml/explain/saliency';

describe('maxPool and poolWithout', () => {
  // 2 views x 2 channels over 4 points, rows [view][channel][point]
  const perPoint = Float32Array.from([1, 5, 2, 5, 0, 0, 3, 1, 7, 1, 1, 2, 4, 4, 4, 9]);

  it('gives each row\'s max and its first winner', () => {
    const { max, winner } = maxPool(perPoint, 2, 4);
    expect(Array.from(max)).toEqual([5, 3, 7, 9]);
    expect(Array.from(winner)).toEqual([1, 2, 0, 3]);
  });

  it('gives the max of the points kept, as if the dropped ones were not there', () => {
    const pooled = maxPool(perPoint, 2, 4);
    const out = new Float32Array(4);
    poolWithout(perPoint, pooled, 4, Uint8Array.from([1, 1, 0, 0]), out);
    expect(Array.from(out)).toEqual([5, 3, 2, 9]);
    poolWithout(perPoint, pooled, 4, Uint8Array.from([0, 0, 1, 1]), out);
    expect(Array.from(out)).toEqual([5, 0, 7, 4]);
  });

  it('refuses values that are not views of the points', () => {
    expect(() => maxPool(perPoint, 3, 4)).toThrow(/not 3 views of 4 points/);
  });
});

describe('nearestNeighbours', () => {
  it('lists each point first, then the others nearest first', () => {
    const points = Float32Array.from([0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 2.5, 0]);
    expect(Array.from(nearestNeighbours(points, 3))).toEqual([0, 1, 3, 1, 0, 2, 2, 1, 0, 3, 0, 1]);
  });
});
