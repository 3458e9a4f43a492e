// A layer made of points the app already holds (a subsample of a layer, several layers merged):
// described as the layer whose frame it keeps (its format, unit, coordinate system, origin and up),
// drawn on its up axis, and moved by its transform given about the new layer's own centre, so that
// every point lies where it was drawn.
import type { Octree } from '../core/geometry/octree';
import { aboutCentre, boundsCenter, type LayerTransform } from '../core/layers/transform';
import type { Geometry, ParseResult } from '../core/types';
import type { LayerSettings } from './slices/layers';
import { describeLayer, useAppStore, type LayerMeta } from './store';

export interface DerivedLayer {
  geometry: Geometry;
  meta: LayerMeta;
  own: LayerSettings;
  transform: LayerTransform;
}

/**
 * The layer `id` named `name` of `geometry`, in the frame of the layer described by `frame`, placed by `transform` and drawn with `own`.
 * It keeps `frame`'s LAS grid, for points of `frame`'s own file (a subsample); points moved into the frame come with a frame without one.
 */
export function derivedLayer(frame: LayerMeta, transform: LayerTransform, own: LayerSettings, id: string, name: string, geometry: Geometry, octree: Octree, warnings: string[] = []): DerivedLayer {
  const result: ParseResult = {
    format: frame.format === 'copc' ? 'las' : frame.format,
    data: geometry,
    droppedNonFinite: 0,
    warnings,
    ...(frame.unit && { unit: frame.unit }),
    ...(frame.crs && { crs: frame.crs }),
    ...(frame.crsWkt && { crsWkt: frame.crsWkt }),
    ...(frame.lasGrid && { lasGrid: frame.lasGrid }),
    ...(frame.origin && { origin: frame.origin }),
  };
  const meta: LayerMeta = { ...describeLayer(id, name, result, 0, frame.up, octree), format: frame.format };
  return { geometry, meta, own, transform: aboutCentre(transform, boundsCenter(frame.bounds), boundsCenter(meta.bounds), own.upAxis) };
}

/** Adds `made`, drawn through `octree`, beside the layers, as the active one; `ms`: the time it took to make. */
export function addDerivedLayer(made: DerivedLayer, octree: Octree, ms: number): void {
  const store = useAppStore.getState();
  store.addLayer({ id: made.meta.id, geometry: made.geometry, flatShading: false, octree }, { ...made.meta, parseMs: ms }, made.own);
  useAppStore.getState().updateLayer(made.meta.id, { transform: made.transform });
}

/** What a layer made of others says it carried: their fields by name (none where they had none). */
export function carriedNote(fields: readonly string[]): string[] {
  return fields.length ? [`It carries ${fields.length === 1 ? 'the field' : 'the fields'} ${fields.join(', ')}.`] : [];
}
