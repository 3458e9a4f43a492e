// A 2.5D height grid of a cloud, as CloudCompare's "Rasterize" and the grid its "Compute 2.5D
// volume" works on: the points seen from above, binned into square cells of a horizontal grid about
// the layer's up axis, each cell holding the highest, lowest or mean height of its points. A cell no
// point falls in stays empty (NaN), or where it lies inside the ground covered, is filled from the
// cells around it (core/geometry/gridHoles). The grid's size is checked before anything is allocated, and a
// cell too small for the extent is refused naming one that fits.
import { formatCount } from '../format';
import { roundStep } from '../ticks';
import { InputError } from '../types';
import { fillHoles } from './gridHoles';
import { buildKdTree, NearestSearch, pointSpacing } from './kdTree';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';
import { keptBounds } from './subsample';

export type CellHeight = 'mean' | 'max' | 'min';
export const CELL_HEIGHTS: readonly CellHeight[] = ['mean', 'max', 'min'];
/** CloudCompare's 2.5D volume takes a cell's average height unless told otherwise. */
export const CELL_HEIGHT_BY_DEFAULT: CellHeight = 'mean';

/** The most cells a grid holds: 12 bytes each while it is built (a height and a count), 120 MB, and 17 more while its holes are filled. */
export const MAX_GRID_CELLS = 10_000_000;
/** The cell by default, in the points' median nearest-neighbour spacings: enough points a cell that few are empty on an even scan. */
export const CELL_SPACINGS = 4;

const CHUNK = 1 << 16;

export interface HeightGrid {
  up: SignedAxis;
  /** the horizontal axes: columns run along the first, rows along the second (x and y of a z-up layer, x and z of a y-up one) */
  across: [number, number];
  cell: number;
  /** the first cell's outer corner along `across` */
  corner: [number, number];
  columns: number;
  rows: number;
  /** each cell's height along up (its sign applied), NaN where no point falls; row r, column c at r * columns + c, row 0 the lowest along across[1] */
  heights: Float64Array;
  /** points gridded */
  points: number;
  /** cells no point falls in, less those interpolated */
  empty: number;
  /** empty cells inside the ground covered, filled from the cells around them (HeightGridOptions.fillHoles) */
  interpolated: number;
}

export interface HeightGridOptions {
  up: SignedAxis;
  cell: number;
  height: CellHeight;
  /** 1 for each point to grid (a clip's kept mask); every point where absent */
  kept?: Uint8Array | null;
  /** fill the empty cells inside the ground covered from the cells around them (core/geometry/gridHoles) */
  fillHoles?: boolean;
  /** the ground the grid covers, where it is not the points' own footprint: one shared with another cloud's grid, holding every point kept */
  frame?: GridFrame;
  /** the length unit's symbol a refusal names, none for the file's own */
  unit?: string;
  onProgress?: (fraction: number) => void;
  /** polled between chunks; an aborted run throws */
  signal?: AbortSignal;
}

/** A grid's ground seen from above: its first cell's outer corner and its spans along `acrossAxes(up)`. */
export interface GridFrame {
  corner: [number, number];
  spans: [number, number];
}

/** The horizontal axes about `up`, in the file's order. */
export function acrossAxes(up: SignedAxis): [number, number] {
  const u = axisIndex(up);
  return [0, 1, 2].filter((a) => a !== u) as [number, number];
}

/** Cells along a side `span` long: a point on the far edge falls in the last cell, so a span of whole cells takes no extra one. */
const cellsAlong = (span: number, cell: number) => Math.max(1, Math.ceil((span / cell) * (1 - 1e-9)));

/** The columns and rows of a grid of cell `cell` over a footprint `spans` wide. */
export function gridShape(spans: readonly [number, number], cell: number): { columns: number; rows: number } {
  return { columns: cellsAlong(spans[0], cell), rows: cellsAlong(spans[1], cell) };
}

/** The smallest cell of two significant digits (near enough) whose grid over `spans` holds at most MAX_GRID_CELLS. */
export function smallestCell(spans: readonly [number, number]): number {
  const [a, b] = spans.map((v) => Math.max(v, 1e-12));
  // a long narrow footprint needs no fewer cells along its length than MAX_GRID_CELLS allows
  const raw = Math.max(Math.sqrt((a * b) / MAX_GRID_CELLS), Math.max(a, b) / MAX_GRID_CELLS);
  for (let f = 1; ; f *= 1.01) {
    const step = 10 ** (Math.floor(Math.log10(raw * f)) - 1);
    const cell = Number((Math.ceil((raw * f) / step) * step).toPrecision(2));
    const { columns, rows } = gridShape(spans, cell);
    if (columns * rows <= MAX_GRID_CELLS) return cell;
  }
}

/** `cell`, or where it is wider than the longer side of `spans`, a round one that cuts that side into 2 to 5 cells. */
export function withinFootprint(cell: number, spans: readonly [number, number]): number {
  const widest = Math.max(spans[0], spans[1]);
  return widest > 0 && cell > widest ? roundStep(widest, 5) : cell;
}

/**
 * Refuses a cell that is no length, one wider than the ground covered every way (a single cell
 * reaching past the points, whose area is that cell's, not theirs), or one whose grid over `spans`
 * would hold more than MAX_GRID_CELLS, naming a cell that fits.
 */
export function checkCell(cell: number, spans: readonly [number, number], unit = ''): void {
  const u = unit ? ` ${unit}` : '';
  const length = (v: number) => String(Number(v.toPrecision(4)));
  if (!(Number.isFinite(cell) && cell > 0)) throw new InputError(`The cell size must be a length above 0, not ${cell}.`);
  if (withinFootprint(cell, spans) !== cell)
    throw new InputError(
      `A cell of ${length(cell)}${u} is wider than the ${length(spans[0])} × ${length(spans[1])}${u} the points cover: their grid would be one cell reaching past them, ` +
        `its area that cell's. Take a cell of ${length(Math.max(spans[0], spans[1]))}${u} or less.`,
    );
  const { columns, rows } = gridShape(spans, cell);
  if (columns * rows > MAX_GRID_CELLS)
    throw new InputError(
      `A cell of ${length(cell)}${u} makes ${formatCount(columns)} × ${formatCount(rows)} cells over the ${length(spans[0])} × ${length(spans[1])}${u} ` +
        `the points cover, more than the ${formatCount(MAX_GRID_CELLS)} a grid may hold: take a cell of ${length(smallestCell(spans))}${u} or more.`,
    );
}

/** The footprint of the points `kept` keeps, seen from above: its corner and spans along `acrossAxes(up)`, and how many points. */
export function footprint(positions: Float32Array, up: SignedAxis, kept?: Uint8Array | null): { corner: [number, number]; spans: [number, number]; count: number } {
  const b = keptBounds(positions, kept);
  const [a0, a1] = acrossAxes(up);
  return { corner: [b.min[a0], b.min[a1]], spans: [b.max[a0] - b.min[a0], b.max[a1] - b.min[a1]], count: b.count };
}

/**
 * The cell by default: a round number (1, 2 or 5 times a power of ten) at or above CELL_SPACINGS
 * times the points' median spacing, but cutting a cloud too small for it into 2 to 5 cells, and
 * at least the smallest cell the grid allows.
 */
export function defaultCell(positions: Float32Array, up: SignedAxis, kept?: Uint8Array | null): number {
  const { spans, count } = footprint(positions, up, kept);
  let points = positions;
  if (kept && count < positions.length / 3) {
    points = new Float32Array(3 * count);
    for (let i = 0, k = 0; i < kept.length; i++) if (kept[i]) points.set(positions.subarray(3 * i, 3 * i + 3), 3 * k++);
  }
  const tree = buildKdTree(points);
  const spacing = count > 1 ? pointSpacing(tree, new NearestSearch(tree)) : 0;
  // points all at one place have no spacing: a hundredth of the footprint, or 1
  const wanted = spacing > 0 ? roundStep(CELL_SPACINGS * spacing, 1) : roundStep(Math.max(...spans), 100);
  return Math.max(withinFootprint(wanted, spans), smallestCell(spans));
}

/** The grid of cell `options.cell` of the points kept, each cell's highest, lowest or mean height. */
export function heightGrid(positions: Float32Array, options: HeightGridOptions): HeightGrid {
  const { up, cell, height, kept } = options;
  const own = footprint(positions, up, kept);
  if (!own.count) throw new InputError('There are no points to grid: the clip or the hidden stray points leave none.');
  const { corner, spans } = options.frame ?? own;
  const count = own.count;
  checkCell(cell, spans, options.unit);
  const { columns, rows } = gridShape(spans, cell);
  const [a0, a1] = acrossAxes(up);
  const u = axisIndex(up);
  const sign = axisSign(up);
  const heights = new Float64Array(columns * rows).fill(height === 'mean' ? 0 : NaN);
  const counts = new Uint32Array(columns * rows);
  const n = positions.length / 3;
  for (let start = 0; start < n; start += CHUNK) {
    if (options.signal?.aborted) throw new DOMException('gridding cancelled', 'AbortError');
    options.onProgress?.(start / n);
    for (let i = start; i < Math.min(n, start + CHUNK); i++) {
      if (kept && !kept[i]) continue;
      const c = Math.min(columns - 1, Math.floor((positions[3 * i + a0] - corner[0]) / cell));
      const r = Math.min(rows - 1, Math.floor((positions[3 * i + a1] - corner[1]) / cell));
      const k = r * columns + c;
      const h = sign * positions[3 * i + u];
      const was = heights[k];
      if (height === 'mean') heights[k] = was + h;
      else if (!(height === 'max' ? h <= was : h >= was)) heights[k] = h;
      counts[k]++;
    }
  }
  let empty = 0;
  for (let k = 0; k < heights.length; k++) {
    if (!counts[k]) {
      heights[k] = NaN;
      empty++;
    } else if (height === 'mean') heights[k] /= counts[k];
  }
  const interpolated = options.fillHoles ? fillHoles(heights, columns, rows) : 0;
  options.onProgress?.(1);
  return { up, across: [a0, a1], cell, corner, columns, rows, heights, points: count, empty: empty - interpolated, interpolated };
}
