// A room's ceiling, found from the geometry alone. The segmenter's classes are ScanNet's 20, which
// have no ceiling (ScanNet's scans rarely reach it), so without this a scanned ceiling took whatever
// class its blocks resembled: 58% of S3DIS's ceiling points came out sofa.
//
// The ceiling is the surface most columns of the room end in: over 0.25 m cells of the floor plan,
// the top of each cell's horizontal surfaces 2 m or more above the floor votes for its height in
// 5 cm bins; the commonest bin is the ceiling's height where the cells whose top lies within 10 cm
// of it are at least 40% of the cells the scan covers. A scan without a ceiling (ScanNet's) has its
// high horizontal surfaces on a few cabinet tops and fragments: 0-31% of its cells. Its points are
// then every horizontal point from 10 cm below that height up. The settings were chosen on the
// validation rooms (S3DIS office_7 and office_17, ScanNet scene0006) and measured on the others: a
// ceiling in all 40 S3DIS rooms and in none of the 26 ScanNet scans, and over the 38 S3DIS rooms
// outside validation 0.908 of the points taken were ceiling and 0.920 of the ceiling was taken.
import { computeBounds } from './bounds';
import { LOCAL_SHAPE_VOXEL, localShape } from './localShape';
import { floorOf, gridOrigin } from './sceneFloor';

/** |n_z| from which a point's neighbourhood counts as a horizontal surface (within about 25 degrees of level). */
const HORIZONTAL = 0.9;
/** the floor plan's cell, metres */
const CELL = 0.25;
/** the lowest a ceiling can be above the floor, metres */
const MIN_HEIGHT = 2;
const BIN = 0.05;
/** how far from the ceiling's height a cell's top or a point still counts as on it, metres */
const BAND = 0.1;
/** the share of the scan's cells whose top must be the ceiling */
const MIN_COVER = 0.4;
/** a floor plan of more cells than this is no room (a room is at most 60 m across: 240 x 240 cells) */
const MAX_CELLS = 1 << 22;

/** Of the points taken as ceiling on the S3DIS rooms outside validation, the share that were: what the segmentation's confidence says of them. */
export const CEILING_PRECISION = 0.908;

export interface Ceiling {
  /** above the floor, metres */
  height: number;
  /** the share of the scan's floor-plan cells whose top is the ceiling */
  cover: number;
  /** 1 for each point of the ceiling */
  points: Uint8Array;
  count: number;
}

/**
 * The local shape's `vertical` (localShape) of the points that can be ceiling, worked out from them
 * and the points a few voxels under them that their neighbourhoods read; 0 for the points further
 * down. The grid keeps the whole scan's origin, so these values are the ones the whole scan gives
 * them, at the cost of the top of the room alone: most of a room's points lie lower.
 */
function highVertical(positions: Float32Array, floor: number, origin: [number, number, number]): Float32Array {
  const reach = floor + MIN_HEIGHT - BAND - 3 * LOCAL_SHAPE_VOXEL;
  const n = positions.length / 3;
  const high: number[] = [];
  for (let i = 0; i < n; i++) if (positions[3 * i + 2] >= reach) high.push(i);
  const part = new Float32Array(3 * high.length);
  high.forEach((p, k) => part.set(positions.subarray(3 * p, 3 * p + 3), 3 * k));
  const shape = localShape(part, origin);
  const vertical = new Float32Array(n);
  high.forEach((p, k) => (vertical[p] = shape[3 * k]));
  return vertical;
}

/** The ceiling of a levelled z-up room scan in metres, or undefined where it has none. */
export function findCeiling(positions: Float32Array): Ceiling | undefined {
  const n = positions.length / 3;
  if (n === 0) return undefined;
  const { min: lo, max: hi } = computeBounds(positions);
  const floor = floorOf(positions, lo[2]);
  if (hi[2] - floor < MIN_HEIGHT) return undefined;
  const nx = Math.floor((hi[0] - lo[0]) / CELL) + 1;
  const ny = Math.floor((hi[1] - lo[1]) / CELL) + 1;
  if (nx * ny > MAX_CELLS) return undefined;
  const vertical = highVertical(positions, floor, gridOrigin(lo, floor));
  const cellOf = (i: number) => Math.floor((positions[3 * i] - lo[0]) / CELL) * ny + Math.floor((positions[3 * i + 1] - lo[1]) / CELL);
  const occupied = new Uint8Array(nx * ny);
  const top = new Float64Array(nx * ny).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const c = cellOf(i);
    occupied[c] = 1;
    const h = positions[3 * i + 2] - floor;
    if (vertical[i] >= HORIZONTAL && h >= MIN_HEIGHT && h > top[c]) top[c] = h;
  }
  const bins = new Map<number, number>();
  let cells = 0;
  for (let c = 0; c < top.length; c++) {
    cells += occupied[c];
    if (top[c] === -Infinity) continue;
    const b = Math.floor(top[c] / BIN);
    bins.set(b, (bins.get(b) ?? 0) + 1);
  }
  if (!bins.size) return undefined;
  // the lowest of the commonest bins, as numpy's argmax
  let best = Infinity;
  for (const [b, count] of bins) if (best === Infinity || count > bins.get(best)! || (count === bins.get(best)! && b < best)) best = b;
  const height = (best + 0.5) * BIN;
  let on = 0;
  for (let c = 0; c < top.length; c++) if (Math.abs(top[c] - height) <= BAND) on++;
  const cover = on / cells;
  if (cover < MIN_COVER) return undefined;
  const points = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (vertical[i] >= HORIZONTAL && positions[3 * i + 2] - floor >= height - BAND) {
      points[i] = 1;
      count++;
    }
  }
  return { height, cover, points, count };
}
