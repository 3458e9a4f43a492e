// A cloud larger than the read budget is held as an even subsample of its file's points; where
// the camera settles on a region, the file is read again for that region's points in full (the
// detail layer, drawn over the decimated whole).
import type { Bounds } from '../../core/geometry/bounds';

export type { Decimation } from '../../core/io/recordStream';

export interface DetailView {
  layerId: string;
  status: 'loading' | 'shown' | 'failed';
  /** the region read (in the layer's coordinates) */
  box: Bounds;
  /** points of the file inside the region, and how many of them the detail layer holds (once read) */
  inside?: number;
  points?: number;
  /** every how many of the region's points the detail layer holds (1: all) */
  every: number;
  /** why reading it failed */
  message?: string;
}
