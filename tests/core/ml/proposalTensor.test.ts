import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/random';
import { evenSample, floorHeight, writeProposalTensor } from '../../../src/core/ml/proposalTensor';

describe('proposal tensors', () => {
  it('sample evenly over the points, repeating a small proposal in turn', () => {
    expect([...evenSample(1000, 4)]).toEqual([0, 250, 500, 750]);
    expect([...evenSample(3, 7)]).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it("take the floor as the heights' 1st percentile with numpy's interpolation", () => {
    const z = [0.5, -1, 2, 3, 0.25, 7, 1.5];
    const positions = Float32Array.from(z.flatMap((h) => [0, 0, h]));
    // numpy.percentile(z, 1) = -1 + 0.06 * (0.25 - -1)
    expect(floorHeight(positions)).toBeCloseTo(-0.925, 12);
    expect(floorHeight(new Float32Array(0))).toBe(0);
  });

  it('give the floor that sorting every height gives, on many heights with ties, and on one', () => {
    const rng = createRng(5);
    for (const n of [1, 2, 101, 10_000]) {
      const z = Float64Array.from({ length: n }, () => (rng() < 0.5 ? Math.round(rng() * 20) / 10 : rng() * 3 - 0.5));
      const positions = Float32Array.from([...z].flatMap((h) => [rng(), rng(), h]));
      const sorted = Float64Array.from({ length: n }, (_, i) => positions[3 * i + 2]).sort();
      const at = 0.01 * (n - 1);
      const lo = Math.floor(at);
      const hi = Math.min(lo + 1, n - 1);
      expect(floorHeight(positions)).toBe(sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo));
    }
  });

  it('write metres from the footprint centre and the base, colour, and height above the floor', () => {
    const positions = Float32Array.of(1, 1, 2, 3, 2, 2.5, 2, 1.5, 3);
    const colors = Uint8Array.of(255, 0, 0, 255, 0, 0, 255, 0, 0);
    const out = new Float32Array(1 + 7 * 3);
    writeProposalTensor(positions, colors, [0, 1, 2], 0.5, 3, out, 1);
    const feature = (f: number) => [...out.subarray(1 + 3 * f, 1 + 3 * f + 3)];
    expect(out[0]).toBe(0); // before the offset nothing is written
    expect(feature(0)).toEqual([-1, 1, 0]);
    expect(feature(1)).toEqual([-0.5, 0.5, 0]);
    expect(feature(2)).toEqual([0, 0.5, 1]);
    expect(feature(3)).toEqual([0.5, 0.5, 0.5]);
    expect(feature(4)).toEqual([-0.5, -0.5, -0.5]);
    expect(feature(6)).toEqual([1.5, 2, 2.5]);
    writeProposalTensor(positions, undefined, [0, 1, 2], 0.5, 3, out, 1);
    expect(feature(3)).toEqual([0, 0, 0]);
  });
});
