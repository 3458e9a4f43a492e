// Low noise found before a ground search, as PDAL's filters.elm (Chen's Extended Local Minimum) is
// run before filters.smrf: a stray point far below the ground (multipath, a reflection read twice)
// would pull the lowest surface down with it, and the ground around it would be read as standing on
// that pit. The points are binned into coarse cells about the up axis, and each cell's heights cut
// into runs wherever two heights in a row lie more than the depth apart.
//
// Each cell's ground level is the foot of its lowest run that could be ground: runs below it holding
// fewer than a share of a cell's points, or narrower than a share of the cell, are strays, so that a
// burst of them does not become the level its neighbours are judged by (ELM's levels, the cells'
// lowest points, let a burst reaching over a cell's corner hide itself). A run is low noise where
// its top lies more than the depth below the second lowest of the levels of the cells around its
// own: the second lowest, so that strays in one neighbouring cell left as its level do not hide
// those in this one. A run, not a point: a pit whose walls are seen down to its floor (a shaft, a
// deep pool) is one run with the ground at its top, and kept, where ELM took its floor for noise; a
// floor seen without walls is still taken. The same keeps a steep slope, whose cells' points run
// unbroken from their foot to their top, so that a cell at the edge of the ground covered is judged
// against the cells it has there, MIN_NEIGHBOURS of them at least, though the downhill edge has
// only higher ground beside it.
import { acrossAxes, checkCell, footprint, gridShape } from './heightGrid';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

/** A run below a cell's ground holding fewer than this share of the points an occupied cell holds on average is a stray's. */
const STRAY_RUN_SHARE = 0.25;
/** A run below a cell's ground narrower across than this share of the cell is a stray's. */
const STRAY_RUN_WIDTH = 0.25;
/** The fewest of the eight cells around one that hold points for it to be judged: a corner of the ground covered has three. */
const MIN_NEIGHBOURS = 3;

const CHUNK = 1 << 16;

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

/** The kept points grouped by cell: cell k's are `members[first[k]]` up to `members[first[k + 1]]`, and `heights` the same span of their heights along up, ascending. */
interface CellColumns {
  columns: number;
  rows: number;
  first: Int32Array;
  members: Int32Array;
  heights: Float32Array;
}

/** 1 for each point `options.kept` keeps that lies more than the depth below the cells around it, parted from the ground of its own by a gap in height (see the head of this file), and how many. */
export function findLowNoise(positions: Float32Array, options: LowNoiseOptions): { noise: Uint8Array; count: number } {
  const { up, cell, depth, kept, signal } = options;
  const noise = new Uint8Array(positions.length / 3);
  const own = footprint(positions, up, kept);
  // on a grid one cell across no cell has MIN_NEIGHBOURS cells around it (a cloud narrower than a noise cell)
  const { columns, rows } = gridShape(own.spans, cell);
  if (columns < 2 || rows < 2) return { noise, count: 0 };
  checkCell(cell, own.spans, options.unit);
  const grid = cellColumns(positions, { ...options, corner: own.corner, columns, rows });
  const levels = groundLevels(positions, grid, options, own.count);
  const { first, heights, members } = grid;
  const u = axisIndex(up);
  const sign = axisSign(up);
  let count = 0;
  for (let k = 0; k < levels.length; k++) {
    if (k % CHUNK === 0 && signal?.aborted) throw new DOMException('low noise search cancelled', 'AbortError');
    if (first[k] === first[k + 1]) continue;
    const floor = floorAround(levels, k, columns, rows);
    if (Number.isNaN(floor)) continue;
    // the top of the highest run lying wholly more than the depth below the floor
    let top = -Infinity;
    for (let j = first[k]; j < first[k + 1] && heights[j] < floor - depth; j++) if (j + 1 === first[k + 1] || heights[j + 1] - heights[j] > depth) top = heights[j];
    if (top === -Infinity) continue;
    for (let j = first[k]; j < first[k + 1]; j++) {
      const i = members[j];
      if (sign * positions[3 * i + u] <= top) {
        noise[i] = 1;
        count++;
      }
    }
  }
  return { noise, count };
}

/** The kept points binned into the grid's cells, each cell's heights sorted: two passes over the points, and a sort of each cell's heights. */
function cellColumns(positions: Float32Array, options: LowNoiseOptions & { corner: [number, number]; columns: number; rows: number }): CellColumns {
  const { up, cell, kept, signal, corner, columns, rows } = options;
  const [a0, a1] = acrossAxes(up);
  const u = axisIndex(up);
  const sign = axisSign(up);
  const n = positions.length / 3;
  const cellOf = (i: number) =>
    Math.min(rows - 1, Math.floor((positions[3 * i + a1] - corner[1]) / cell)) * columns + Math.min(columns - 1, Math.floor((positions[3 * i + a0] - corner[0]) / cell));
  const first = new Int32Array(columns * rows + 1);
  for (let i = 0; i < n; i++) if (!kept || kept[i]) first[cellOf(i) + 1]++;
  for (let k = 0; k < columns * rows; k++) first[k + 1] += first[k];
  const members = new Int32Array(first[columns * rows]);
  const heights = new Float32Array(members.length);
  const next = first.slice(0, -1);
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && signal?.aborted) throw new DOMException('low noise search cancelled', 'AbortError');
    if (kept && !kept[i]) continue;
    const j = next[cellOf(i)]++;
    members[j] = i;
    heights[j] = sign * positions[3 * i + u];
  }
  for (let k = 0; k < columns * rows; k++) if (first[k + 1] - first[k] > 1) heights.subarray(first[k], first[k + 1]).sort();
  return { columns, rows, first, members, heights };
}

/**
 * Each cell's ground level, NaN where it holds no point: the foot of its lowest run of heights that
 * holds STRAY_RUN_SHARE of an occupied cell's points and is STRAY_RUN_WIDTH of the cell across, or
 * of its largest run where none does.
 */
function groundLevels(positions: Float32Array, grid: CellColumns, options: LowNoiseOptions, count: number): Float64Array {
  const { first, heights, members } = grid;
  const { up, cell, depth } = options;
  const [a0, a1] = acrossAxes(up);
  const sign = axisSign(up);
  const u = axisIndex(up);
  const cells = first.length - 1;
  let occupied = 0;
  for (let k = 0; k < cells; k++) if (first[k + 1] > first[k]) occupied++;
  const fewest = (STRAY_RUN_SHARE * count) / occupied;
  const narrowest = STRAY_RUN_WIDTH * cell;
  const levels = new Float64Array(cells).fill(NaN);
  for (let k = 0; k < cells; k++) {
    const [s, e] = [first[k], first[k + 1]];
    if (s === e) continue;
    // the runs' feet, ascending
    const feet = [s];
    for (let j = s + 1; j < e; j++) if (heights[j] - heights[j - 1] > depth) feet.push(j);
    levels[k] = heights[s];
    if (feet.length === 1) continue;
    // each run's least x and y, and its greatest as the least -x and -y
    const box = new Float64Array(4 * feet.length).fill(Infinity);
    for (let j = s; j < e; j++) {
      const i = members[j];
      const h = sign * positions[3 * i + u];
      const r = runOf(heights, feet, h);
      const [x, y] = [positions[3 * i + a0], positions[3 * i + a1]];
      box[4 * r] = Math.min(box[4 * r], x);
      box[4 * r + 1] = Math.min(box[4 * r + 1], y);
      box[4 * r + 2] = Math.min(box[4 * r + 2], -x);
      box[4 * r + 3] = Math.min(box[4 * r + 3], -y);
    }
    let largest = 0;
    let ground = -1;
    for (let r = 0; r < feet.length && ground < 0; r++) {
      const points = (feet[r + 1] ?? e) - feet[r];
      const across = Math.max(-box[4 * r + 2] - box[4 * r], -box[4 * r + 3] - box[4 * r + 1]);
      if (points >= fewest && across >= narrowest) ground = r;
      if (points > (feet[largest + 1] ?? e) - feet[largest]) largest = r;
    }
    levels[k] = heights[feet[ground < 0 ? largest : ground]];
  }
  return levels;
}

/** The index in `feet` (the first index of each run in the ascending `heights`) of the run holding height `h`: the last whose foot is not above it. */
function runOf(heights: Float32Array, feet: readonly number[], h: number): number {
  let lo = 0;
  let hi = feet.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (heights[feet[mid]] <= h) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The second lowest level of the cells around cell k, NaN where fewer than MIN_NEIGHBOURS of them hold points. */
function floorAround(levels: Float64Array, k: number, columns: number, rows: number): number {
  const [r, c] = [Math.floor(k / columns), k % columns];
  let lowest = Infinity;
  let second = Infinity;
  let held = 0;
  for (let dr = -1; dr <= 1; dr++)
    for (let dc = -1; dc <= 1; dc++) {
      if ((!dr && !dc) || r + dr < 0 || c + dc < 0 || r + dr >= rows || c + dc >= columns) continue;
      const level = levels[(r + dr) * columns + c + dc];
      if (Number.isNaN(level)) continue;
      held++;
      if (level < lowest) [lowest, second] = [level, lowest];
      else if (level < second) second = level;
    }
  return held < MIN_NEIGHBOURS ? NaN : second;
}
