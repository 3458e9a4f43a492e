import { describe, expect, it } from 'vitest';
import type { ClipBox } from '../../../src/core/geometry/clip';
import { clipNote } from '../../../src/features/segmentation/ClipNote';

const box: ClipBox = { center: [0, 0, 0], size: [1, 1, 1], keep: 'inside' };
const WHOLE = 'the figures here are of the whole scan; the legend and the exports count only those kept.';

describe("the segmentation panel's clip note", () => {
  it('names the cut that is on and what it keeps, and says the figures are of the whole scan', () => {
    expect(clipNote({ box, section: null }, 1200, 50_000, 'points')).toBe(`The clip box keeps 1,200 of 50,000 points: ${WHOLE}`);
    expect(clipNote({ box: null, section: 1.2 }, 1, 3, 'vertices')).toBe(`The section keeps 1 of 3 vertices: ${WHOLE}`);
    expect(clipNote({ box, section: 1.2 }, 10, 30, 'points')).toBe(`The clip box and section keep 10 of 30 points: ${WHOLE}`);
  });
});
