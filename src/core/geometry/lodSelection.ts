// Which octree nodes to draw from where the camera is, after Potree: nodes in view are taken in
// order of their size on screen (a screen-space error: the larger a node looks, the more its
// missing detail shows), each only after its parent, as long as it fits in the point budget.
import type { Octree, OctreeNode } from './octree';

/** What the selection needs of a node: its cube, its own points and its children (-1: none). */
export type LodNode = Pick<OctreeNode, 'min' | 'size' | 'count' | 'children'>;

/**
 * Nodes with the root first and parents before their children: an in-memory cloud's octree, or a
 * COPC file's hierarchy (whose nodes are fetched only once chosen).
 */
export interface LodTree {
  nodes: readonly LodNode[];
}

export interface LodView {
  /** column-major model-view-projection matrix, from the octree's coordinates to clip space */
  mvp: ArrayLike<number>;
  /** the camera's position in the octree's coordinates */
  eye: [number, number, number];
  /** pixels a unit length covers at unit distance: viewport height / (2 tan(fov / 2)) */
  pixelsPerUnit: number;
  /** most points drawn */
  budget: number;
}

export interface LodSelection {
  /** node indices, largest on screen first (a parent always before its children) */
  nodes: number[];
  points: number;
}

/**
 * The frustum's side planes and the plane the camera looks along (w > 0), as (a, b, c, d) with
 * inside where a x + b y + c z + d >= 0 (Gribb and Hartmann's extraction). Near and far planes are
 * left out: they differ between WebGL's and WebGPU's clip depth ranges and cull little.
 */
function frustumPlanes(m: ArrayLike<number>): number[][] {
  const row = (i: number) => [m[i], m[4 + i], m[8 + i], m[12 + i]];
  const [r0, r1, , r3] = [row(0), row(1), row(2), row(3)];
  const add = (a: number[], b: number[], s: number) => a.map((v, k) => v + s * b[k]);
  return [add(r3, r0, 1), add(r3, r0, -1), add(r3, r1, 1), add(r3, r1, -1), r3];
}

function cubeOutside(planes: number[][], min: [number, number, number], size: number): boolean {
  for (const [a, b, c, d] of planes) {
    // the corner furthest along the plane's normal
    const x = min[0] + (a > 0 ? size : 0);
    const y = min[1] + (b > 0 ? size : 0);
    const z = min[2] + (c > 0 ? size : 0);
    if (a * x + b * y + c * z + d < 0) return true;
  }
  return false;
}

/** A binary max-heap of node indices by priority. */
class NodeHeap {
  private ids: number[] = [];
  private keys: number[] = [];
  get size() {
    return this.ids.length;
  }
  push(id: number, key: number) {
    let i = this.ids.length;
    this.ids.push(id);
    this.keys.push(key);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (this.keys[up] >= key) break;
      this.ids[i] = this.ids[up];
      this.keys[i] = this.keys[up];
      i = up;
    }
    this.ids[i] = id;
    this.keys[i] = key;
  }
  pop(): number {
    const top = this.ids[0];
    const lastId = this.ids.pop()!;
    const lastKey = this.keys.pop()!;
    const n = this.ids.length;
    if (n) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && this.keys[l + 1] > this.keys[l] ? l + 1 : l;
        if (this.keys[c] <= lastKey) break;
        this.ids[i] = this.ids[c];
        this.keys[i] = this.keys[c];
        i = c;
      }
      this.ids[i] = lastId;
      this.keys[i] = lastKey;
    }
    return top;
  }
}

/** The nodes to draw for `view`. */
export function selectNodes(tree: LodTree, view: LodView): LodSelection {
  const planes = frustumPlanes(view.mvp);
  const heap = new NodeHeap();
  const priority = (id: number) => {
    const { min, size } = tree.nodes[id];
    const radius = (size * Math.sqrt(3)) / 2;
    const dx = min[0] + size / 2 - view.eye[0];
    const dy = min[1] + size / 2 - view.eye[1];
    const dz = min[2] + size / 2 - view.eye[2];
    const distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
    // the camera inside a node's sphere: that node comes first
    return distance <= radius ? Infinity : (radius / distance) * view.pixelsPerUnit;
  };
  const consider = (id: number) => {
    const node = tree.nodes[id];
    if (!cubeOutside(planes, node.min, node.size)) heap.push(id, priority(id));
  };
  consider(0);
  const nodes: number[] = [];
  let points = 0;
  while (heap.size) {
    const id = heap.pop();
    const node = tree.nodes[id];
    // a node that does not fit stays out with everything below it; smaller ones still may fit
    if (points + node.count > view.budget) continue;
    nodes.push(id);
    points += node.count;
    for (const child of node.children) if (child >= 0) consider(child);
  }
  return { nodes, points };
}

/**
 * Writes the point indices of `nodes` into `out`, node after node, and returns how many; `out`
 * must hold the selection's points.
 */
export function selectedPoints(tree: Octree, nodes: readonly number[], out: Uint32Array): number {
  let n = 0;
  for (const id of nodes) {
    const { start, count } = tree.nodes[id];
    out.set(tree.order.subarray(start, start + count), n);
    n += count;
  }
  return n;
}
