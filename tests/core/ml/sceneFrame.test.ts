import { describe, expect, it } from 'vitest';
import { boxInFileFrame, positionsInModelFrame, turnInFileFrame } from '../../../src/core/ml/sceneFrame';
import { computeBounds } from '../../../src/core/geometry/bounds';
import type { LabelledBox } from '../../../src/core/types';
import { boxCorners } from '../../../src/core/geometry/boxCorners';

describe('scene frames', () => {
  it('leaves a z-up scan alone', () => {
    const p = new Float32Array([1, 2, 3]);
    expect(positionsInModelFrame(p, 'z', 'z')).toBe(p);
  });

  it('turns a y-up scan to z-up for the model and its boxes back onto the scan', () => {
    // two corners of a box in a y-up file: x 0..2, y (up) 0..1, z 3..7
    const file = new Float32Array([0, 0, 3, 2, 1, 7]);
    const model = positionsInModelFrame(file, 'y', 'z');
    expect(file[1]).toBe(0); // the file's own array is not touched
    const mb = computeBounds(model);
    expect(mb.max[2] - mb.min[2]).toBeCloseTo(1); // height is now along z
    const found: LabelledBox = {
      center: [(mb.min[0] + mb.max[0]) / 2, (mb.min[1] + mb.max[1]) / 2, (mb.min[2] + mb.max[2]) / 2],
      size: [mb.max[0] - mb.min[0], mb.max[1] - mb.min[1], mb.max[2] - mb.min[2]],
      label: 'table',
      classIndex: 6,
      score: 0.9,
      points: 2,
    };
    const back = boxInFileFrame(found, 'z', 'y');
    expect(back.center.map((v) => Number(v.toFixed(5)))).toEqual([1, 0.5, 5]);
    expect(back.size.map((v) => Number(v.toFixed(5)))).toEqual([2, 1, 4]);
    expect(back.label).toBe('table');
  });

  it.each(['y', '-y', '+x', '-z'] as const)('carries a box turned about the model\'s up onto the same corners in a %s-up file', (fileUp) => {
    const found: LabelledBox = { center: [1, 2, 0.5], size: [2, 1, 1], label: 'bed', classIndex: 3, score: 0.8, points: 50, turn: { axis: 2, radians: 0.5 } };
    const back = boxInFileFrame(found, 'z', fileUp);
    const expected = positionsInModelFrame(Float32Array.from(boxCorners(found)), 'z', fileUp);
    const got = boxCorners(back);
    // the same eight points, whichever order the corners come in
    const sorted = (c: ArrayLike<number>) => Array.from({ length: 8 }, (_, k) => [c[3 * k], c[3 * k + 1], c[3 * k + 2]].map((v) => v.toFixed(4)).join()).sort();
    expect(sorted(got)).toEqual(sorted(expected));
    expect(back.turn?.axis).toBe('xyz'.indexOf(fileUp.slice(-1)));
  });

  it('gives a turn about the model\'s up as the same turn about the + end of the file\'s up axis', () => {
    const turn = { axis: 2 as const, radians: 0.4 };
    expect(turnInFileFrame(turn, 'z', 'z')).toBe(turn);
    expect(turnInFileFrame(turn, 'z', 'y')).toEqual({ axis: 1, radians: 0.4 });
    // up along -z: the same turn is the other way about +z
    expect(turnInFileFrame(turn, 'z', '-z')).toEqual({ axis: 2, radians: -0.4 });
    expect(turnInFileFrame(turn, 'z', '-x')).toEqual({ axis: 0, radians: -0.4 });
  });
});
