import { describe, expect, it } from 'vitest';
import type { LabelledBox } from '../../src/core/types';
import { labelsToName, MAX_NAMED_BOXES } from '../../src/render/labelLayout';

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
