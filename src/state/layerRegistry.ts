// Heavy per-layer data (typed arrays) outside React state: components look arrays up here by the
// layer id the store names, so that a store update never copies or diffs millions of numbers.
import type { ColorSource, LabelOverlay } from '../core/color/colorModes';
import type { Geometry } from '../core/types';

export interface LayerData {
  geometry: Geometry;
  /** per-point overlays attached by features, in the order they came */
  overlays: LabelOverlay[];
  /** 0 for points hidden through the legend (picking skips them); absent when all show */
  visible?: Uint8Array;
  /** shade the mesh flat: its vertex normals cannot be trusted (core/geometry/meshWinding) */
  flatShading?: boolean;
}

const layers = new Map<string, LayerData>();

export function putLayerData(id: string, data: LayerData): void {
  layers.set(id, data);
}

export function getLayerData(id: string): LayerData | undefined {
  return layers.get(id);
}

/** Forgets every layer but `keep`, so that a replaced cloud can be garbage-collected. */
export function dropLayersExcept(keep: string): void {
  for (const id of [...layers.keys()]) if (id !== keep) layers.delete(id);
}

export function colorSourceOf(data: LayerData): ColorSource {
  const g = data.geometry;
  return {
    positions: g.positions,
    colors: g.colors,
    normals: g.normals,
    fields: g.fields,
    overlays: data.overlays,
    mesh: g.kind === 'mesh' ? { indices: g.indices, groups: g.groups } : undefined,
  };
}
