import { describe, expect, it } from 'vitest';
import { confusionTable, expectedAnswer } from '../../../src/core/ml/confusion';

describe('confusionTable', () => {
  it('counts truth against prediction and keeps the samples of each cell', () => {
    const t = confusionTable([
      { id: 'a', truth: 'chair', predicted: 'chair' },
      { id: 'b', truth: 'chair', predicted: 'stool' },
      { id: 'c', truth: 'table', predicted: 'chair' },
      { id: 'd', truth: 'table', predicted: 'table' },
      { id: 'e', truth: 'chair', predicted: 'chair' },
    ]);
    // 'stool' is only ever predicted: it still gets a row and a column, so the table is square.
    expect(t.labels).toEqual(['chair', 'stool', 'table']);
    expect(t.counts).toEqual([
      [2, 1, 0],
      [0, 0, 0],
      [1, 0, 1],
    ]);
    expect(t.ids[0][0]).toEqual(['a', 'e']);
    expect(t.ids[2][0]).toEqual(['c']);
    expect(t.correct).toBe(3);
    expect(t.total).toBe(5);
    expect(t.accuracy).toBeCloseTo(0.6, 12);
    const diagonal = t.counts.reduce((s, row, i) => s + row[i], 0);
    expect(diagonal).toBe(t.correct);
  });

  it('gives an empty table for no samples', () => {
    expect(confusionTable([])).toEqual({ labels: [], counts: [], ids: [], correct: 0, total: 0, accuracy: 0 });
  });
});

describe('expectedAnswer', () => {
  it('is the class where the classifier serves it, and unknown where it does not', () => {
    const served = ['airplane', 'chair'];
    expect(expectedAnswer('chair', served, 'unknown')).toBe('chair');
    expect(expectedAnswer('guitar', served, 'unknown')).toBe('unknown');
    // a table of a served and an unserved sample: the guitar called unknown is right, the chair called airplane is not
    const t = confusionTable([
      { id: 'g', truth: expectedAnswer('guitar', served, 'unknown'), predicted: 'unknown' },
      { id: 'c', truth: expectedAnswer('chair', served, 'unknown'), predicted: 'airplane' },
    ]);
    expect(t.labels).toEqual(['airplane', 'chair', 'unknown']);
    expect(t.ids[2][2]).toEqual(['g']);
    expect(t.correct).toBe(1);
  });
});
