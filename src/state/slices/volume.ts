// The volume feature's slice: the last grid of the active layer and its volume over the base, kept
// with the grid itself so that the panel exports the grid it reports on.
import type { BaseChoice, EmptyCells, GridVolume } from '../../core/geometry/gridVolume';
import type { CellHeight, HeightGrid } from '../../core/geometry/heightGrid';

export type VolumeView =
  | { status: 'running'; layerId: string; progress: number }
  | {
      status: 'done';
      layerId: string;
      grid: HeightGrid;
      /** the volume as the layer is drawn (its transform's scale applied), as Measure reads lengths */
      volume: GridVolume;
      /** the layer's scale the volume was read at */
      scale: number;
      /** the base along up in the positions' frame, as asked for */
      base: number;
      baseChoice: BaseChoice['kind'];
      height: CellHeight;
      emptyCells: EmptyCells;
      /** the cell was the default one */
      autoCell: boolean;
      /** points of the layer, of which the grid took grid.points */
      total: number;
      unit: string;
      ms: number;
    }
  | { status: 'error'; layerId: string; message: string };
