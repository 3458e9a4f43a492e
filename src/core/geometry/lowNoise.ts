// Low noise found before a ground search, as PDAL's filters.elm (Chen's Extended Local Minimum) is
// run before filters.smrf: a stray point far below the ground (multipath, a reflection read twice)
// would pull the lowest surface down with it, and the ground around it would be read as standing on
// that pit. The points are binned into coarse cells about the up axis; a point is low noise where it
// lies more than the depth below the second lowest of the lowest points of the cells around its own.
// The second lowest, not the lowest, so that noise in one neighbouring cell does not hide noise in
// this one. A cell is judged only where the cells on its four sides hold points: at the edge of the
// ground covered, the downhill edge of a steep slope has only higher ground beside it. A real pit deeper than the depth and narrower than about a cell (a shaft, a deep pool) is
// taken for noise too, as ELM takes it.
import { footprint, gridShape, heightGrid } from './heightGrid';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

export interface LowNoiseOptions {
  up: SignedAxis;
  /** the cells' side, in the layer's unit */
  cell: number;
  /** how far below the ground around a point lies to be noise, in the layer's unit */
  depth: number;
  /** 1 for each point looked at; every point where absent */
  kept?: Uint8Array | null;
  unit?: string;
  signal?: AbortSignal;
}

/** 1 for each point `options.kept` keeps that lies more than the depth below the cells around it (see the head of this file), and how many. */
export function findLowNoise(positions: Float32Array, options: LowNoiseOptions): { noise: Uint8Array; count: number } {
  const { up, cell, depth, kept } = options;
  // a cell is judged only with a cell on each of its four sides, which a grid under three cells
  // across either way never has (a small cloud, whose noise cells are wider than a third of it)
  const { columns: across0, rows: across1 } = gridShape(footprint(positions, up, kept).spans, cell);
  if (across0 < 3 || across1 < 3) return { noise: new Uint8Array(positions.length / 3), count: 0 };
  const grid = heightGrid(positions, { up, cell, height: 'min', kept, unit: options.unit, signal: options.signal });
  const { columns, rows, heights, corner, across } = grid;
  const floor = new Float64Array(heights.length).fill(NaN);
  const holds = (r: number, c: number) => r >= 0 && c >= 0 && r < rows && c < columns && !Number.isNaN(heights[r * columns + c]);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      if (!(holds(r - 1, c) && holds(r + 1, c) && holds(r, c - 1) && holds(r, c + 1))) continue;
      let lowest = Infinity;
      let second = Infinity;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          if ((!dr && !dc) || !holds(r + dr, c + dc)) continue;
          const h = heights[(r + dr) * columns + c + dc];
          if (h < lowest) [lowest, second] = [h, lowest];
          else if (h < second) second = h;
        }
      floor[r * columns + c] = second;
    }
  const noise = new Uint8Array(positions.length / 3);
  const [a0, a1] = across;
  const u = axisIndex(up);
  const sign = axisSign(up);
  let count = 0;
  for (let i = 0; i < noise.length; i++) {
    if (kept && !kept[i]) continue;
    const c = Math.min(columns - 1, Math.floor((positions[3 * i + a0] - corner[0]) / cell));
    const r = Math.min(rows - 1, Math.floor((positions[3 * i + a1] - corner[1]) / cell));
    if (sign * positions[3 * i + u] < floor[r * columns + c] - depth) {
      noise[i] = 1;
      count++;
    }
  }
  return { noise, count };
}
