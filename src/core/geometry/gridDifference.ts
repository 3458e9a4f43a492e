// The volume between two clouds gridded alike, as CloudCompare's "Compute 2.5D volume" between a
// ground and a ceiling cloud: a stockpile before and after, a terrain and its design surface. Both
// are gridded on one grid (the same corner and cell, over the ground either covers), and each cell
// both hold a height gives (active − base) × its area: fill where the active cloud is above the
// base, cut where it is below. A cell only one of them covers has nothing to measure against. The
// grid of those differences is itself a map of where material was added or taken away.
import { fieldStem } from '../layers/cloudDistance';
import type { GridVolume } from './gridVolume';
import { acrossAxes, footprint, heightGrid, type GridFrame, type HeightGrid, type HeightGridOptions } from './heightGrid';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';
import { InputError } from '../types';

export interface GridDifference extends GridVolume {
  /** cells both grids hold a height in: the area and the volumes are theirs */
  matched: number;
  /** cells only the active grid, or only the base's, holds a height in */
  onlyActive: number;
  onlyBase: number;
  /** the base grid's empty cells filled from the cells around them */
  baseInterpolated: number;
}

/** The ground the points `aKept` keeps of `a` and those `bKept` keeps of `b` (every point where null) cover together, seen from above about `up`. */
export function sharedFrame(a: Float32Array, aKept: Uint8Array | null | undefined, b: Float32Array, up: SignedAxis, bKept?: Uint8Array | null): GridFrame {
  const fa = footprint(a, up, aKept);
  const fb = footprint(b, up, bKept);
  if (!fa.count) return fb;
  if (!fb.count) return fa;
  const corner: [number, number] = [Math.min(fa.corner[0], fb.corner[0]), Math.min(fa.corner[1], fb.corner[1])];
  const far = (f: typeof fa, i: 0 | 1) => f.corner[i] + f.spans[i];
  return { corner, spans: [Math.max(far(fa, 0), far(fb, 0)) - corner[0], Math.max(far(fa, 1), far(fb, 1)) - corner[1]] };
}

/**
 * Refuses two footprints more than a cell apart seen from above: no cell could hold both, and their
 * grid together, spanning the gap, would be refused as too fine a cell for ground neither covers.
 */
function checkOverlap(a: ReturnType<typeof footprint>, b: ReturnType<typeof footprint>, cell: number, unit = ''): void {
  if (!a.count || !b.count) return;
  const gaps = ([0, 1] as const).map((i) => Math.max(a.corner[i] - (b.corner[i] + b.spans[i]), b.corner[i] - (a.corner[i] + a.spans[i]), 0));
  const gap = Math.hypot(gaps[0], gaps[1]);
  if (gap <= cell) return;
  const u = unit ? ` ${unit}` : '';
  throw new InputError(
    `Seen from above, the points and the base's points cover no ground in common: they lie ${Number(gap.toPrecision(3))}${u} apart, so no cell holds both. ` +
      'Check that the two are in the same coordinates and units.',
  );
}

/**
 * The two clouds' grids on the frame they share: `active`'s points `options.kept` keeps, and those
 * `baseKept` keeps of `base` (already placed in `active`'s frame; every one where null), each filled as `options` says.
 */
export function gridsBetween(active: Float32Array, base: Float32Array, options: Omit<HeightGridOptions, 'frame'>, baseKept: Uint8Array | null = null): { grid: HeightGrid; baseGrid: HeightGrid } {
  checkOverlap(footprint(active, options.up, options.kept), footprint(base, options.up, baseKept), options.cell, options.unit);
  const frame = sharedFrame(active, options.kept, base, options.up, baseKept);
  const progress = options.onProgress;
  const grid = heightGrid(active, { ...options, frame, onProgress: progress && ((f) => progress(f / 2)) });
  const baseGrid = heightGrid(base, { ...options, kept: baseKept, frame, onProgress: progress && ((f) => progress(0.5 + f / 2)) });
  return { grid, baseGrid };
}

/** The fill, cut and net volume of `grid` over `base` (two grids on one frame), cell by cell where both hold a height. */
export function differenceVolume(grid: HeightGrid, base: HeightGrid): GridDifference {
  if (grid.columns !== base.columns || grid.rows !== base.rows || grid.cell !== base.cell) throw new Error('the two grids are not on one frame');
  const area = grid.cell * grid.cell;
  let fill = 0;
  let cut = 0;
  let matched = 0;
  let onlyActive = 0;
  let onlyBase = 0;
  for (let k = 0; k < grid.heights.length; k++) {
    const a = grid.heights[k];
    const b = base.heights[k];
    const hasA = !Number.isNaN(a);
    const hasB = !Number.isNaN(b);
    if (hasA && hasB) {
      matched++;
      if (a > b) fill += (a - b) * area;
      else cut += (b - a) * area;
    } else if (hasA) onlyActive++;
    else if (hasB) onlyBase++;
  }
  const cells = grid.heights.length;
  return { fill, cut, net: fill - cut, area: matched * area, cells, empty: cells - matched, interpolated: grid.interpolated, matched, onlyActive, onlyBase, baseInterpolated: base.interpolated };
}

/**
 * The grid of `grid` less `base` (two grids on one frame), cell by cell: what the active cloud adds
 * (above 0) or takes away (below) along up; NaN where either is empty. Its `points` are the active grid's.
 */
export function differenceGrid(grid: HeightGrid, base: HeightGrid): HeightGrid {
  if (grid.columns !== base.columns || grid.rows !== base.rows || grid.cell !== base.cell) throw new Error('the two grids are not on one frame');
  const heights = grid.heights.map((a, k) => a - base.heights[k]);
  let empty = 0;
  for (const h of heights) if (Number.isNaN(h)) empty++;
  return { ...grid, heights, empty, interpolated: 0 };
}

/** Each point's height above the cell of `base` under it (along the grid's up, its sign applied); NaN where that cell is empty or the point lies off the grid. */
export function heightAboveGrid(positions: Float32Array, base: HeightGrid): Float32Array {
  const [a0, a1] = acrossAxes(base.up);
  const u = axisIndex(base.up);
  const sign = axisSign(base.up);
  const out = new Float32Array(positions.length / 3);
  for (let i = 0; i < out.length; i++) {
    const x = (positions[3 * i + a0] - base.corner[0]) / base.cell;
    const y = (positions[3 * i + a1] - base.corner[1]) / base.cell;
    // a point on the far edge falls in the last cell, as when it was gridded
    const c = x >= base.columns && x <= base.columns * (1 + 1e-9) ? base.columns - 1 : Math.floor(x);
    const r = y >= base.rows && y <= base.rows * (1 + 1e-9) ? base.rows - 1 : Math.floor(y);
    out[i] = c >= 0 && c < base.columns && r >= 0 && r < base.rows ? sign * positions[3 * i + u] - base.heights[r * base.columns + c] : NaN;
  }
  return out;
}

/** The field a layer's heights above base layer `name` are kept in. */
export const heightAboveFieldName = (fileName: string): string => `height_above_${fieldStem(fileName)}`;

/** Throws the person's words where the two layers declare different length units: a volume between them would mix feet and metres. */
export function checkSameUnit(active: { name: string; unit?: string }, base: { name: string; unit?: string }): void {
  if (active.unit && base.unit && active.unit !== base.unit)
    throw new InputError(`${active.name} is in ${active.unit} and ${base.name} in ${base.unit}: a volume between them would mix the two units, so convert one of them first (scaled by 0.3048, feet become metres)`);
}
