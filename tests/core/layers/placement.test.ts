import { describe, expect, it } from 'vitest';
import { distance, measureValue } from '../../../src/core/geometry/measure';
import { sceneOrigin } from '../../../src/core/io/shift';
import { placedInFile, placedInScene, type Placement } from '../../../src/core/layers/placement';
import { IDENTITY_TRANSFORM } from '../../../src/core/layers/transform';

const close = (a: readonly number[], b: readonly number[]) => {
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
};

// A survey tile with +z up, moved, turned a quarter and doubled about its centre (2, 1, 1)...
const A: Placement = {
  transform: { translate: [10, -3, 1], rotateDeg: 90, scale: 2 },
  bounds: { min: [0, 0, 0], max: [4, 2, 2] },
  up: '+z',
  origin: [500_000, 4_000_000, 100],
};
// ...and a model of the same place with +y up (x east, y its elevation, z south, as a y-up export
// keeps a survey) about an origin of its own, turned half way and halved about its centre (0, 1, 0).
const B: Placement = {
  transform: { translate: [1, 2, 3], rotateDeg: 180, scale: 0.5 },
  bounds: { min: [-1, 0, -1], max: [1, 2, 1] },
  up: '+y',
  origin: [500_020, 110, -4_000_010],
};
// the view is drawn about A's origin, the first one, in the scene's frame: (500000, 100, -4000000)
const VIEW = sceneOrigin(A.origin, A.up);

describe('placement of a layer\'s point', () => {
  it('is the kept point in the file\'s coordinates where the layer is not moved', () => {
    close(placedInFile([1.5, -2, 3], { ...A, transform: IDENTITY_TRANSFORM }), [500_001.5, 3_999_998, 103]);
    close(placedInFile([1.5, -2, 3], { ...A, transform: IDENTITY_TRANSFORM, origin: undefined }), [1.5, -2, 3]);
  });

  it('applies the transform in the file\'s own axes about the layer\'s centre, then adds the origin back', () => {
    // (3, 1, 1) is 1 along x from the centre: doubled to 2, turned a quarter counter-clockwise about +z to +y, moved by (10, -3, 1)
    close(placedInFile([3, 1, 1], A), [500_000 + 2 + 10, 4_000_000 + 1 + 2 - 3, 100 + 1 + 1]);
    // the model's y is its up: a half turn about it takes x and z to their opposites
    close(placedInFile([1, 1, 0], B), [500_020 + 0 - 0.5 + 1, 110 + 1 + 2, -4_000_010 + 3]);
  });

  it('puts two layers of different up axes and origins where they are drawn: a point of each found at one place, measured 0 apart', () => {
    const p: [number, number, number] = [3, 1, 1];
    // A's (12, 0, 2) from its origin, +z turned onto +y
    const inScene = placedInScene(p, A, VIEW);
    close(inScene, [12, 2, 0]);
    // back by hand into B's kept coordinates: less B's origin's offset from A's in the scene (20, 10, -10) and its move,
    // about its centre, turned back (a half turn is its own inverse: x, z negated) and halved back
    const offset = [20, 10, -10];
    const moved = [0, 1, 2].map((k) => inScene[k] - offset[k] - B.transform.translate[k] - [0, 1, 0][k]);
    const q = [-moved[0] / 0.5, moved[1] / 0.5 + 1, -moved[2] / 0.5] as [number, number, number];
    close(q, [18, -21, -14]);
    close(placedInScene(q, B, VIEW), inScene);
    expect(distance(placedInScene(q, B, VIEW), inScene)).toBeCloseTo(0, 9);
    // one unit up B's y, halved by its scale: half a unit straight up in the scene
    const up = placedInScene([q[0], q[1] + 1, q[2]], B, VIEW);
    expect(distance(inScene, up)).toBeCloseTo(0.5, 6);
    close([up[0] - inScene[0], up[1] - inScene[1], up[2] - inScene[2]], [0, 0.5, 0]);
    expect(measureValue('height', [up], { up: '+y', floor: inScene[1] })).toBeCloseTo(0.5, 6);
  });

  it('measures within a layer alike whichever origin the view is drawn about', () => {
    for (const layer of [A, B]) {
      const lengths = [A.origin, B.origin, undefined].map((reference) => distance(placedInScene([0, 0, 0], layer, reference), placedInScene([1, 2, 2], layer, reference)));
      lengths.forEach((l) => expect(l).toBeCloseTo(3 * layer.transform.scale, 6));
    }
  });

  it('scales lengths within a layer by its scale, and leaves angles as they are', () => {
    const [a, b, c] = ([[0, 0, 0], [1, 0, 0], [1, 1, 0]] as [number, number, number][]).map((p) => placedInScene(p, A, undefined));
    expect(distance(a, b)).toBeCloseTo(2, 9);
    expect(measureValue('area', [a, b, c], { up: '+y', floor: 0 })).toBeCloseTo(2, 9);
    expect(measureValue('angle', [a, b, c], { up: '+y', floor: 0 })).toBeCloseTo(90, 9);
  });
});
