// The comparison feature's slice: how the distance of the active layer's points to another layer
// goes. The distances themselves join the layer's fields, as a scalar field a colour mode draws.
import type { DistanceSummary } from '../../core/layers/cloudDistance';

/** Where a comparison placed its two layers: the compared one's matrix about its own origin, the reference's relative to it. */
export interface ComparedPlacements {
  compared: number[];
  reference: number[];
}

export type ComparisonView =
  | { status: 'running'; layerId: string; reference: string; progress: number }
  | {
      status: 'done';
      layerId: string;
      /** the reference layer's name */
      reference: string;
      referenceId: string;
      /** where the two layers were when measured, to tell a later move */
      placements: ComparedPlacements;
      /** the field the distances were kept in */
      field: string;
      /** where the searches stopped, in the layer's units: points farther were kept as it */
      maxDistance?: number;
      /** the fields the offsets along the layer's own x, y and z were kept in, where they were split */
      offsetFields?: [string, string, string];
      /** the distances took the side of the reference each point is on, by its normals */
      signed?: boolean;
      summary: DistanceSummary;
      referencePoints: number;
      surfaceSamples: number;
      /** the length unit's symbol, '' for the file's own */
      unit: string;
      ms: number;
    }
  | { status: 'error'; layerId: string; reference: string; message: string };
