import { Matrix4, PerspectiveCamera } from 'three';
import { describe, expect, it } from 'vitest';
import { applySelection, insidePolygon, pointsInShape, selectedIndices, type ScreenView } from '../../../src/core/geometry/screenSelection';

/**
 * A camera 5 units from the origin on +z looking down -z with a 90° field of view, on a 200 x 200
 * canvas: a point (x, y, 0) lands at (100 + 20x, 100 - 20y).
 */
function knownView(): ScreenView {
  const camera = new PerspectiveCamera(90, 1, 0.1, 100);
  camera.position.set(0, 0, 5);
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  return { mvp: new Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements, width: 200, height: 200 };
}

/** An 11 x 11 grid of points 1 apart in the plane z = 0, x and y from -5 to 5, row by row. */
function grid(): Float32Array {
  const out: number[] = [];
  for (let y = -5; y <= 5; y++) for (let x = -5; x <= 5; x++) out.push(x, y, 0);
  return Float32Array.from(out);
}

const at = (positions: Float32Array, hits: Int32Array) => [...hits].map((i) => [positions[3 * i], positions[3 * i + 1]]);

describe('selecting points by a shape on screen', () => {
  it('takes the points whose projection falls in a box dragged either way', () => {
    const positions = grid();
    // the box spans x from -1.5 to 1.5 and y from -2.5 to 1.5: its edges fall between points
    const hits = pointsInShape(positions, knownView(), { kind: 'box', x0: 130, y0: 70, x1: 70, y1: 150 });
    expect(hits.length).toBe(3 * 4);
    for (const [x, y] of at(positions, hits)) {
      expect(Math.abs(x)).toBeLessThanOrEqual(1);
      expect(y).toBeGreaterThanOrEqual(-2);
      expect(y).toBeLessThanOrEqual(1);
    }
  });

  it('takes the points inside a lasso, not those in its bounding box outside it', () => {
    const positions = grid();
    // a triangle with corners on screen at (40, 160), (160, 160), (100, 40): points (-3,-3), (3,-3), (0,3)
    const lasso = { kind: 'lasso' as const, points: [39, 161, 161, 161, 100, 39] };
    const hits = at(positions, pointsInShape(positions, knownView(), lasso));
    // rows y = -3 .. 3, each |x| <= (3 - y) / 2 wide
    const expected: number[][] = [];
    for (let y = -5; y <= 5; y++) for (let x = -5; x <= 5; x++) if (y >= -3 && y <= 3 && Math.abs(x) <= (3 - y) / 2) expected.push([x, y]);
    expect(hits).toEqual(expected);
    expect(hits).not.toContainEqual([-3, 3]);
  });

  it('never takes a point behind the camera, past its far plane, or one the mask leaves out', () => {
    // (0, 0, 10) is behind the camera, (0, 0, -200) past the far plane; both project near the centre
    const positions = Float32Array.of(0, 0, 0, 0, 0, 10, 0, 0, -200, 1, 0, 0);
    const box = { kind: 'box' as const, x0: 0, y0: 0, x1: 200, y1: 200 };
    expect([...pointsInShape(positions, knownView(), box)]).toEqual([0, 3]);
    expect([...pointsInShape(positions, knownView(), box, Uint8Array.of(0, 1, 1, 1))]).toEqual([3]);
  });

  it('takes nothing with a lasso of fewer than three corners', () => {
    expect(pointsInShape(grid(), knownView(), { kind: 'lasso', points: [0, 0, 200, 200] })).toHaveLength(0);
  });

  it('tests inside a concave polygon by the even-odd rule', () => {
    // a U: the notch between its arms is outside
    const inU = insidePolygon([0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30]);
    expect(inU(5, 20)).toBe(true);
    expect(inU(15, 20)).toBe(false);
    expect(inU(15, 5)).toBe(true);
    expect(inU(35, 5)).toBe(false);
    expect(inU(5, -1)).toBe(false);
    expect(inU(5, 31)).toBe(false);
  });

  it('answers as testing every edge does, on a lasso of hundreds of corners', () => {
    // a wavy closed curve, and a grid of points over its bounding box
    const xy: number[] = [];
    for (let k = 0; k < 300; k++) {
      const a = (k / 300) * 2 * Math.PI;
      xy.push(100 + 60 * Math.cos(a) * (1 + 0.3 * Math.sin(7 * a)), 100 + 60 * Math.sin(a) * (1 + 0.2 * Math.cos(5 * a)));
    }
    const everyEdge = (x: number, y: number) => {
      let inside = false;
      for (let i = 0, j = 299; i < 300; j = i++) {
        const [xi, yi, xj, yj] = [xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1]];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    };
    const test = insidePolygon(xy);
    let inside = 0;
    let differ = 0;
    for (let y = 20.25; y < 180; y += 0.7)
      for (let x = 20.5; x < 180; x += 0.7) {
        const expected = everyEdge(x, y);
        if (test(x, y) !== expected) differ++;
        if (expected) inside++;
      }
    expect(differ).toBe(0);
    expect(inside).toBeGreaterThan(10_000);
  });

  it('replaces, adds to and takes from a selection', () => {
    const selection = new Uint8Array(6);
    applySelection(selection, [0, 1, 2], 'replace');
    applySelection(selection, [4], 'add');
    expect([...selectedIndices(selection)]).toEqual([0, 1, 2, 4]);
    applySelection(selection, [1, 5], 'subtract');
    expect([...selectedIndices(selection)]).toEqual([0, 2, 4]);
    applySelection(selection, [5], 'replace');
    expect([...selectedIndices(selection)]).toEqual([5]);
  });
});
