import { describe, expect, it } from 'vitest';
import { computeBounds } from '../../../src/core/geometry/bounds';
import { parseOff } from '../../../src/core/io/off';
import { fixture } from '../io/helpers';

describe('computeBounds', () => {
  it('gives the extremes of the ModelNet bathtub per axis', () => {
    const p = parseOff(fixture('bathtub_0002.off')).data.positions;
    const b = computeBounds(p);
    for (let k = 0; k < 3; k++) {
      const axis = p.filter((_, i) => i % 3 === k);
      expect(b.min[k]).toBe(Math.min(...axis));
      expect(b.max[k]).toBe(Math.max(...axis));
    }
  });

  it('ignores non-finite points and gives zeros for none', () => {
    expect(computeBounds(new Float32Array([NaN, 0, 0, 1, 2, 3, -1, Infinity, 0]))).toEqual({ min: [1, 2, 3], max: [1, 2, 3] });
    expect(computeBounds(new Float32Array(0))).toEqual({ min: [0, 0, 0], max: [0, 0, 0] });
  });
});
