import { describe, expect, it } from 'vitest';
import { computeBounds, fitsSameView } from '../../../src/core/geometry/bounds';
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

describe('fitsSameView', () => {
  const box = (min: [number, number, number], max: [number, number, number]) => ({ min, max });
  const sweep = box([-40, -40, -2], [40, 40, 3]);

  it('holds for a scan centred inside the one shown, of about its size', () => {
    expect(fitsSameView(sweep, box([-35, -42, -2], [45, 38, 4]))).toBe(true);
    expect(fitsSameView(sweep, box([-20, -20, -1], [20, 20, 1]))).toBe(true);
  });

  it('fails for a scan centred outside, or more than twice as large or small', () => {
    expect(fitsSameView(sweep, box([50, -40, -2], [130, 40, 3]))).toBe(false);
    expect(fitsSameView(sweep, box([-100, -100, -2], [100, 100, 3]))).toBe(false);
    expect(fitsSameView(sweep, box([-10, -10, -1], [10, 10, 1]))).toBe(false);
  });
});
