// Level of detail for big clouds after Potree (Schütz, "Potree: Rendering Large Point Clouds in
// Web Browsers", 2016, ch. 3): nested cubes, each inner node holding an even subsample of its cube
// (at most one point per cell of a grid over it) and its eight children refining what it left
// out, down to leaves that hold every remaining point. Every point lies in exactly one node, so a
// set of nodes shows a subset of the cloud without copying it: the nodes are ranges of one index
// array into the layer's own arrays, which keeps colour modes and overlays computed for all points.
import { computeBounds } from './bounds';

export interface OctreeNode {
  /** depth below the root (0) */
  level: number;
  /** the node's cube: its least corner and its edge */
  min: [number, number, number];
  size: number;
  /** this node's own points: `order[start .. start + count)` */
  start: number;
  count: number;
  /** child node indices by octant (bit 0: upper x half, bit 1: y, bit 2: z), -1 where empty */
  children: number[];
}

export interface Octree {
  /** point indices, node after node */
  order: Uint32Array;
  /** nodes[0] is the root; parents come before their children */
  nodes: OctreeNode[];
}

export interface OctreeOptions {
  /** cells per edge of the grid an inner node keeps one point per cell of */
  grid: number;
  /** a node with at most this many points keeps them all and has no children */
  leafPoints: number;
  /** nodes this deep keep all their points (identical points cannot be split) */
  maxDepth: number;
}

/**
 * A 16³ grid keeps a few hundred points a node on a scan's surfaces (at most 4,096), and leaves
 * hold at most 2,048: nodes small enough that the ones the view cuts through carry few points
 * outside it, so a budget that covers the points in view draws all of them (a 50k-point room
 * zoomed into a corner under a 25k budget, tests/e2e/lod.test.ts).
 */
export const OCTREE_DEFAULTS: OctreeOptions = { grid: 16, leafPoints: 2048, maxDepth: 21 };

interface Task {
  node: number;
  start: number;
  end: number;
}

/** Builds the octree of `positions` (xyz, 3 floats a point, all finite). */
export function buildOctree(positions: Float32Array, options: Partial<OctreeOptions> = {}): Octree {
  const { grid, leafPoints, maxDepth } = { ...OCTREE_DEFAULTS, ...options };
  if (!(grid >= 1 && grid <= 256)) throw new Error(`octree grid ${grid} is outside 1..256`);
  const n = Math.floor(positions.length / 3);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const { min, max } = computeBounds(positions);
  // a cube, so that every level halves the spacing alike on every axis
  const size = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  const nodes: OctreeNode[] = [{ level: 0, min: [...min], size, start: 0, count: n, children: [-1, -1, -1, -1, -1, -1, -1, -1] }];
  if (n <= leafPoints) return { order, nodes };

  const scratch = new Uint32Array(n);
  const keys = new Uint8Array(n);
  const cells = grid * grid * grid;
  // which node last took each cell: one array for the whole build instead of one per node
  const taken = new Int32Array(cells).fill(-1);
  const counts = new Uint32Array(9);
  const queue: Task[] = [{ node: 0, start: 0, end: n }];
  for (let q = 0; q < queue.length; q++) {
    const { node: id, start, end } = queue[q];
    const node = nodes[id];
    if (end - start <= leafPoints || node.level >= maxDepth) continue;
    const [x0, y0, z0] = node.min;
    const half = node.size / 2;
    const cx = x0 + half;
    const cy = y0 + half;
    const cz = z0 + half;
    const scale = grid / node.size;
    counts.fill(0);
    for (let k = start; k < end; k++) {
      const p = order[k] * 3;
      const x = positions[p];
      const y = positions[p + 1];
      const z = positions[p + 2];
      const gx = Math.min(grid - 1, Math.max(0, Math.floor((x - x0) * scale)));
      const gy = Math.min(grid - 1, Math.max(0, Math.floor((y - y0) * scale)));
      const gz = Math.min(grid - 1, Math.max(0, Math.floor((z - z0) * scale)));
      const cell = (gz * grid + gy) * grid + gx;
      let key = 0;
      if (taken[cell] === id) key = 1 + ((x >= cx ? 1 : 0) | (y >= cy ? 2 : 0) | (z >= cz ? 4 : 0));
      else taken[cell] = id;
      keys[k] = key;
      counts[key]++;
    }
    // a stable counting sort of the range: the node's own points first, then octant by octant
    const offsets = new Uint32Array(9);
    for (let b = 1; b < 9; b++) offsets[b] = offsets[b - 1] + counts[b - 1];
    const at = offsets.slice();
    for (let k = start; k < end; k++) scratch[start + at[keys[k]]++] = order[k];
    order.set(scratch.subarray(start, end), start);
    node.count = counts[0];
    for (let octant = 0; octant < 8; octant++) {
      const m = counts[octant + 1];
      if (!m) continue;
      const from = start + offsets[octant + 1];
      const child: OctreeNode = {
        level: node.level + 1,
        min: [octant & 1 ? cx : x0, octant & 2 ? cy : y0, octant & 4 ? cz : z0],
        size: half,
        start: from,
        count: m,
        children: [-1, -1, -1, -1, -1, -1, -1, -1],
      };
      node.children[octant] = nodes.length;
      queue.push({ node: nodes.length, start: from, end: from + m });
      nodes.push(child);
    }
  }
  return { order, nodes };
}

/** The transferable arrays of an octree. */
export function octreeBuffers(tree: Octree): ArrayBuffer[] {
  return [tree.order.buffer as ArrayBuffer];
}
