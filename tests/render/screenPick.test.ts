import { describe, expect, it } from 'vitest';
import { pickNearest, pointsInView, projectPoint } from '../../src/render/screenPick';
import { gatherRows } from '../../src/core/geometry/displaySubset';

// A camera at z = 5 looking down -z with a 90° field of view on a 200 x 100 canvas (aspect 2):
// column-major perspective projection times the view matrix (a translation by -5 in z).
function mvp(): number[] {
  const f = 1; // 1 / tan(45°)
  const aspect = 2;
  const near = 0.1;
  const far = 100;
  const p = [f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) / (near - far), -1, 0, 0, (2 * far * near) / (near - far), 0];
  // p * translate(0, 0, -5): only the last column changes.
  const t = [...p];
  for (let r = 0; r < 4; r++) t[12 + r] = p[12 + r] - 5 * p[8 + r];
  return t;
}

describe('screen-space picking', () => {
  const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 6]);

  it('projects points to CSS pixels', () => {
    expect(projectPoint(positions, 0, mvp(), 200, 100)).toEqual([100, 50]);
    const [x, y] = projectPoint(positions, 1, mvp(), 200, 100)!;
    expect(x).toBeCloseTo(110, 5);
    expect(y).toBeCloseTo(50, 5);
    expect(projectPoint(positions, 3, mvp(), 200, 100)).toBeNull();
  });

  it('picks the nearest point to the camera under the cursor, never one behind it', () => {
    // Points 0 and 2 both project to the centre; 2 is closer to the camera.
    expect(pickNearest(positions, mvp(), 200, 100, 100, 50, 4)).toBe(2);
    expect(pickNearest(positions, mvp(), 200, 100, 111, 50, 4)).toBe(1);
    expect(pickNearest(positions, mvp(), 200, 100, 150, 90, 4)).toBe(-1);
  });

  it('skips hidden points', () => {
    expect(pickNearest(positions, mvp(), 200, 100, 100, 50, 4, new Uint8Array([1, 1, 0, 1]))).toBe(0);
  });
});

describe('display subset', () => {
  it('gathers rows of a per-point array', () => {
    const src = new Float32Array([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect([...gatherRows(src, 3, new Uint32Array([2, 0]), new Float32Array(6))]).toEqual([2, 2, 2, 0, 0, 0]);
  });
});

describe('picking among drawn points', () => {
  const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 6]);

  it('picks only points the view draws', () => {
    // point 2 is nearer the camera than 0 at the same spot, but not drawn
    expect(pickNearest(positions, mvp(), 200, 100, 100, 50, 4, undefined, { indices: new Uint32Array([1, 0, 2]), count: 2 })).toBe(0);
    expect(pickNearest(positions, mvp(), 200, 100, 100, 50, 4, undefined, { indices: new Uint32Array([1]), count: 1 })).toBe(-1);
  });

  it('counts the points in view and those of them drawn', () => {
    // point 3 is behind the camera
    expect(pointsInView(positions, mvp(), { indices: null, count: 4 })).toEqual({ inView: 3, drawnInView: 3 });
    expect(pointsInView(positions, mvp(), { indices: new Uint32Array([3, 1, 0]), count: 2 })).toEqual({ inView: 3, drawnInView: 1 });
  });
});
