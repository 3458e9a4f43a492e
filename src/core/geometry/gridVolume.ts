// The volume between a height grid and a level base, as CloudCompare's "Compute 2.5D volume" gives
// it against a constant height: each cell's height above the base times its area is fill, below it
// cut. The base is a height typed, the floor (core/geometry/sceneFloor: the lowest height that a
// share of the points lie just above, so a few stray points below do not lower it) or the lowest point.
import type { HeightGrid } from './heightGrid';
import { keptBounds } from './subsample';
import { floorOf } from './sceneFloor';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

export type BaseChoice = { kind: 'height'; height: number } | { kind: 'floor' } | { kind: 'lowest' };
/**
 * Empty cells: left out of the covered area, taken as lying on the base (covered, with no volume),
 * or, inside the ground covered, filled from the cells around them (those reaching the grid's edge left out).
 */
export type EmptyCells = 'empty' | 'base' | 'interpolate';
export const EMPTY_CELLS: readonly EmptyCells[] = ['empty', 'base', 'interpolate'];

export interface GridVolume {
  /** above the base, below it, and fill less cut: in the unit cubed */
  fill: number;
  cut: number;
  net: number;
  /** the cells' area covered (those with a point, or all where empty cells are filled with the base): in the unit squared */
  area: number;
  /** the grid's cells, those no point falls in left empty, and those filled from the cells around them */
  cells: number;
  empty: number;
  interpolated: number;
}

/** The base's height along `up` (its sign applied) in the positions' frame: a height typed is one already there. */
export function baseHeight(positions: Float32Array, up: SignedAxis, base: BaseChoice, kept?: Uint8Array | null): number {
  if (base.kind === 'height') return base.height;
  const u = axisIndex(up);
  const sign = axisSign(up);
  const b = keptBounds(positions, kept);
  const lowest = sign > 0 ? b.min[u] : -b.max[u];
  if (base.kind === 'lowest') return lowest;
  // the floor is found along +z of the heights alone: the kept points' heights, up's sign applied
  const heights = new Float32Array(3 * b.count);
  for (let i = 0, k = 0; 3 * i < positions.length; i++) if (!kept || kept[i]) heights[3 * k++ + 2] = sign * positions[3 * i + u];
  return floorOf(heights, lowest);
}

/** The fill, cut and net volume of `grid` against the level `base`, with its covered area (its interpolated cells are in it, filled as `heightGrid` was told). */
export function gridVolume(grid: HeightGrid, base: number, emptyCells: EmptyCells = 'empty'): GridVolume {
  const area = grid.cell * grid.cell;
  let fill = 0;
  let cut = 0;
  for (const h of grid.heights) {
    if (Number.isNaN(h)) continue;
    if (h > base) fill += (h - base) * area;
    else cut += (base - h) * area;
  }
  const cells = grid.heights.length;
  const covered = emptyCells === 'base' ? cells : cells - grid.empty;
  return { fill, cut, net: fill - cut, area: covered * area, cells, empty: grid.empty, interpolated: grid.interpolated };
}

/** A volume read as its layer is drawn scaled by `scale` (as Measure reads lengths): volumes times its cube, the area times its square. */
export function scaledVolume(v: GridVolume, scale: number): GridVolume {
  const cube = scale ** 3;
  return { ...v, fill: v.fill * cube, cut: v.cut * cube, net: v.net * cube, area: v.area * scale * scale };
}
