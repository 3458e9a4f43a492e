import { describe, expect, it } from 'vitest';
import { pastTheEnds } from '../../../src/features/viewer/ValueFilter';

const POINTS = ['point', 'points'] as const;

describe("what the legend says of the points past a scale's ends", () => {
  it('names each side with points, the first with its unit', () => {
    expect(pastTheEnds({ below: 1200, above: 3, missing: 1 }, POINTS)).toBe('1,200 points below the range, 3 above it, 1 with no value');
    expect(pastTheEnds({ below: 0, above: 1, missing: 5 }, ['vertex', 'vertices'])).toBe('1 vertex above the range, 5 with no value');
    expect(pastTheEnds({ below: 0, above: 0, missing: 2 }, POINTS)).toBe('2 points with no value');
  });

  it('says nothing where every point is in the range', () => {
    expect(pastTheEnds({ below: 0, above: 0, missing: 0 }, POINTS)).toBeNull();
  });
});
