// A streamed COPC layer is the nodes fetched so far: their points as one cloud, node after node by
// id, and an octree over it with the file's nodes (those not held hold no points), which the view
// draws from and which says, as the nodes change, which points are still those of the same node.
// A node has the fields from user data on only where some point of it has them (lasRecords): the
// layer has each that a node held (or `seen`) has, zeros for the points of the nodes without it.
import type { Octree, OctreeNode } from '../geometry/octree';
import type { PointCloud, ScalarArray } from '../types';
import { LAS_POINT_FIELDS } from './lasClasses';
import type { CopcNode, CopcNodePoints } from './copc';

/** The order of a LAS file's fields, its extra dimensions after. */
const fieldRank = (name: string) => {
  const k = (LAS_POINT_FIELDS as readonly string[]).indexOf(name);
  return k < 0 ? LAS_POINT_FIELDS.length : k;
};

/**
 * The nodes `loaded` holds (by their index in `nodes`, the file's) as one cloud and an octree over
 * it; `seen`: an empty array of each field of the nodes fetched before, let go since or not, which
 * the layer keeps having (a layer coloured by a field keeps it as the nodes change).
 */
export function copcLayer(nodes: readonly Pick<CopcNode, 'level' | 'min' | 'size' | 'children'>[], loaded: ReadonlyMap<number, Omit<CopcNodePoints, 'tally'>>, hasColors: boolean, seen: Record<string, ScalarArray> = {}): { geometry: PointCloud; octree: Octree } {
  const ids = [...loaded.keys()].sort((a, b) => a - b);
  const total = ids.reduce((n, id) => n + loaded.get(id)!.positions.length / 3, 0);
  const positions = new Float32Array(total * 3);
  const colors = hasColors ? new Uint8Array(total * 3) : undefined;
  const kinds = new Map(Object.entries(seen));
  for (const id of ids) for (const [name, a] of Object.entries(loaded.get(id)!.fields)) if (!kinds.has(name)) kinds.set(name, a);
  const names = [...kinds.keys()].sort((a, b) => fieldRank(a) - fieldRank(b));
  const fields: Record<string, ScalarArray> = Object.fromEntries(names.map((name) => [name, new (kinds.get(name)!.constructor as new (n: number) => ScalarArray)(total)]));
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
