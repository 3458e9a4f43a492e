// Selecting points by a shape drawn on screen, as annotation tools do: a rectangle or a free
// polygon (lasso) in CSS pixels, tested against each point's projection. The test goes through
// depth (a lasso takes the points behind the ones it covers too): what lies in front is cut away
// with the clip box or section first, and points a mask leaves out are never taken.

/** The camera as the screen sees it: a column-major model-view-projection matrix and the canvas size in CSS pixels. */
export interface ScreenView {
  mvp: ArrayLike<number>;
  width: number;
  height: number;
}

export type ScreenShape =
  /** corners in either order */
  | { kind: 'box'; x0: number; y0: number; x1: number; y1: number }
  /** the polygon's corners as x, y pairs; closed from the last back to the first */
  | { kind: 'lasso'; points: number[] };

/** Replace the selection, add to it (shift) or take from it (alt or ctrl). */
export type SelectionMode = 'replace' | 'add' | 'subtract';

/** A lasso needs this many corners to enclose anything. */
export const MIN_LASSO_CORNERS = 3;

/**
 * A test of whether (x, y) lies inside the polygon (even-odd rule; `xy` as x, y pairs). Edges are
 * filed by the pixel rows they span, so that a point is tested against the few edges of its row
 * rather than all of a hand-drawn lasso's hundreds.
 */
export function insidePolygon(xy: ArrayLike<number>): (x: number, y: number) => boolean {
  const n = xy.length / 2;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < n; i++) {
    top = Math.min(top, xy[2 * i + 1]);
    bottom = Math.max(bottom, xy[2 * i + 1]);
  }
  const rows: number[][] = Array.from({ length: Number.isFinite(top) ? Math.floor(bottom - top) + 1 : 0 }, () => []);
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [a, b] = [xy[2 * i + 1], xy[2 * j + 1]];
    for (let r = Math.floor(Math.min(a, b) - top); r <= Math.floor(Math.max(a, b) - top); r++) rows[r].push(i, j);
  }
  return (x, y) => {
    const edges = rows[Math.floor(y - top)];
    if (!edges) return false;
    let inside = false;
    for (let k = 0; k < edges.length; k += 2) {
      const [i, j] = [edges[k], edges[k + 1]];
      const xi = xy[2 * i];
      const yi = xy[2 * i + 1];
      const xj = xy[2 * j];
      const yj = xy[2 * j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

/** The shape's bounding rectangle, to skip the polygon test for points far from it. */
function boundsOf(shape: ScreenShape): [number, number, number, number] {
  if (shape.kind === 'box') return [Math.min(shape.x0, shape.x1), Math.min(shape.y0, shape.y1), Math.max(shape.x0, shape.x1), Math.max(shape.y0, shape.y1)];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < shape.points.length; k += 2) {
    x0 = Math.min(x0, shape.points[k]);
    x1 = Math.max(x1, shape.points[k]);
    y0 = Math.min(y0, shape.points[k + 1]);
    y1 = Math.max(y1, shape.points[k + 1]);
  }
  return [x0, y0, x1, y1];
}

/**
 * The indices (ascending) of the points whose projection lies in `shape`, in front of the camera
 * and between its near and far planes, among those `eligible` marks 1 (all where it is absent).
 */
export function pointsInShape(positions: Float32Array, view: ScreenView, shape: ScreenShape, eligible?: Uint8Array): Int32Array {
  if (shape.kind === 'lasso' && shape.points.length < 2 * MIN_LASSO_CORNERS) return new Int32Array(0);
  const m = view.mvp;
  const [bx0, by0, bx1, by1] = boundsOf(shape);
  const inside = shape.kind === 'lasso' ? insidePolygon(shape.points) : null;
  const hits: number[] = [];
  for (let i = 0, p = 0; p < positions.length; i++, p += 3) {
    if (eligible && !eligible[i]) continue;
    const px = positions[p];
    const py = positions[p + 1];
    const pz = positions[p + 2];
    const w = m[3] * px + m[7] * py + m[11] * pz + m[15];
    if (w <= 0) continue;
    const z = (m[2] * px + m[6] * py + m[10] * pz + m[14]) / w;
    if (z < -1 || z > 1) continue;
    const sx = ((m[0] * px + m[4] * py + m[8] * pz + m[12]) / w + 1) * 0.5 * view.width;
    const sy = (1 - (m[1] * px + m[5] * py + m[9] * pz + m[13]) / w) * 0.5 * view.height;
    if (sx < bx0 || sx > bx1 || sy < by0 || sy > by1) continue;
    if (inside && !inside(sx, sy)) continue;
    hits.push(i);
  }
  return Int32Array.from(hits);
}

/** The selection (1 per selected point) after `hits` are applied in `mode`; `selection` is rewritten in place. */
export function applySelection(selection: Uint8Array, hits: ArrayLike<number>, mode: SelectionMode): Uint8Array {
  if (mode === 'replace') selection.fill(0);
  const value = mode === 'subtract' ? 0 : 1;
  for (let k = 0; k < hits.length; k++) selection[hits[k]] = value;
  return selection;
}

/** The selected points' indices, ascending. */
export function selectedIndices(selection: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < selection.length; i++) n += selection[i];
  const out = new Int32Array(n);
  for (let i = 0, k = 0; i < selection.length; i++) if (selection[i]) out[k++] = i;
  return out;
}
