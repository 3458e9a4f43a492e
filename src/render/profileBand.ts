// The corridor of a height profile as drawn in the scene: a box along each segment of the line,
// as wide as the corridor, from the layer's lowest point to its highest, in the layer's own frame.
import type { Vec3 } from '../core/geometry/measure';
import { axisIndex, axisSign, type SignedAxis } from '../core/geometry/signedAxis';

/** Each segment's box as its 8 corners: the 4 at `low` (along `up`), then the 4 at `high`, round the box in order. */
function segmentBoxes(line: readonly Vec3[], width: number, up: SignedAxis, low: number, high: number): number[][][] {
  const u = axisIndex(up);
  const [ia, ib] = [0, 1, 2].filter((k) => k !== u);
  const boxes: number[][][] = [];
  for (let k = 0; k + 1 < line.length; k++) {
    const [p, q] = [line[k], line[k + 1]];
    const length = Math.hypot(q[ia] - p[ia], q[ib] - p[ib]);
    if (!(length > 0)) continue;
    // across the segment, half the width
    const na = (-(q[ib] - p[ib]) / length) * (width / 2);
    const nb = ((q[ia] - p[ia]) / length) * (width / 2);
    const ground = [
      [p[ia] + na, p[ib] + nb],
      [q[ia] + na, q[ib] + nb],
      [q[ia] - na, q[ib] - nb],
      [p[ia] - na, p[ib] - nb],
    ];
    boxes.push(
      [low, high].flatMap((h) =>
        ground.map(([a, b]) => {
          const c = [0, 0, 0];
          [c[ia], c[ib], c[u]] = [a, b, axisSign(up) * h];
          return c;
        }),
      ),
    );
  }
  return boxes;
}

const FACES = [
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [0, 1, 5, 4],
  [1, 2, 6, 5],
  [2, 3, 7, 6],
  [3, 0, 4, 7],
];
const EDGES = [0, 1, 1, 2, 2, 3, 3, 0, 4, 5, 5, 6, 6, 7, 7, 4, 0, 4, 1, 5, 2, 6, 3, 7];

/** The boxes' faces as triangles, 3 corners each. */
export function bandTriangles(line: readonly Vec3[], width: number, up: SignedAxis, low: number, high: number): Float32Array {
  const out: number[] = [];
  for (const box of segmentBoxes(line, width, up, low, high)) {
    for (const [a, b, c, d] of FACES) for (const i of [a, b, c, a, c, d]) out.push(...box[i]);
  }
  return new Float32Array(out);
}

/** The boxes' edges, as pairs of points. */
export function bandEdges(line: readonly Vec3[], width: number, up: SignedAxis, low: number, high: number): Float32Array {
  return new Float32Array(segmentBoxes(line, width, up, low, high).flatMap((box) => EDGES.flatMap((i) => box[i])));
}
