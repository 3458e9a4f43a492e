import { describe, expect, it } from 'vitest';
import { heightGrid } from '../../../src/core/geometry/heightGrid';
import { asciiGrid, NODATA } from '../../../src/core/io/asciiGrid';

// three columns, two rows of 1-unit cells from (10, 20): heights 1, 2, _ on the lower row, 4, 5, 6 on the upper
const positions = new Float32Array([10.5, 20.5, 1, 11.5, 20.5, 2, 10.5, 21.5, 4, 11.5, 21.5, 5, 12.9, 21.9, 6]);
const grid = heightGrid(positions, { up: '+z', cell: 1, height: 'mean' });

describe('ESRI ASCII grid', () => {
  it('writes the header of the grid and its rows northmost first, NODATA for an empty cell', () => {
    expect(asciiGrid(grid).split('\n')).toEqual(['ncols 3', 'nrows 2', 'xllcorner 10.5', 'yllcorner 20.5', 'cellsize 1', `NODATA_value ${NODATA}`, '4 5 6', `1 2 ${NODATA}`, '']);
  });

  it("writes corners and heights in the file's own coordinates, its origin added back", () => {
    const lines = asciiGrid(grid, { origin: [500000, 4000000, 100] }).split('\n');
    expect(lines.slice(2, 4)).toEqual(['xllcorner 500010.5', 'yllcorner 4000020.5']);
    expect(lines[6]).toBe('104 105 106');
  });

  it('writes a grid of differences with its corners in the file\'s coordinates and its cells as they are', () => {
    const lines = asciiGrid(grid, { origin: [500000, 4000000, 100], differences: true }).split('\n');
    expect(lines.slice(2, 4)).toEqual(['xllcorner 500010.5', 'yllcorner 4000020.5']);
    expect(lines.slice(6, 8)).toEqual(['4 5 6', `1 2 ${NODATA}`]);
  });

  it('fills empty cells with the base where told to', () => {
    expect(asciiGrid(grid, { fillWith: 0.5 }).split('\n')[7]).toBe('1 2 0.5');
  });

  it('takes a NODATA below every height where a grid reaches -9999', () => {
    const deep = heightGrid(new Float32Array([0, 0, -10000.5, 2.5, 0, 1]), { up: '+z', cell: 1, height: 'mean' });
    const text = asciiGrid(deep);
    expect(text).toContain('NODATA_value -10002\n');
    expect(text).toContain('-10000.5 -10002 1\n');
  });

  it('turns a y-up grid so that x and z are across and heights along y', () => {
    const yUp = heightGrid(new Float32Array([0, 3, 0, 1.5, 7, 2.5]), { up: '+y', cell: 1, height: 'max' });
    expect(asciiGrid(yUp).split('\n').slice(0, 2)).toEqual(['ncols 2', 'nrows 3']);
    expect(asciiGrid(yUp)).toContain('-9999 7\n');
  });
});
