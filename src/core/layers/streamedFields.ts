// A streamed layer's points are those of the octree nodes it holds, and they change as the view
// does: nodes are let go and others fetched. A field computed for those points (the distance to
// another layer, its offsets) is no file's to read again, so the values of the nodes still held
// are carried to the new points, and a node fetched since has none: NaN, which the colour scales
// draw grey and the summaries leave out, until the field is computed again.
import type { Octree } from '../geometry/octree';
import type { ScalarArray } from '../types';

type FloatArray = Float32Array | Float64Array;

/** The values of `node`'s points, in the order its octree holds them. */
function nodeValues(values: ScalarArray, octree: Octree, node: number): number[] {
  const { start, count } = octree.nodes[node];
  return Array.from({ length: count }, (_, j) => values[octree.order[start + j]]);
}

/**
 * The computed fields of the points `before` (its float fields that are not among `fileFields`:
 * labels have no "no value" and are not carried), laid out for `points` points held in the nodes
 * of `after`: a node that holds the same points in both keeps its values, every other point has NaN.
 */
export function carriedFields(before: { fields: Record<string, ScalarArray>; octree: Octree }, after: Octree, points: number, fileFields: ReadonlySet<string>): Record<string, FloatArray> {
  const out: Record<string, FloatArray> = {};
  for (const [name, values] of Object.entries(before.fields)) {
    if (fileFields.has(name) || !(values instanceof Float32Array || values instanceof Float64Array)) continue;
    const carried = new (values.constructor as new (n: number) => FloatArray)(points).fill(NaN);
    after.nodes.forEach((node, id) => {
      const was = before.octree.nodes[id];
      if (!node.count || was?.count !== node.count) return;
      nodeValues(values, before.octree, id).forEach((v, j) => (carried[after.order[node.start + j]] = v));
    });
    out[name] = carried;
  }
  return out;
}

/** Nodes held whose points have no value of a carried field (fetched since it was computed), and their points. */
export function nodesWithoutValues(values: ScalarArray, octree: Octree): { nodes: number; points: number } {
  let nodes = 0;
  let points = 0;
  octree.nodes.forEach((node, id) => {
    if (node.count && nodeValues(values, octree, id).every(Number.isNaN)) {
      nodes++;
      points += node.count;
    }
  });
  return { nodes, points };
}
