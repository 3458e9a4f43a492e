// Grids a layer from above and reads its volume over the base off the main thread: the default
// cell's spacing search and the floor take a second or two on a million points.
import { baseHeight, gridVolume, type BaseChoice, type EmptyCells, type GridVolume } from '../core/geometry/gridVolume';
import { defaultCell, heightGrid, type CellHeight, type HeightGrid } from '../core/geometry/heightGrid';
import type { SignedAxis } from '../core/geometry/signedAxis';
import { exposeRpc, type RpcContext } from './rpc';

export interface VolumeParams {
  positions: Float32Array;
  /** 1 for each point to grid; every point where null */
  kept: Uint8Array | null;
  up: SignedAxis;
  /** undefined: the default cell */
  cell?: number;
  height: CellHeight;
  /** a height is one in the positions' frame */
  base: BaseChoice;
  emptyCells: EmptyCells;
  unit: string;
}

export interface VolumeReply {
  grid: HeightGrid;
  /** the base along up in the positions' frame */
  base: number;
  volume: GridVolume;
}

export const volumeHandlers = {
  volume(params: VolumeParams, ctx: RpcContext): VolumeReply {
    const { positions, kept, up, height, unit } = params;
    const cell = params.cell ?? defaultCell(positions, up, kept);
    ctx.progress(0.2, 'gridding');
    const grid = heightGrid(positions, { up, cell, height, kept, unit, fillHoles: params.emptyCells === 'interpolate', signal: ctx.signal, onProgress: (f) => ctx.progress(0.2 + 0.6 * f, 'gridding') });
    const base = baseHeight(positions, up, params.base, kept);
    const volume = gridVolume(grid, base, params.emptyCells);
    ctx.progress(1, 'gridding');
    return ctx.transfer({ grid, base, volume }, [grid.heights.buffer]);
  },
};

export type VolumeHandlers = typeof volumeHandlers;

exposeRpc(volumeHandlers);
