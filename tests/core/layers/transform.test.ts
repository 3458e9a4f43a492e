import { describe, expect, it } from 'vitest';
import { aboutCentre, applyMatrix, checkTransform, IDENTITY_TRANSFORM, isIdentity, sceneMatrix, transformBounds, transformMatrix, unionBounds } from '../../../src/core/layers/transform';
import { turnMatrix } from '../../../src/core/geometry/signedAxis';

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 9));

describe('layer transform', () => {
  it('leaves every point where it is at the identity', () => {
    const m = transformMatrix(IDENTITY_TRANSFORM, [3, -2, 7], '+z');
    close(applyMatrix(m, [1.5, 2, -4]), [1.5, 2, -4]);
    expect(isIdentity(IDENTITY_TRANSFORM)).toBe(true);
  });

  it('turns counter-clockwise seen from above, about the pivot, for each up axis', () => {
    // a quarter turn about +z through (1, 1, 0): (2, 1, 5) -> (1, 2, 5)
    close(applyMatrix(transformMatrix({ ...IDENTITY_TRANSFORM, rotateDeg: 90 }, [1, 1, 0], '+z'), [2, 1, 5]), [1, 2, 5]);
    // about +y (three's up), x goes to -z
    close(applyMatrix(transformMatrix({ ...IDENTITY_TRANSFORM, rotateDeg: 90 }, [0, 0, 0], '+y'), [1, 0, 0]), [0, 0, -1]);
    // about -z the same turn goes the other way
    close(applyMatrix(transformMatrix({ ...IDENTITY_TRANSFORM, rotateDeg: 90 }, [0, 0, 0], '-z'), [1, 0, 0]), [0, -1, 0]);
    // the height along up is kept
    const p = applyMatrix(transformMatrix({ ...IDENTITY_TRANSFORM, rotateDeg: 37 }, [0.3, 0.2, 0.1], '+x'), [4, 5, 6]);
    expect(p[0]).toBeCloseTo(4, 9);
  });

  it('scales about the pivot and moves by the translation after the turn', () => {
    const m = transformMatrix({ translate: [10, 0, -1], rotateDeg: 180, scale: 2 }, [1, 1, 1], '+z');
    // (2, 1, 1): 1 right of the pivot, scaled to 2, turned half way to -2 in x, moved by (10, 0, -1)
    close(applyMatrix(m, [2, 1, 1]), [1 - 2 + 10, 1, 1 - 1]);
    close(applyMatrix(m, [1, 1, 1]), [11, 1, 0]);
  });

  it('bounds a moved box by its corners and joins boxes', () => {
    const b = { min: [0, 0, 0] as [number, number, number], max: [2, 1, 1] as [number, number, number] };
    const turned = transformBounds(b, transformMatrix({ ...IDENTITY_TRANSFORM, rotateDeg: 90 }, [1, 0.5, 0.5], '+z'));
    close(turned.min, [0.5, -0.5, 0]);
    close(turned.max, [1.5, 1.5, 1]);
    expect(unionBounds([b, { min: [-1, 3, 0], max: [0, 4, 2] }])).toEqual({ min: [-1, 0, 0], max: [2, 4, 2] });
    expect(unionBounds([])).toBeNull();
  });

  it('places a layer in the scene: its transform, then its origin offset, then its up turned onto +y', () => {
    const t = { translate: [1, 2, 3] as [number, number, number], rotateDeg: 40, scale: 1.5 };
    const bounds = { min: [0, 0, 0] as [number, number, number], max: [4, 2, 6] as [number, number, number] };
    for (const up of ['+z', '-x', '+y'] as const) {
      const p: [number, number, number] = [0.5, -3, 2];
      const moved = applyMatrix(transformMatrix(t, [2, 1, 3], up), p).map((v, i) => v + [100, -50, 7][i]);
      const r = turnMatrix(up, '+y');
      const expected = [0, 1, 2].map((i) => r[3 * i] * moved[0] + r[3 * i + 1] * moved[1] + r[3 * i + 2] * moved[2]);
      close(applyMatrix(sceneMatrix(t, bounds, up, [100, -50, 7]), p), expected);
    }
  });

  it('says what is wrong with a transform a person typed', () => {
    expect(checkTransform({ ...IDENTITY_TRANSFORM, scale: 0 })).toMatch(/scale must be more than 0/);
    expect(checkTransform({ ...IDENTITY_TRANSFORM, translate: [0, Number.NaN, 0] })).toMatch(/number/);
    expect(checkTransform({ translate: [1, 2, 3], rotateDeg: -45, scale: 0.5 })).toBeNull();
  });
});

describe('aboutCentre', () => {
  it('places every point where the transform about the other centre places it, turned, scaled and moved', () => {
    const t = { translate: [0.4, -1.2, 2] as [number, number, number], rotateDeg: 37, scale: 1.7 };
    const from: [number, number, number] = [1, 2, 0.5];
    const to: [number, number, number] = [1.3, 1.8, 0.2];
    const moved = aboutCentre(t, from, to, '-y');
    expect(moved.rotateDeg).toBe(37);
    expect(moved.scale).toBe(1.7);
    for (const p of [[0, 0, 0], [3, -2, 5], to, from] as [number, number, number][]) {
      const want = applyMatrix(transformMatrix(t, from, '-y'), p);
      applyMatrix(transformMatrix(moved, to, '-y'), p).forEach((v, i) => expect(v).toBeCloseTo(want[i], 10));
    }
    expect(aboutCentre(IDENTITY_TRANSFORM, from, to, '+z')).toEqual(IDENTITY_TRANSFORM);
  });
});
