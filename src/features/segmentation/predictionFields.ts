// The scene segmentation is held beside a layer's fields, as an overlay repainted while it grows. A
// layer made of the layer's points (a subsample, a merge) gets it as the fields a labelled export
// names it by: `pred`, its classes named so that the legend names them, and `confidence`.
import { namedClasses } from '../../core/ml/exportResults';
import type { Geometry } from '../../core/types';
import type { LayerData } from '../../state/store';
import { SEGMENTATION } from './segmentation';

/** The colour mode a layer made of the layer's points opens in where the layer showed `mode`: the prediction's becomes `pred`'s. */
export const carriedColorMode = (mode: string): string => (mode === `overlay:${SEGMENTATION}` ? 'field:pred' : mode);

/** The layer's points with its segmentation, where it has one, as the fields `pred` (-1 where none yet) and `confidence`; a field of those names it held gives way. */
export function withPredictionFields(data: Pick<LayerData, 'geometry' | 'overlays'>): Geometry {
  const g = data.geometry;
  const overlay = data.overlays.find((o) => o.id === SEGMENTATION);
  if (!overlay) return g;
  return {
    ...g,
    fields: { ...g.fields, pred: Int32Array.from(overlay.values), ...(overlay.confidence && { confidence: overlay.confidence }) },
    fieldClasses: { ...g.fieldClasses, pred: namedClasses(overlay.classes) },
  };
}
