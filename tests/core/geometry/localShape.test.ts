import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCAL_SHAPE_VOXEL, localShape } from '../../../src/core/geometry/localShape';
import { InputError } from '../../../src/core/types';

// written by training/pointlens_train/pipelines/seg_fixtures.py: every 10th point of a real ScanNet scan
const fx = JSON.parse(readFileSync(new URL('../../fixtures/seg/local_shape_parity.json', import.meta.url), 'utf8'));
const positions = Float32Array.from(fx.positions as number[]);

/** A grid of points on a plane spanned by unit vectors u and v, 2 cm apart, 1 m square. */
function plane(u: number[], v: number[]): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < 50; i++) for (let j = 0; j < 50; j++) for (let a = 0; a < 3; a++) out.push(1 + 0.02 * (i * u[a] + j * v[a]));
  return Float32Array.from(out);
}

describe('local shape', () => {
  it('gives the Python training code’s features on a real scan', () => {
    const shape = localShape(positions, fx.lo);
    expect(shape.length).toBe(fx.shape.length);
    let worst = 0;
    let far = 0;
    for (let i = 0; i < shape.length; i++) {
      const d = Math.abs(shape[i] - fx.shape[i]);
      worst = Math.max(worst, d);
      if (d > 1e-5) far++;
    }
    // the closed-form eigenvalues go through acos and cos, whose last bit may differ between
    // libraries; a normal is unstable only where two eigenvalues meet
    expect(far / shape.length).toBeLessThan(0.001);
    expect(worst).toBeLessThan(0.5);
  });

  it('calls a floor horizontal and planar, a wall vertical and planar, a pole linear', () => {
    const floor = localShape(plane([1, 0, 0], [0, 1, 0]), [0, 0, 0]);
    const wall = localShape(plane([1, 0, 0], [0, 0, 1]), [0, 0, 0]);
    const pole = localShape(Float32Array.from({ length: 300 }, (_, i) => (i % 3 === 2 ? 0.01 * Math.floor(i / 3) : 0.5)), [0, 0, 0]);
    const centre = (s: Float32Array, n: number) => Array.from(s.subarray(3 * n, 3 * n + 3));
    const [fv, fl, fp] = centre(floor, 25 * 50 + 25);
    expect(fv).toBeCloseTo(1, 6);
    expect(fp).toBeGreaterThan(0.9);
    expect(fl).toBeLessThan(0.1);
    const [wv, , wp] = centre(wall, 25 * 50 + 25);
    expect(wv).toBeCloseTo(0, 6);
    expect(wp).toBeGreaterThan(0.9);
    const [, pl] = centre(pole, 50);
    expect(pl).toBeCloseTo(1, 6);
  });

  it('gives the same features to a cloud turned a quarter about the up axis, the grid turned with it', () => {
    const turned = new Float32Array(positions.length);
    let hiY = -Infinity;
    for (let i = 0; i < positions.length; i += 3) {
      turned[i] = -positions[i + 1];
      turned[i + 1] = positions[i];
      turned[i + 2] = positions[i + 2];
      hiY = Math.max(hiY, positions[i + 1]);
    }
    // the turned grid's x origin sits a whole number of voxels below -lo_y, beyond the turned cloud
    const voxels = Math.ceil((hiY - fx.lo[1]) / LOCAL_SHAPE_VOXEL) + 1;
    const a = localShape(positions, fx.lo);
    const b = localShape(turned, [-fx.lo[1] - voxels * LOCAL_SHAPE_VOXEL, fx.lo[0], fx.lo[2]]);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) < 1e-4) same++;
    // points on a voxel boundary change sides when the axis flips
    expect(same / a.length).toBeGreaterThan(0.99);
  });

  it('gives isolated points no shape, and refuses a cloud too wide for its grid', () => {
    expect(Array.from(localShape(Float32Array.from([0, 0, 0, 5, 5, 5]), [0, 0, 0]))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => localShape(Float32Array.from([0, 0, 0, 1e9, 1e9, 1e9]), [0, 0, 0])).toThrow(InputError);
  });
});
