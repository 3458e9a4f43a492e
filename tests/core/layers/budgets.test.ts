import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerBudgetRefusal } from '../../../src/core/layers/memoryBudget';
import { shareBudget } from '../../../src/core/layers/pointBudget';

describe('point budget shared between layers', () => {
  it('splits evenly between layers larger than their share', () => {
    expect(shareBudget(50_000, [25_000, 25_000])).toEqual([25_000, 25_000]);
    expect(shareBudget(50_000, [1_000_000, 1_000_000])).toEqual([25_000, 25_000]);
  });

  it('draws a small layer whole and gives what it leaves to the big ones', () => {
    expect(shareBudget(50_000, [1_000_000, 4_000, 300_000])).toEqual([23_000, 4_000, 23_000]);
    expect(shareBudget(100, [1_000, 0])).toEqual([100, 0]);
  });

  it('never gives more than the budget, nor a layer more than its points, and leaves nothing unused that a layer could draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { maxLength: 8 }), (budget, points) => {
        const share = shareBudget(budget, points);
        const total = share.reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(budget);
        share.forEach((s, i) => expect(s).toBeLessThanOrEqual(points[i]));
        expect(total).toBe(Math.min(budget, points.reduce((a, b) => a + b, 0)));
      }),
    );
  });
});

describe('read budget over the layers', () => {
  const MB = 2 ** 20;
  it('lets a layer in while the layers fit together', () => {
    expect(layerBudgetRefusal('b.ply', 400 * MB, [600 * MB], 1024 * MB)).toBeNull();
  });

  it('refuses a layer past the budget, naming the sizes', () => {
    const message = layerBudgetRefusal('scan.ply', 500 * MB, [300 * MB, 300 * MB], 1024 * MB);
    expect(message).toBe(
      'scan.ply was not added: it takes 500.0 MB once read and the 2 layers shown take 600.0 MB, more than the 1.0 GB read budget together. Remove a layer, or open the file alone (Shift while dropping replaces the layers).',
    );
  });
});
