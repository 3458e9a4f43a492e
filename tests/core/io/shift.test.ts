import { describe, expect, it } from 'vitest';
import { parsePly } from '../../../src/core/io/ply';
import { inFileCoordinates, offsetFrom, originNear, pointInFile } from '../../../src/core/io/shift';
import { writePly } from '../../../src/core/io/writePly';
import type { PointCloud } from '../../../src/core/types';

describe('survey coordinates kept relative to an origin', () => {
  it('takes an origin only where a coordinate lies beyond 10 km of zero, on every axis, to whole units', () => {
    expect(originNear([3.2, -8.7, 1.1])).toBeUndefined();
    expect(originNear([9999, 0, 0])).toBeUndefined();
    expect(originNear([512345.6, 4123456.4, 118.7])).toEqual([512346, 4123456, 119]);
    expect(originNear([-20000.2, 5, 0])).toEqual([-20000, 5, 0]);
    expect(originNear([NaN, 4e6, 0])).toBeUndefined();
  });

  it('puts kept positions back in the file coordinates, and layers of two origins side by side', () => {
    expect(Array.from(inFileCoordinates(new Float32Array([0.25, -1.5, 2, 1, 1, 1]), [500000, 4000000, 100]))).toEqual([500000.25, 3999998.5, 102, 500001, 4000001, 101]);
    expect(pointInFile([1, 2, 3], undefined)).toEqual([1, 2, 3]);
    expect(pointInFile([1, 2, 3], [10, 20, 30])).toEqual([11, 22, 33]);
    expect(offsetFrom([500010, 4000000, 100], [500000, 4000005, 100])).toEqual([10, -5, 0]);
    expect(offsetFrom(undefined, [500000, 0, 0])).toEqual([-500000, 0, 0]);
  });

  it('writes kept positions as doubles in the file coordinates, which a binary PLY reads back to the millimetre', () => {
    const origin: [number, number, number] = [512345, 4123456, 118];
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array([0.001, 0.002, 0.003, 2.5, -3.25, 1.75, -0.4, 0.6, 2.9]), fields: {} };
    const bytes = writePly(cloud, {}, origin);
    expect(new TextDecoder().decode(bytes.subarray(0, 120))).toContain('property double x');
    const back = parsePly(bytes);
    // the first vertex's neighbourhood: (512345.001, 4123456.002, 118.003) to whole units
    expect(back.origin).toEqual(origin);
    expect(back.warnings).toEqual([`coordinates are kept relative to (${origin.join(', ')}), its first vertex, to keep millimetres; the panels and exports add it back`]);
    back.data.positions.forEach((v, i) => expect(Math.abs(v - cloud.positions[i])).toBeLessThan(1e-6));
    // written without the origin, the same floats come back as they are
    expect(parsePly(writePly(cloud)).origin).toBeUndefined();
  });
});
