// The volume feature's slice: the last grid of the active layer and its volume over the base (a
// level one or another layer), kept with the grid itself so that the panel exports the grid it
// reports on, and with what it was run on, to tell when the points kept or the layers' places change.
import type { ContourLine } from '../../core/geometry/contours';
import type { GridDifference } from '../../core/geometry/gridDifference';
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
      /** the level base along up in the positions' frame, as asked for (NaN against a layer) */
      base: number;
      baseChoice: BaseChoice['kind'] | 'layer';
      /** against another layer: which, the cells each covers, and the field the heights above it were kept in */
      between?: VolumeBetween;
      /** what the run took: the points kept and where the layers were drawn */
      ran: VolumeRan;
      /** the field the layer's ground was read from, where the ground points alone were gridded */
      groundFrom?: string;
      height: CellHeight;
      emptyCells: EmptyCells;
      /** the cell was the default one */
      autoCell: boolean;
      /** points of the layer, of which the grid took grid.points */
      total: number;
      unit: string;
      ms: number;
      /** the grid's contour lines, drawn over the layer until the grid is of other points; or why they could not be drawn */
      contours?: VolumeContours;
    }
  | { status: 'error'; layerId: string; message: string };

export type VolumeContours =
  | {
      status: 'done';
      /** the height between two levels, in the file's units */
      interval: number;
      /** the interval was the default one */
      autoInterval: boolean;
      /** how many levels were cut, whether or not a line was found at each */
      levels: number;
      lines: ContourLine[];
    }
  /** stopped by the person before any were drawn for this result */
  | { status: 'cancelled' }
  | { status: 'error'; message: string };

export interface VolumeBetween extends Pick<GridDifference, 'matched' | 'onlyActive' | 'onlyBase' | 'baseInterpolated'> {
  baseId: string;
  baseName: string;
  /** the points of the base layer gridded: those its clip keeps that are not its hidden stray points (`baseLeftBy` says which left the others out, '' where none did), of `baseTotal` */
  basePoints: number;
  baseTotal: number;
  baseLeftBy: string;
  /** with the ground alone: the field the base layer's ground was read from, its ground points alone being `basePoints`; null where it has no ground (all its points) */
  baseGroundFrom?: string | null;
  /** the base layer's grid, on the layer's grid's frame: the two give the difference grid exported */
  baseGrid: HeightGrid;
  field?: string;
}

export interface VolumeRan {
  /** the kept points' print (core/geometry/clip's keptPrint) */
  kept: string;
  /** the colour mode the filter by value read for them, where it took points away: while the volume's own field is shown, the filter is read in it instead */
  filterMode?: string;
  /** the base layer's points' print, against a layer */
  baseKept?: string;
  /** the active layer's matrix as drawn about its own origin, and the base layer's beside it */
  placement: number[];
  basePlacement?: number[];
}
