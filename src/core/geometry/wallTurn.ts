// Which way a room's walls run, and the turn about +z that squares them to the axes.
//
// Boxes are square to the frame they are found in. A scan turned about gravity (a phone or lidar
// scan, or ScanNet's own meshes before their axis alignment) gets boxes cut across its furniture
// at that angle, loose by up to a factor of two in area; drawn around the same points square to
// the walls, they fit it. Walls, and the cabinets, beds and tables set along them, face four ways a
// quarter turn apart, so each vertical planar cell's facing is read four times over (angle x 4),
// where the four ways add up and the clutter between them cancels. A z-up cloud in metres,
// levelled first. Only the drawn boxes use it: squaring what the networks read moved their
// answers on single views (training/README.md, "Rooms turned about their up axis").
import type { Box3 } from '../types';
import { planarCells } from './levelling';

/** a cell faces sideways where its normal is this close to horizontal */
const SIDEWAYS = Math.sin((15 * Math.PI) / 180);
const MIN_CELLS = 50;
/** how strongly the facings must agree (the resultant's length over the weight, 1 = all four-fold aligned): below it there are no walls to square to */
const MIN_AGREEMENT = 0.25;
/** a scan within this of square to its axes is left as it is: every aligned scan in ../shared/data reads within 2.02 degrees */
export const SQUARE_DEGREES = 3;

export interface WallTurn {
  /** radians counter-clockwise about +z from +x to the nearest wall direction, in (-pi/4, pi/4] */
  angle: number;
  /** how strongly the sideways cells agree on it, 0..1 */
  agreement: number;
  /** sideways planar cells that voted */
  cells: number;
  /** whether the scan is turned by -angle to square it: false with too few or disagreeing walls, or within SQUARE_DEGREES of square */
  turned: boolean;
}

export function estimateWallTurn(positions: Float32Array): WallTurn {
  const { normals, weights } = planarCells(positions);
  let c = 0, s = 0, total = 0, cells = 0;
  for (let k = 0; k < weights.length; k++) {
    const [x, y, z] = [normals[3 * k], normals[3 * k + 1], normals[3 * k + 2]];
    if (Math.abs(z) > SIDEWAYS) continue;
    const a = 4 * Math.atan2(y, x);
    c += weights[k] * Math.cos(a);
    s += weights[k] * Math.sin(a);
    total += weights[k];
    cells++;
  }
  if (cells < MIN_CELLS) return { angle: 0, agreement: 0, cells, turned: false };
  const angle = Math.atan2(s, c) / 4;
  const agreement = Math.hypot(c, s) / total;
  const turned = agreement >= MIN_AGREEMENT && Math.abs(angle) > (SQUARE_DEGREES * Math.PI) / 180;
  return { angle, agreement, cells, turned };
}

/** A copy of packed xyz turned by `angle` radians about the vertical line through `pivot` (x, y). */
export function turnedAboutZ(positions: Float32Array, angle: number, pivot: readonly [number, number]): Float32Array {
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const out = new Float32Array(positions.length);
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i] - pivot[0], y = positions[i + 1] - pivot[1];
    out[i] = pivot[0] + cos * x - sin * y;
    out[i + 1] = pivot[1] + sin * x + cos * y;
    out[i + 2] = positions[i + 2];
  }
  return out;
}

/** How a scan is squared to its walls: turned by -angle about the vertical through `pivot`, its bounds' centre (a turn about the origin would cost float32 digits on a scan far from it). */
export interface Squaring {
  angle: number;
  pivot: [number, number];
}

export function squaringOf(positions: Float32Array, walls: WallTurn): Squaring | undefined {
  if (!walls.turned) return undefined;
  const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  for (let i = 0; i + 2 < positions.length; i += 3) {
    for (let k = 0; k < 2; k++) {
      lo[k] = Math.min(lo[k], positions[i + k]);
      hi[k] = Math.max(hi[k], positions[i + k]);
    }
  }
  return { angle: walls.angle, pivot: [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2] };
}

export function squared(positions: Float32Array, s: Squaring | undefined): Float32Array {
  return s ? turnedAboutZ(positions, -s.angle, s.pivot) : positions;
}

/** A box found in the squared frame, in the frame before: its centre turned back and the box turned with it. */
export function unsquaredBox<B extends Box3>(box: B, s: Squaring | undefined): B {
  if (!s) return box;
  const c = turnedAboutZ(Float32Array.from(box.center), s.angle, s.pivot);
  return { ...box, center: [c[0], c[1], c[2]], turn: { axis: 2, radians: s.angle } };
}

export type BoxFrame = 'axes' | 'walls';
export const BOX_FRAMES: readonly BoxFrame[] = ['axes', 'walls'];

/** A found box as it is drawn: square to the file's axes, or square to the room's walls where it carries that box. */
export function drawnBox<B extends Box3 & { square?: Box3 }>(box: B, frame: BoxFrame): B {
  if (frame === 'axes' || !box.square) return box;
  const { center, size, turn } = box.square;
  return { ...box, center, size, turn };
}
