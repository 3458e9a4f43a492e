// The ground feature's slice: how the split of the active layer goes, and what it found. Which points
// are ground joins the layer's fields (core/geometry/ground's GROUND_FIELD), as a label field the
// colour modes, the legend, the inspector and the exports read.
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { GroundSplit } from '../../core/geometry/ground';

export type GroundView =
  | { status: 'running'; layerId: string; progress: number }
  | ({
      status: 'done';
      layerId: string;
      /** the layer's points, searched or not (the clip, hidden stray points) */
      total: number;
      up: SignedAxis;
      /** the length unit's symbol, '' where the file declares none (its lengths read as metres) */
      unit: string;
      ms: number;
    } & Omit<GroundSplit, 'labels'>)
  | { status: 'error'; layerId: string; message: string };
