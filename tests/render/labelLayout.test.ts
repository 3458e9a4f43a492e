import { describe, expect, it } from 'vitest';
import type { LabelledBox } from '../../src/core/types';
import { labelOffsets, labelsToName, MAX_NAMED_BOXES } from '../../src/render/labelLayout';

const box = (label: string, score: number): LabelledBox => ({ center: [0, 0, 0], size: [1, 1, 1], label, classIndex: 0, score, points: 100 });

describe('labelsToName', () => {
  it('names the surer of two labels that would overlap, and both where they are apart', () => {
    const boxes = [box('chair', 0.4), box('table', 0.9), box('window', 0.7)];
    const at = (i: number): [number, number] => [[100, 100], [110, 105], [400, 300]][i] as [number, number];
    expect([...labelsToName(boxes, at)].sort()).toEqual([1, 2]);
  });

  it('skips labels off screen and names at most the cap', () => {
    const boxes = Array.from({ length: 30 }, (_, i) => box(`b${i}`, i / 30));
    const named = labelsToName(boxes, (i) => (i === 29 ? null : [0, i * 40]));
    expect(named.has(29)).toBe(false);
    expect(named.size).toBe(MAX_NAMED_BOXES);
    // the surest that are on screen
    expect([...named].sort((a, b) => a - b)).toEqual(Array.from({ length: MAX_NAMED_BOXES }, (_, k) => 28 - k).sort((a, b) => a - b));
  });
});

describe('labelOffsets', () => {
  it('sets a measurement label that would cover an earlier one below it, and leaves apart ones where they are', () => {
    // a height of 0 at a corner and a right angle at it: one place; a distance elsewhere
    const texts = ['0.000 units', '90.0°', '7.071 units', '12.000 units²'];
    const at = (i: number): [number, number] | null => ([[200, 200], [202, 203], [500, 100], null] as ([number, number] | null)[])[i];
    const offsets = labelOffsets(texts, at);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeGreaterThanOrEqual(17);
    expect(offsets.slice(2)).toEqual([0, 0]);
    // a third at the same place goes below both
    const three = labelOffsets(['a', 'b', 'c'], () => [50, 50]);
    expect(three[1]).toBeGreaterThan(0);
    expect(three[2]).toBeGreaterThan(three[1]);
  });
});
