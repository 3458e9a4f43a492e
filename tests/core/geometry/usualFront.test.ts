import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { axisIndex, axisSign, turnedGeometry, type SignedAxis } from '../../../src/core/geometry/signedAxis';
import { usualFront } from '../../../src/core/geometry/usualFront';
import { fixture } from '../io/helpers';

/** Where the top of a chair (its backrest: the highest 15% of its vertices) lies from its centre, along `axis`. */
function backrestOffset(positions: Float32Array, up: SignedAxis, axis: number): number {
  const u = axisIndex(up);
  const s = axisSign(up);
  const n = positions.length / 3;
  const heights = Array.from({ length: n }, (_, i) => s * positions[i * 3 + u]).sort((a, b) => a - b);
  const cut = heights[Math.floor(n * 0.85)];
  let all = 0;
  let top = 0;
  let tops = 0;
  for (let i = 0; i < n; i++) {
    all += positions[i * 3 + axis];
    if (s * positions[i * 3 + u] >= cut) {
      top += positions[i * 3 + axis];
      tops++;
    }
  }
  return top / tops - all / n;
}

describe('usualFront', () => {
  it('a ShapeNet chair (+y up) faces away from its backrest', async () => {
    const r = await parseFiles(['chair_362f53ee.obj', 'chair_362f53ee.mtl'].map((name) => ({ name, bytes: fixture(name) })));
    const front = usualFront('+y');
    const offset = backrestOffset(r.data.positions, '+y', axisIndex(front));
    // the backrest lies behind the centre, against the facing direction
    expect(offset * axisSign(front)).toBeLessThan(-0.05);
  });

  it('turns with the file: the same chair stored +z up (as ModelNet OFF meshes are) faces usualFront(+z)', async () => {
    const r = await parseFiles(['chair_362f53ee.obj', 'chair_362f53ee.mtl'].map((name) => ({ name, bytes: fixture(name) })));
    // ModelNet's OFF meshes are its resampled +y-up clouds with y and z swapped
    const p = r.data.positions.slice();
    for (let i = 0; i < p.length; i += 3) [p[i + 1], p[i + 2]] = [p[i + 2], p[i + 1]];
    const front = usualFront('+z');
    expect(backrestOffset(p, '+z', axisIndex(front)) * axisSign(front)).toBeLessThan(-0.05);
  });

  it('an upside-down file faces the other way', async () => {
    const r = await parseFiles(['chair_362f53ee.obj', 'chair_362f53ee.mtl'].map((name) => ({ name, bytes: fixture(name) })));
    const turned = turnedGeometry(r.data, '+y', '-y');
    const front = usualFront('-y');
    expect(backrestOffset(turned.positions, '-y', axisIndex(front)) * axisSign(front)).toBeLessThan(-0.05);
  });
});
