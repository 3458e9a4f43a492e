import { describe, expect, it } from 'vitest';
import { cellPairs, shiftedCells, sortedCells } from '../../../src/core/geometry/sortedCells';

describe('sorted cells', () => {
  it('number the distinct keys in ascending order, whatever order the items come in', () => {
    const keys = [2 ** 50 + 3, 7, 7, 0, 2 ** 50 + 3, 12];
    const grid = sortedCells(keys.length, (i) => keys[i]);
    expect([...grid.keys]).toEqual([0, 7, 12, 2 ** 50 + 3]);
    expect([...grid.cellOf]).toEqual([3, 1, 1, 0, 3, 2]);
    expect(sortedCells(0, () => 0).keys.length).toBe(0);
  });

  it('finds the cells a key step away by walking the ordered keys, either way', () => {
    const keys = Float64Array.of(0, 1, 2, 5, 10);
    expect([...shiftedCells(keys, 1, new Int32Array(5))]).toEqual([1, 2, -1, -1, -1]);
    expect([...shiftedCells(keys, -1, new Int32Array(5))]).toEqual([-1, 0, 1, -1, -1]);
    expect([...shiftedCells(keys, 5, new Int32Array(5))]).toEqual([3, -1, -1, 4, -1]);
    // every pair, by the lower cell, then by step
    const { from, to } = cellPairs(keys, [1, 5]);
    expect([...from]).toEqual([0, 0, 1, 3]);
    expect([...to]).toEqual([1, 3, 2, 4]);
    expect(cellPairs(new Float64Array(0), [1]).from.length).toBe(0);
  });
});
