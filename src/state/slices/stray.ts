// The stray points feature's slice: how the search of the active layer goes, how many of its points
// are stray, and whether they are hidden. Which points they are is kept beside the plain data
// (`StrayMarks`); hidden, they join what the clip cuts away (state/clipMask's kept mask).
export type StrayView =
  | { status: 'running'; layerId: string; k: number; sigma: number; progress: number }
  | {
      status: 'done';
      layerId: string;
      /** the neighbours each mean was taken over (fewer than asked of a cloud of fewer points) */
      k: number;
      sigma: number;
      count: number;
      points: number;
      meanDistance: number;
      threshold: number;
      /** the length unit's symbol, '' for the file's own */
      unit: string;
      ms: number;
      /** left out of the view, the legend, picking, exports and recognition */
      hidden: boolean;
    }
  | { status: 'error'; layerId: string; k: number; sigma: number; message: string };

export interface StrayMarks {
  layerId: string;
  /** the positions searched: a layer whose points changed since (a streamed one) is not marked by them */
  positions: Float32Array;
  /** 1 for each stray point */
  stray: Uint8Array;
}
