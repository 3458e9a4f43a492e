import { describe, expect, it } from 'vitest';
import { ascendingOrder } from '../../src/core/ascendingOrder';
import { createRng } from '../../src/core/random';

/** What a comparator sort gives: ascending values, equal ones in index order. */
function byComparator(values: Float64Array): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b] || a - b);
}

describe('ascendingOrder', () => {
  it('orders negative, zero, tiny, huge and infinite values as numbers, and keeps equal ones in index order', () => {
    const values = Float64Array.from([3, -1, 0, 2.2e-16, -2.2e-16, 1e300, -Infinity, Infinity, 3, 0.5, -1, 5e-324, 1 - 0.9999999999999999, 0, -0]);
    expect([...ascendingOrder(values)]).toEqual(byComparator(values));
    expect([...ascendingOrder(values)].map((i) => values[i])).toEqual([...values].sort((a, b) => a - b));
  });

  it("gives a comparator sort's order of many values with many ties, as the over-segmentation's edge weights have", () => {
    const rng = createRng(7);
    // one minus the dot product of nearby unit normals: mostly near 0, many exactly equal
    const values = Float64Array.from({ length: 200_000 }, () => (rng() < 0.3 ? Math.round(rng() * 50) / 50 : 1 - Math.cos(rng() * rng())));
    expect([...ascendingOrder(values)]).toEqual(byComparator(values));
  });

  it('orders nothing as nothing', () => {
    expect([...ascendingOrder(new Float64Array(0))]).toEqual([]);
  });
});
