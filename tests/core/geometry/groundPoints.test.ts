import { describe, expect, it } from 'vitest';
import { contourLines, type ContourLine } from '../../../src/core/geometry/contours';
import { findGround, GROUND, GROUND_FIELD, LOW_NOISE, NOT_GROUND } from '../../../src/core/geometry/ground';
import { checkGroundLeft, groundKept, groundSourceOf } from '../../../src/core/geometry/groundPoints';
import { heightGrid } from '../../../src/core/geometry/heightGrid';
import { BUILDINGS, ringsAroundBuildings, terrain } from './groundTerrain';

/** The closed lines, each its points' x and y. */
const ringsOf = (lines: ContourLine[]) => lines.filter((l) => l.closed).map((l) => Array.from({ length: l.points.length / 3 }, (_, i): [number, number] => [l.points[3 * i], l.points[3 * i + 1]]));

/** The points of lines inside a building's footprint less `inset` on each side. */
function pointsInsideBuildings(lines: ContourLine[], inset: number): number {
  let n = 0;
  for (const l of lines)
    for (let i = 0; i < l.points.length; i += 3) {
      const [x, y] = [l.points[i], l.points[i + 1]];
      if (BUILDINGS.some(([bx, by, w, d]) => x > bx + inset && x < bx + w - inset && y > by + inset && y < by + d - inset)) n++;
    }
  return n;
}

describe('ground points', () => {
  it("reads the ground found first, a LAS file's class 2 where there is none, and nothing where neither holds ground", () => {
    const found = Uint8Array.from([GROUND, NOT_GROUND]);
    const las = Uint8Array.from([6, GROUND]);
    expect(groundSourceOf({ [GROUND_FIELD]: found, classification: las })).toEqual({ field: GROUND_FIELD, labels: found });
    expect(groundSourceOf({ classification: las })).toEqual({ field: 'classification', labels: las });
    // a classification with no class 2 says nothing of where the ground is
    expect(groundSourceOf({ classification: Uint8Array.from([1, 6]) })).toBeNull();
    expect(groundSourceOf({ intensity: Uint16Array.from([2, 2]) })).toBeNull();
  });

  it('narrows the kept points to those of class 2, and refuses in words where none is left', () => {
    const labels = Uint8Array.from([GROUND, NOT_GROUND, LOW_NOISE, GROUND, 0]);
    expect(groundKept(labels, null)).toEqual({ mask: Uint8Array.from([1, 0, 0, 1, 0]), count: 2 });
    expect(groundKept(labels, Uint8Array.from([0, 1, 1, 1, 1]))).toEqual({ mask: Uint8Array.from([0, 0, 0, 1, 0]), count: 1 });
    expect(groundKept(labels, Uint8Array.from([0, 1, 1, 0, 1])).count).toBe(0);
    expect(() => checkGroundLeft(0, { field: GROUND_FIELD }, true)).toThrow('None of the points kept is ground (class 2 of the ground found): widen the clip, find the ground again, or grid all points.');
    expect(() => checkGroundLeft(0, { field: 'classification' }, false)).toThrow("None of the points is ground (class 2 of the file's LAS classification): find the ground again, or grid all points.");
    expect(() => checkGroundLeft(1, { field: GROUND_FIELD }, true)).not.toThrow();
  });

  it("draws the survey's contours from its ground points without a ring about a building, where every point rings each one", () => {
    const { positions } = terrain();
    const split = findGround(positions, { up: '+z' });
    const every = heightGrid(positions, { up: '+z', cell: 1, height: 'mean' });
    const { mask, count } = groundKept(split.labels, null);
    const bare = heightGrid(positions, { up: '+z', cell: 1, height: 'mean', kept: mask });
    expect(bare.points).toBe(count);
    expect(count).toBe(split.ground);
    const allLines = contourLines(every, { interval: 1 }).lines;
    const groundLines = contourLines(bare, { interval: 1 }).lines;
    // the roofs 10 m up: rings about each of the five buildings, and lines over their roofs' edges
    for (const rings of ringsAroundBuildings(ringsOf(allLines), 2)) expect(rings).toBeGreaterThan(0);
    expect(pointsInsideBuildings(allLines, 0)).toBeGreaterThan(0);
    // the bare earth: the cells under a roof are empty, a gap no line crosses
    expect(ringsAroundBuildings(ringsOf(groundLines), 2)).toEqual([0, 0, 0, 0, 0]);
    expect(pointsInsideBuildings(groundLines, 1)).toBe(0);
    // the 30 × 20 m building alone leaves 600 cells of 1 m empty; the others more
    expect(bare.empty - every.empty).toBeGreaterThan(600);
    expect(groundLines.length).toBeGreaterThan(0);
  });
});
