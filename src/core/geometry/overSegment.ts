// A geometric over-segmentation of a scene: pieces that are smooth (and, with a colour weight, of
// one colour), which rarely cross an object's edge. training/pointlens_train/over_segment.py is the
// same algorithm in Python, in float64 arithmetic in the same order
// (tests/fixtures/seg/pieces_parity.json, written there, checks this one).
//
// The nodes are the cells of the local-shape grid, each with the normal of its 3x3x3 neighbourhood
// and the mean colour of its points; touching cells are joined by an edge of weight
// 1 - |n_a . n_b| + colourWeight * mean |c_a - c_b|. Felzenszwalb and Huttenlocher's graph
// segmentation (2004) merges along the edges, lightest first, while an edge is no heavier than
// either side's internal difference plus k / its cells; pieces under `minCells` cells then join the
// neighbour of their lightest edge. Equal weights are ordered by the cells' keys, so the pieces do
// not depend on the order of the points.
import { ascendingOrder } from '../ascendingOrder';
import { SHAPE_MOMENTS, cellEigen, keyShift, shapeGrid } from './localShape';
import { anchoredGridOrigin } from './sceneFloor';
import { cellPairs, forwardShifts } from './sortedCells';

export interface OverSegmentParams {
  k: number;
  minCells: number;
  colourWeight: number;
}

export interface OverSegmentation {
  /** the piece of each point */
  piece: Int32Array;
  pieces: number;
  /** each two pieces with touching cells, as a * pieces + b with a < b, sorted */
  touching: number[];
}

function find(parent: Int32Array, a: number): number {
  let root = a;
  while (parent[root] !== root) root = parent[root];
  while (parent[a] !== root) {
    const next = parent[a];
    parent[a] = root;
    a = next;
  }
  return root;
}

/**
 * The pieces of a cloud, numbered in the key order of their first cells, and which of them touch;
 * the grid is anchored as the segmenter's local shape is (sceneFloor.ts `gridOrigin`).
 */
export function overSegment(positions: Float32Array, colors: Uint8Array | undefined, params: OverSegmentParams): OverSegmentation {
  const n = positions.length / 3;
  if (!n) return { piece: new Int32Array(0), pieces: 0, touching: [] };
  const grid = shapeGrid(positions, anchoredGridOrigin(positions));
  const cells = grid.keys.length;
  const normal = new Float64Array(cells * 3);
  for (let v = 0; v < cells; v++) {
    const e = cellEigen(grid, v);
    if (e) normal.set([e[3], e[4], e[5]], 3 * v);
  }
  const colour = new Float64Array(cells * 3);
  if (colors) {
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) colour[3 * grid.voxelOf[i] + c] += colors[3 * i + c] / 255;
    for (let v = 0; v < cells; v++) for (let c = 0; c < 3; c++) colour[3 * v + c] /= grid.own[v * SHAPE_MOMENTS];
  }
  const keys = grid.keys;
  // the cells are numbered in key order, so the edges come in the order of their cells' keys, and a
  // stable sort by weight orders equal weights by the keys, as training/ does
  const { from, to } = cellPairs(keys, forwardShifts((dx, dy, dz) => keyShift(grid.dims, dx, dy, dz)));
  const edges = from.length;
  const weight = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    const a = from[e], b = to[e];
    const dot = Math.abs(normal[3 * a] * normal[3 * b] + normal[3 * a + 1] * normal[3 * b + 1] + normal[3 * a + 2] * normal[3 * b + 2]);
    const diff = (Math.abs(colour[3 * a] - colour[3 * b]) + Math.abs(colour[3 * a + 1] - colour[3 * b + 1]) + Math.abs(colour[3 * a + 2] - colour[3 * b + 2])) / 3;
    weight[e] = 1 - dot + params.colourWeight * diff;
  }
  const order = ascendingOrder(weight);
  const parent = Int32Array.from({ length: cells }, (_, v) => v);
  const size = new Int32Array(cells).fill(1);
  const internal = new Float64Array(cells);
  for (const e of order) {
    const ra = find(parent, from[e]);
    const rb = find(parent, to[e]);
    if (ra === rb || weight[e] > Math.min(internal[ra] + params.k / size[ra], internal[rb] + params.k / size[rb])) continue;
    parent[rb] = ra;
    size[ra] += size[rb];
    internal[ra] = weight[e];
  }
  for (const e of order) {
    const ra = find(parent, from[e]);
    const rb = find(parent, to[e]);
    if (ra !== rb && (size[ra] < params.minCells || size[rb] < params.minCells)) {
      parent[rb] = ra;
      size[ra] += size[rb];
    }
  }
  // pieces numbered by the lowest key among their cells
  const cellPiece = new Int32Array(cells).fill(-1);
  const rootPiece = new Int32Array(cells).fill(-1);
  let pieces = 0;
  for (let v = 0; v < cells; v++) {
    const r = find(parent, v);
    if (rootPiece[r] < 0) rootPiece[r] = pieces++;
    cellPiece[v] = rootPiece[r];
  }
  const piece = new Int32Array(n);
  for (let i = 0; i < n; i++) piece[i] = cellPiece[grid.voxelOf[i]];
  // the graph's edges are every two touching cells: those between pieces make the pieces' neighbours
  const touching = new Set<number>();
  for (let e = 0; e < edges; e++) {
    const a = cellPiece[from[e]], b = cellPiece[to[e]];
    if (a !== b) touching.add(Math.min(a, b) * pieces + Math.max(a, b));
  }
  return { piece, pieces, touching: [...touching].sort((x, y) => x - y) };
}
