// A streamed COPC layer is the nodes fetched so far: their points as one cloud, node after node by
// id, and an octree over it with the file's nodes (those not held hold no points), which the view
// draws from and which says, as the nodes change, which points are still those of the same node.
import type { Octree, OctreeNode } from '../geometry/octree';
import type { PointCloud, ScalarArray } from '../types';
import type { CopcNode, CopcNodePoints } from './copc';

/** The nodes `loaded` holds (by their index in `nodes`, the file's) as one cloud and an octree over it. */
export function copcLayer(nodes: readonly Pick<CopcNode, 'level' | 'min' | 'size' | 'children'>[], loaded: ReadonlyMap<number, CopcNodePoints>, hasColors: boolean): { geometry: PointCloud; octree: Octree } {
  const ids = [...loaded.keys()].sort((a, b) => a - b);
  const total = ids.reduce((n, id) => n + loaded.get(id)!.positions.length / 3, 0);
  const positions = new Float32Array(total * 3);
  const colors = hasColors ? new Uint8Array(total * 3) : undefined;
  // every node has the same fields, those of the file's point format
  const first = ids.length ? loaded.get(ids[0])!.fields : {};
  const fields: Record<string, ScalarArray> = Object.fromEntries(Object.entries(first).map(([name, a]) => [name, new (a.constructor as new (n: number) => ScalarArray)(total)]));
  const octreeNodes: OctreeNode[] = nodes.map((n) => ({ level: n.level, min: n.min, size: n.size, start: 0, count: 0, children: n.children }));
  let at = 0;
  for (const id of ids) {
    const points = loaded.get(id)!;
    const count = points.positions.length / 3;
    positions.set(points.positions, at * 3);
    if (colors && points.colors) colors.set(points.colors, at * 3);
    for (const [name, values] of Object.entries(points.fields)) (fields[name] as Float64Array).set(values, at);
    octreeNodes[id].start = at;
    octreeNodes[id].count = count;
    at += count;
  }
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  return { geometry: { kind: 'points', positions, colors, fields }, octree: { order, nodes: octreeNodes } };
}
