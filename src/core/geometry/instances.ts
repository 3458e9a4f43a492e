// Object instances from a segmented scene: the points of each class are split into connected
// components on a voxel grid (26-neighbourhood), and each component big enough becomes an
// axis-aligned box scored by the mean confidence of its points. Structure classes (walls,
// floor) are not boxed. training/pointlens_train/scene_instances.py is the same algorithm in
// Python, with which the box AP in models/manifest.json was measured.
import type { LabelledBox } from '../types';
import { suppressDuplicates, type SuppressionParams } from './boxSuppression';
import { cellPairs, forwardShifts, sortedCells } from './sortedCells';

export interface InstanceParams {
  /** voxel edge in metres: points in touching voxels belong to one instance */
  voxel: number;
  /** components with fewer points are dropped as noise */
  minPoints: number;
  /** class names never boxed */
  skip: string[];
  /** duplicates dropped across classes; none when absent */
  suppress?: SuppressionParams;
}

// chosen on the validation scans by scripts/tune-boxes.ts (training/README.md, "Boxes")
export const DEFAULT_INSTANCE_PARAMS: InstanceParams = { voxel: 0.1, minPoints: 30, skip: ['wall', 'floor'], suppress: { iou: 0.5, containment: 0.8 } };

// voxel coordinates packed into one integer below 2^53: 2^17 voxels an axis (13 km at 10 cm)
const SPAN = 131072;
const HALF = SPAN / 2;
/** The farthest from 0 a voxel of voxelComponents may lie, in voxels: past it, voxels far apart would share a key. */
export const VOXEL_REACH = HALF - 1;

function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/**
 * The connected components of points `pts` (ascending indices) on a voxel grid of edge `voxel`
 * (26-neighbourhood): each point's component, numbered in order of the component's first point.
 */
export function voxelComponents(positions: Float32Array, pts: ArrayLike<number>, voxel: number): { componentOf: Int32Array; count: number } {
  const grid = sortedCells(pts.length, (k) => {
    const p = pts[k];
    const ix = Math.floor(positions[3 * p] / voxel);
    const iy = Math.floor(positions[3 * p + 1] / voxel);
    const iz = Math.floor(positions[3 * p + 2] / voxel);
    return ((ix + HALF) * SPAN + (iy + HALF)) * SPAN + (iz + HALF);
  });
  const cells = grid.keys.length;
  const parent = new Int32Array(cells);
  for (let v = 0; v < cells; v++) parent[v] = v;
  const { from, to } = cellPairs(grid.keys, forwardShifts((dx, dy, dz) => (dx * SPAN + dy) * SPAN + dz));
  for (let e = 0; e < from.length; e++) {
    const a = find(parent, from[e]);
    const b = find(parent, to[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  // components in order of their first point
  const slot = new Int32Array(cells).fill(-1);
  const componentOf = new Int32Array(pts.length);
  let count = 0;
  for (let k = 0; k < pts.length; k++) {
    const root = find(parent, grid.cellOf[k]);
    if (slot[root] < 0) slot[root] = count++;
    componentOf[k] = slot[root];
  }
  return { componentOf, count };
}

/** The points of each class (ascending), for the classes that are boxed and have enough points; null for the others. */
function boxedClassPoints(pred: ArrayLike<number>, n: number, classNames: string[], params: InstanceParams): (number[] | null)[] {
  const byClass: number[][] = classNames.map(() => []);
  for (let p = 0; p < n; p++) {
    const c = pred[p];
    if (c >= 0 && c < classNames.length) byClass[c].push(p);
  }
  return byClass.map((pts, c) => (params.skip.includes(classNames[c]) || pts.length < params.minPoints ? null : pts));
}

/** A connected component of one predicted class: its points, ascending. */
export interface Component {
  classIndex: number;
  members: number[];
}

/**
 * The components of at least `minPoints` points of each boxed class, by class, then by lowest
 * point index; with `classIndex` -1 and every boxed class counted as one ("any object"), when
 * `anyObject` is set.
 */
export function components(positions: Float32Array, pred: ArrayLike<number>, classNames: string[], params: Omit<InstanceParams, 'suppress'>, anyObject = false): Component[] {
  const out: Component[] = [];
  const byClass = boxedClassPoints(pred, positions.length / 3, classNames, { ...params, minPoints: anyObject ? 0 : params.minPoints });
  const groups: [number, number[]][] = anyObject
    ? [[-1, byClass.flatMap((pts) => pts ?? []).sort((a, b) => a - b)]]
    : byClass.flatMap((pts, c) => (pts ? [[c, pts] as [number, number[]]] : []));
  for (const [classIndex, pts] of groups) {
    if (pts.length < params.minPoints) continue;
    const { componentOf, count } = voxelComponents(positions, pts, params.voxel);
    const members: number[][] = Array.from({ length: count }, () => []);
    pts.forEach((p, k) => members[componentOf[k]].push(p));
    for (const m of members) if (m.length >= params.minPoints) out.push({ classIndex, members: m });
  }
  return out;
}

/** The axis-aligned box around a component's points. */
export function boxAround(positions: Float32Array, members: readonly number[], label: string, classIndex: number, score: number): LabelledBox {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const p of members) {
    for (let d = 0; d < 3; d++) {
      const x = positions[3 * p + d];
      if (x < lo[d]) lo[d] = x;
      if (x > hi[d]) hi[d] = x;
    }
  }
  return {
    center: [0, 1, 2].map((d) => (lo[d] + hi[d]) / 2) as [number, number, number],
    size: [0, 1, 2].map((d) => hi[d] - lo[d]) as [number, number, number],
    label,
    classIndex,
    score,
    points: members.length,
  };
}

/**
 * Boxes ordered by class index, then by the lowest point index of each instance. Every decision
 * reads `positions`; where `fitIn` is given (the same points squared to a room's walls), each box
 * kept also carries the box around its points there.
 */
export function findInstances(
  positions: Float32Array,
  pred: ArrayLike<number>,
  confidence: ArrayLike<number>,
  classNames: string[],
  params: InstanceParams = DEFAULT_INSTANCE_PARAMS,
  fitIn?: Float32Array,
): LabelledBox[] {
  const members = new Map<LabelledBox, number[]>();
  const boxes = components(positions, pred, classNames, params).map(({ classIndex, members: m }) => {
    let sum = 0;
    for (const p of m) sum += confidence[p];
    const box = boxAround(positions, m, classNames[classIndex], classIndex, sum / m.length);
    members.set(box, m);
    return box;
  });
  const kept = params.suppress ? suppressDuplicates(boxes, params.suppress) : boxes;
  return fitIn ? refitted(kept, members, fitIn) : kept;
}

/** Each box with the box around its points in `fitIn` as its `square`. */
export function refitted(boxes: readonly LabelledBox[], members: ReadonlyMap<LabelledBox, readonly number[]>, fitIn: Float32Array): LabelledBox[] {
  return boxes.map((b) => {
    const { center, size } = boxAround(fitIn, members.get(b)!, b.label, b.classIndex, b.score);
    return { ...b, square: { center, size } };
  });
}

/**
 * One instance id per point from the same clustering as `findInstances` (before duplicates are
 * suppressed): 1, 2, ... by class, then by each component's first point; 0 for a point of an
 * unboxed class or of a component too small to be an object.
 */
export function instanceIds(positions: Float32Array, pred: ArrayLike<number>, classNames: string[], params: InstanceParams = DEFAULT_INSTANCE_PARAMS): Int32Array {
  const ids = new Int32Array(positions.length / 3);
  components(positions, pred, classNames, params).forEach(({ members }, k) => {
    for (const p of members) ids[p] = k + 1;
  });
  return ids;
}
