import { describe, expect, it } from 'vitest';
import type { LabelledBox } from '../../src/core/types';
import { labelOffsets, labelOffsetsTogether, labelsToName, MAX_NAMED_BOXES } from '../../src/render/labelLayout';

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

describe('labelOffsetsTogether', () => {
  /** each label's box on screen once set (its size as the layout takes it: 7 px a character and 14 more, 20 px high) */
  const boxes = (groups: { texts: string[]; at: [number, number][] }[], offsets: number[][]) =>
    groups.flatMap((g, j) => g.texts.map((text, i) => ({ x: g.at[i][0], y: g.at[i][1] + offsets[j][i], w: 7 * text.length + 14, h: 20 })));

  it('sets notes clear of the measurement labels and of each other, and leaves the measurements as they lay alone', () => {
    // a height and an angle at one corner, a distance across it; notes pinned on and beside those labels
    const measures = { texts: ['2.400 m', '90.0°', '3.000 m'], at: [[300, 200], [302, 204], [340, 210]] as [number, number][] };
    const notes = { texts: ['crack here', 'valve 3', 'corner', 'far away'], at: [[300, 200], [305, 198], [330, 215], [700, 500]] as [number, number][] };
    const group = (g: typeof measures) => ({ texts: g.texts, at: (i: number) => g.at[i] });
    const offsets = labelOffsetsTogether([group(measures), group(notes)]);
    expect(offsets[0]).toEqual(labelOffsets(measures.texts, group(measures).at));
    const all = boxes([measures, notes], offsets);
    for (const [a, k] of all.entries()) {
      for (const b of all.slice(a + 1)) expect(Math.abs(k.x - b.x) * 2 >= k.w + b.w || Math.abs(k.y - b.y) >= (k.h + b.h) / 2, `labels ${a} and ${all.indexOf(b)} overlap`).toBe(true);
    }
    // the note far from the rest stays where it is
    expect(offsets[1][3]).toBe(0);
  });

  it('leaves a label off screen where it is', () => {
    expect(labelOffsetsTogether([{ texts: ['1.000 m'], at: () => [10, 10] }, { texts: ['gone'], at: () => null }])).toEqual([[0], [0]]);
  });
});
