// A streamed layer's points are those of the octree nodes it holds, and they change as the view
// does: nodes are let go and others fetched. What was computed for those points (a distance to
// another layer, clusters, planes, estimated normals) is no file's to read again, so the values of
// the nodes still held are carried to the new points, and a node fetched since has none until it
// is computed again: NaN for a measure or a normal (the colour scales draw it grey, the summaries
// leave it out), NOT_COMPUTED for a label.
import { NO_CLASS_COLOR } from '../color/labelTable';
import type { Octree } from '../geometry/octree';
import type { NamedClass, PointCloud, ScalarArray } from '../types';

/**
 * A point's label where its label field was not computed for it. Not -1 or 0: those are results
 * (a point on no plane, in no cluster), and a point never looked at is neither.
 */
export const NOT_COMPUTED = -2;

/** How the legend names a point with no label yet, drawn grey as every point with no class is. */
export const NOT_COMPUTED_CLASS: NamedClass = { id: NOT_COMPUTED, name: 'fetched since: run again', color: NO_CLASS_COLOR };

type FloatArray = Float32Array | Float64Array;
const isFloat = (values: ScalarArray): values is FloatArray => values instanceof Float32Array || values instanceof Float64Array;

/** `values` (`stride` a point) laid out for `points` points in the nodes of `after`: a node holding the same points in both keeps them, every other point has `none`. */
function carry<T extends ScalarArray>(values: ScalarArray, stride: number, before: Octree, after: Octree, out: T, none: number): T {
  out.fill(none);
  after.nodes.forEach((node, id) => {
    const was = before.nodes[id];
    if (!node.count || was?.count !== node.count) return;
    for (let j = 0; j < node.count; j++) {
      const from = before.order[was.start + j] * stride;
      const to = after.order[node.start + j] * stride;
      for (let k = 0; k < stride; k++) out[to + k] = values[from + k];
    }
  });
  return out;
}

/** A computed field's values on the points of `after`: floats keep their type (NaN for none), labels are Int32 ids (NOT_COMPUTED for none). */
function carriedValues(values: ScalarArray, before: Octree, after: Octree, points: number): ScalarArray {
  return isFloat(values) ? carry(values, 1, before, after, new (values.constructor as new (n: number) => FloatArray)(points), NaN) : carry(values, 1, before, after, new Int32Array(points), NOT_COMPUTED);
}

/** What was computed for a streamed layer's points: its fields other than the file's, their classes, and normals the file did not give. */
export type ComputedValues = Pick<PointCloud, 'fields' | 'fieldClasses' | 'normals'>;

/**
 * What was computed for the points of `before` (its fields not among `fileFields`, their classes,
 * its normals: a COPC file gives none), laid out for `points` points held in the nodes of `after`.
 * A label field's classes name NOT_COMPUTED, so its legend says what the grey points are.
 */
export function carriedComputed(before: { geometry: ComputedValues; octree: Octree }, after: Octree, points: number, fileFields: ReadonlySet<string>): ComputedValues {
  const { geometry: g, octree } = before;
  const fields: Record<string, ScalarArray> = {};
  const fieldClasses: Record<string, NamedClass[]> = {};
  for (const [name, values] of Object.entries(g.fields)) {
    if (fileFields.has(name)) continue;
    fields[name] = carriedValues(values, octree, after, points);
    if (isFloat(values)) continue;
    const classes = g.fieldClasses?.[name] ?? [];
    fieldClasses[name] = classes.some((c) => c.id === NOT_COMPUTED) ? classes : [...classes, NOT_COMPUTED_CLASS];
  }
  return {
    fields,
    ...(Object.keys(fieldClasses).length && { fieldClasses }),
    ...(g.normals && { normals: carry(g.normals, 3, octree, after, new Float32Array(points * 3), NaN) }),
  };
}

/** Nodes held whose points have no value of a carried field or normal (fetched since it was computed), and their points; `stride` values a point. */
export function nodesWithoutValues(values: ScalarArray, octree: Octree, stride = 1): { nodes: number; points: number } {
  // a float of -2 is a value like any other
  const isNone = isFloat(values) ? Number.isNaN : (v: number) => v === NOT_COMPUTED;
  let nodes = 0;
  let points = 0;
  octree.nodes.forEach(({ start, count }) => {
    if (!count) return;
    for (let j = start; j < start + count; j++) if (!isNone(values[octree.order[j] * stride])) return;
    nodes++;
    points += count;
  });
  return { nodes, points };
}
