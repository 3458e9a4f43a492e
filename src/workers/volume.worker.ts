// Grids a layer from above and reads its volume over the base off the main thread: the default
// cell's spacing search and the floor take a second or two on a million points. The base is a level
// height or another layer, gridded on the same grid. The grid's contour lines are drawn here too.
import { differenceVolume, gridsBetween, heightAboveGrid, type GridDifference } from '../core/geometry/gridDifference';
import { baseHeight, gridVolume, type BaseChoice, type EmptyCells, type GridVolume } from '../core/geometry/gridVolume';
import { contourLines, type ContourOptions, type Contours } from '../core/geometry/contours';
import { defaultCell, heightGrid, type CellHeight, type HeightGrid } from '../core/geometry/heightGrid';
import type { SignedAxis } from '../core/geometry/signedAxis';
import { placedPositions, type Matrix4Elements } from '../core/layers/transform';
import { exposeRpc, type RpcContext } from './rpc';

/** Another layer as the base: its points and those to grid (every one where null), the matrix placing them in the active layer's frame, and whether each point's height above it is wanted. */
export interface LayerBase {
  kind: 'layer';
  positions: Float32Array;
  kept: Uint8Array | null;
  matrix: Matrix4Elements;
  heightAbove: boolean;
}

export interface VolumeParams {
  positions: Float32Array;
  /** 1 for each point to grid; every point where null */
  kept: Uint8Array | null;
  up: SignedAxis;
  /** undefined: the default cell */
  cell?: number;
  height: CellHeight;
  /** a height is one in the positions' frame */
  base: BaseChoice | LayerBase;
  emptyCells: EmptyCells;
  unit: string;
}

export type VolumeReply =
  | {
      grid: HeightGrid;
      /** the base along up in the positions' frame */
      base: number;
      volume: GridVolume;
    }
  | {
      grid: HeightGrid;
      /** the base layer's grid on the same frame */
      baseGrid: HeightGrid;
      volume: GridDifference;
      /** each point of the layer's height above the base grid's cell under it, where asked for */
      heightAbove?: Float32Array;
    };

export const volumeHandlers = {
  volume(params: VolumeParams, ctx: RpcContext): VolumeReply {
    const { positions, kept, up, height, unit } = params;
    const cell = params.cell ?? defaultCell(positions, up, kept);
    ctx.progress(0.2, 'gridding');
    const options = { up, cell, height, kept, unit, fillHoles: params.emptyCells === 'interpolate', signal: ctx.signal, onProgress: (f: number) => ctx.progress(0.2 + 0.6 * f, 'gridding') };
    if (params.base.kind === 'layer') {
      const { grid, baseGrid } = gridsBetween(positions, placedPositions(params.base.positions, params.base.matrix), options, params.base.kept);
      const heightAbove = params.base.heightAbove ? heightAboveGrid(positions, baseGrid) : undefined;
      ctx.progress(1, 'gridding');
      return ctx.transfer({ grid, baseGrid, volume: differenceVolume(grid, baseGrid), ...(heightAbove && { heightAbove }) }, [grid.heights.buffer, baseGrid.heights.buffer, ...(heightAbove ? [heightAbove.buffer] : [])]);
    }
    const grid = heightGrid(positions, options);
    const base = baseHeight(positions, up, params.base, kept);
    const volume = gridVolume(grid, base, params.emptyCells);
    ctx.progress(1, 'gridding');
    return ctx.transfer({ grid, base, volume }, [grid.heights.buffer]);
  },
  /** The grid's contour lines: a fine interval on a large grid reads a few hundred million squares. */
  contours({ grid, ...options }: { grid: HeightGrid } & Omit<ContourOptions, 'signal'>, ctx: RpcContext): Contours {
    const found = contourLines(grid, { ...options, signal: ctx.signal });
    return ctx.transfer(found, found.lines.map((l) => l.points.buffer));
  },
};

export type VolumeHandlers = typeof volumeHandlers;

exposeRpc(volumeHandlers);
