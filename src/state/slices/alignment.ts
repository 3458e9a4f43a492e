// The alignment feature's slice: how aligning the active layer to another goes, and what it set.
// The result itself is the layer's transform; the transform it replaced is kept to put back.
import type { Alignment } from '../../core/layers/align';
import type { LayerTransform } from '../../core/layers/transform';

export type AlignmentView =
  | { status: 'running'; layerId: string; reference: string; iteration: number; rms: number; progress: number }
  | (Omit<Alignment, 'sizeRatio'> & {
      status: 'done';
      layerId: string;
      /** the reference layer's name */
      reference: string;
      /** the transform the alignment replaced */
      previous: LayerTransform;
      /** the scale was solved too (scaleFound), not kept */
      adjustScale: boolean;
      /** the length unit's symbol, '' for the file's own */
      unit: string;
      ms: number;
      /** the previous transform was put back */
      undone?: boolean;
    })
  | { status: 'error'; layerId: string; reference: string; message: string };
