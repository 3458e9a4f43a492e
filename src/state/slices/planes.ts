// The planes feature's slice: how the search of the active layer goes, and the planes it found.
// Which plane each point is on joins the layer's fields (core/geometry/planes' PLANE_FIELD), as a
// label field the colour modes, the legend, the inspector and the exports read.
import type { FoundPlane } from '../../core/geometry/planes';

export type PlanesView =
  | { status: 'running'; layerId: string; progress: number }
  | {
      status: 'done';
      layerId: string;
      planes: FoundPlane[];
      /** the points searched: the layer's kept points (the clip, hidden stray points) */
      points: number;
      /** the layer's points, kept or not */
      total: number;
      distance: number;
      spacing: number;
      /** whether the distance threshold was the default, taken from the spacing */
      autoDistance: boolean;
      minPoints: number;
      maxPlanes: number;
      seed: number;
      /** the up axis the tilts and dip directions were read against */
      up: string;
      /** the length unit's symbol, '' for the file's own */
      unit: string;
      ms: number;
    }
  | { status: 'error'; layerId: string; message: string };
