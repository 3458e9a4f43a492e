import { describe, expect, it } from 'vitest';
import { cellPairs, forwardShifts, shiftedCells, sortedCells } from '../../../src/core/geometry/sortedCells';

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

  it('steps to the 13 neighbours after a cell in key order, each touching pair once', () => {
    const step = (dx: number, dy: number, dz: number) => (dx * 10 + dy) * 10 + dz;
    const shifts = forwardShifts(step);
    expect(shifts).toEqual([1, 9, 10, 11, 89, 90, 91, 99, 100, 101, 109, 110, 111]);
    // with their 13 opposites and no step, every one of the 27 cells of the 3 x 3 x 3 block once
    const all = [...shifts, 0, ...shifts.map((s) => -s)].sort((x, y) => x - y);
    const block: number[] = [];
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) for (let dz = -1; dz <= 1; dz++) block.push(step(dx, dy, dz));
    expect(all).toEqual(block.sort((x, y) => x - y));
  });
});
