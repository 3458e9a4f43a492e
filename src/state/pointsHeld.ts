// A run on a streamed layer (a distance, clusters, planes, normals) computes for the points held
// when it started, and the view's nodes may change before it ends: its values land on the points
// held then, the nodes still held keeping theirs and those fetched since having none, as when the
// nodes change after it ended (core/layers/streamedFields).
import { carriedComputed, type ComputedValues } from '../core/layers/streamedFields';
import type { NamedClass, ScalarArray } from '../core/types';
import { useAppStore, type LayerData } from './store';

/** `computed`, of the points `measured` held, laid on the points the layer holds now. */
function onPointsHeld(computed: ComputedValues, measured: LayerData): ComputedValues {
  const s = useAppStore.getState();
  const now = s.layerData;
  if (!s.layer?.stream || !now || now.id !== measured.id || !now.octree || !measured.octree || now.octree === measured.octree) return computed;
  return carriedComputed({ geometry: computed, octree: measured.octree }, now.octree, now.geometry.positions.length / 3, new Set());
}

/** Gives the layer a field computed for the points `measured` held (a label field's ids named by `classes`). */
export function attachFieldOf(measured: LayerData, name: string, values: ScalarArray, classes?: NamedClass[]): void {
  const held = onPointsHeld({ fields: { [name]: values }, ...(classes && { fieldClasses: { [name]: classes } }) }, measured);
  useAppStore.getState().attachField(measured.id, name, held.fields[name], held.fieldClasses?.[name]);
}

/** Gives the layer the normals estimated for the points `measured` held. */
export function attachNormalsOf(measured: LayerData, normals: Float32Array): void {
  useAppStore.getState().attachNormals(measured.id, onPointsHeld({ fields: {}, normals }, measured).normals!);
}
