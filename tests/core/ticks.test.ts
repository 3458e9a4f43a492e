import { describe, expect, it } from 'vitest';
import { roundStep, roundTicks } from '../../src/core/ticks';

describe('round ticks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(roundStep(3.7, 5)).toBe(1);
    expect(roundStep(0.55, 5)).toBeCloseTo(0.2, 12);
    expect(roundStep(2400, 5)).toBe(500);
    expect(roundStep(0, 5)).toBe(1);
  });

  it('puts gridlines on the multiples inside the range, written as the round numbers they are', () => {
    expect(roundTicks(0, 3.7, 5)).toEqual([0, 1, 2, 3]);
    expect(roundTicks(-0.13, 0.42, 5)).toEqual([0, 0.2, 0.4]);
    expect(roundTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(roundTicks(2, 2, 5)).toEqual([2]);
  });
});
