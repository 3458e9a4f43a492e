// The subsample feature's slice: the last run, on whichever layer it was made from. Its result is a
// layer of its own, so the report stays whatever layer is active after.
export type SubsampleView =
  | { status: 'running'; layerId: string; progress: number }
  | {
      status: 'done';
      /** the layer subsampled, and the layer made of the points kept */
      layerId: string;
      resultId: string;
      /** the new layer's name: the source's and the method's */
      name: string;
      /** points taken (those the clip and hidden stray points keep) and points kept */
      before: number;
      after: number;
      /** the fields the new layer carries (the scene segmentation's `pred` and `confidence` among them) */
      carried: string[];
      ms: number;
    }
  | { status: 'error'; layerId: string; message: string };
