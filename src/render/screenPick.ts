// Picking by a CPU nearest search in screen space: a sprite-instanced cloud has no per-point
// geometry to raycast, and a projected distance is what a person means by "the point I clicked".
import type { Bounds } from '../core/geometry/bounds';

/** The points a view draws: `indices[0 .. count)`, or every point where `indices` is null. */
export interface DrawnPoints {
  indices: Uint32Array | null;
  count: number;
  /** octree nodes they come from, where the view draws a cloud through its octree */
  nodes?: number;
}

/**
 * Index of the point whose projection lies within `radius` CSS pixels of (x, y) and is nearest
 * the camera among those (ties by screen distance), or -1. `mvp` is the column-major
 * model-view-projection matrix; `width`/`height` the canvas size in CSS pixels; points whose
 * `visible` entry is 0 are skipped, and only the first `drawn.count` of `drawn.indices` are
 * looked at where the view draws a subset (the octree nodes in view): a person picks what they see.
 */
export function pickNearest(
  positions: Float32Array,
  mvp: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
  radius: number,
  visible?: Uint8Array,
  drawn?: DrawnPoints,
): number {
  const m = mvp;
  const r2 = radius * radius;
  let best = -1;
  let bestDepth = Infinity;
  let bestD2 = Infinity;
  // Depths within this band count as the same surface, so the closest on screen wins among them.
  const band = 1e-3;
  const n = drawn?.indices ? drawn.count : positions.length / 3;
  for (let k = 0; k < n; k++) {
    const i = drawn?.indices ? drawn.indices[k] : k;
    if (visible && !visible[i]) continue;
    const p = 3 * i;
    const px = positions[p];
    const py = positions[p + 1];
    const pz = positions[p + 2];
    const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
    if (w <= 0) continue;
    const sx = ((m[0] * px + m[4] * py + m[8] * pz + m[12]) / w + 1) * 0.5 * width;
    const sy = (1 - (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w) * 0.5 * height;
    const dx = sx - x;
    const dy = sy - y;
    const d2 = dx * dx + dy * dy;
    if (d2 > r2) continue;
    const depth = (m[2] * px + m[6] * py + m[10] * pz + m[14]) / w;
    if (depth < -1 || depth > 1) continue;
    if (depth < bestDepth - band || (Math.abs(depth - bestDepth) <= band && d2 < bestD2)) {
      best = i;
      bestDepth = Math.min(depth, bestDepth);
      bestD2 = d2;
    }
  }
  return best;
}

/** Screen position (CSS pixels) of a point, or null behind the camera. */
export function projectPoint(
  positions: Float32Array,
  index: number,
  mvp: ArrayLike<number>,
  width: number,
  height: number,
): [number, number] | null {
  const m = mvp;
  const p = index * 3;
  const [px, py, pz] = [positions[p], positions[p + 1], positions[p + 2]];
  const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
  if (w <= 0) return null;
  return [
    ((m[0] * px + m[4] * py + m[8] * pz + m[12]) / w + 1) * 0.5 * width,
    (1 - (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w) * 0.5 * height,
  ];
}

/** Depth of a point as picking compares it (normalised device z: smaller is nearer), or null behind the camera. */
export function pointDepth(positions: Float32Array, index: number, mvp: ArrayLike<number>): number | null {
  const m = mvp;
  const p = index * 3;
  const [px, py, pz] = [positions[p], positions[p + 1], positions[p + 2]];
  const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
  return w <= 0 ? null : (m[2] * px + m[6] * py + m[10] * pz + m[14]) / w;
}

/** How many of the layer's points fall inside the viewport, and how many of those are drawn. */
export function pointsInView(positions: Float32Array, mvp: ArrayLike<number>, drawn: DrawnPoints): { inView: number; drawnInView: number } {
  const isDrawn = new Uint8Array(positions.length / 3);
  if (drawn.indices) for (let k = 0; k < drawn.count; k++) isDrawn[drawn.indices[k]] = 1;
  else isDrawn.fill(1);
  let inView = 0;
  let drawnInView = 0;
  for (let i = 0; i < positions.length / 3; i++) {
    if (!inViewport(positions, i, mvp)) continue;
    inView++;
    drawnInView += isDrawn[i];
  }
  return { inView, drawnInView };
}

/** Whether point `i` projects inside the viewport, in front of the camera. */
function inViewport(positions: Float32Array, i: number, m: ArrayLike<number>): boolean {
  const px = positions[3 * i];
  const py = positions[3 * i + 1];
  const pz = positions[3 * i + 2];
  const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
  if (w <= 0) return false;
  const x = m[0] * px + m[4] * py + m[8] * pz + m[12];
  const y = m[1] * px + m[5] * py + m[9] * pz + m[13];
  return Math.abs(x) <= w && Math.abs(y) <= w;
}

/** The box around the drawn points that project inside the viewport: the region the view shows; null where none does. */
export function drawnRegion(positions: Float32Array, mvp: ArrayLike<number>, drawn: DrawnPoints): Bounds | null {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const n = drawn.indices ? drawn.count : positions.length / 3;
  for (let k = 0; k < n; k++) {
    const i = drawn.indices ? drawn.indices[k] : k;
    if (!inViewport(positions, i, mvp)) continue;
    for (let c = 0; c < 3; c++) {
      const v = positions[3 * i + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  return min[0] === Infinity ? null : { min, max };
}

/** How many of the drawn points lie inside `box`. */
export function drawnInside(positions: Float32Array, drawn: DrawnPoints, box: Bounds): number {
  const n = drawn.indices ? drawn.count : Math.min(drawn.count, positions.length / 3);
  let inside = 0;
  for (let k = 0; k < n; k++) {
    const i = drawn.indices ? drawn.indices[k] : k;
    if ([0, 1, 2].every((c) => positions[3 * i + c] >= box.min[c] && positions[3 * i + c] <= box.max[c])) inside++;
  }
  return inside;
}
