// Overlapping square blocks on a scene's floor (x-y) plane, z up: the unit a scene segmenter sees.
// training/pointlens_train/datasets/scene_blocks.py is the same code in Python; both do their arithmetic in
// float64 on the float32 inputs, in the same order, and sample with the same seeded generator, so
// they build identical tensors (tests/fixtures/seg/blocks_parity.json, written by Python, checks it).
import { createRng } from '../random';
import { tooWideError } from './tooWide';
import { LOCAL_SHAPE_FEATURES } from './localShape';
import { floorOf } from './sceneFloor';

/**
 * Per-point features in tensor order: xyz from the block centre (z from the floor, sceneFloor.ts), rgb 0..1,
 * position in the room 0..1, and the local shape (localShape.ts). A network takes the first 9 or
 * all of them, as its manifest entry lists.
 */
export const BLOCK_FEATURES = ['x', 'y', 'z', 'r', 'g', 'b', 'room_x', 'room_y', 'room_z', ...LOCAL_SHAPE_FEATURES] as const;
/** Features before the local shape: a network that takes no more needs no shape computed. */
export const PLACE_AND_COLOUR_FEATURES = 9;

/** Colour given to scenes without colour, in training and here. */
export const GREY = 0.5;

export interface BlockSpec {
  size: number;
  stride: number;
}

/** Bounds of the whole cloud, and its floor (sceneFloor.ts). */
export interface Room {
  lo: [number, number, number];
  hi: [number, number, number];
  floor: number;
  /** hi - lo, from the floor along z, or 1 along a flat axis */
  extent: [number, number, number];
}

export interface SceneBlocks {
  room: Room;
  spec: BlockSpec;
  nx: number;
  ny: number;
  /** grid cell (i * ny + j) of each non-empty block, ascending; past 2^31 for a cloud kilometres wide */
  ids: Float64Array;
  /** members of block k are points[offsets[k] .. offsets[k + 1]), ascending point index */
  offsets: Int32Array;
  points: Int32Array;
}

export function roomOf(positions: Float32Array): Room {
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = positions[i + a];
      if (v < lo[a]) lo[a] = v;
      if (v > hi[a]) hi[a] = v;
    }
  }
  const floor = floorOf(positions, lo[2]);
  const from = [lo[0], lo[1], floor];
  const extent = from.map((l, a) => (hi[a] - l > 0 ? hi[a] - l : 1)) as [number, number, number];
  return { lo, hi, floor, extent };
}

function cells(extent: number, spec: BlockSpec): number {
  return Math.max(1, Math.ceil((extent - spec.size) / spec.stride) + 1);
}

const DIRECT_CELLS = 1 << 16;
const DIRECT_CELLS_PER_POINT = 4;

/**
 * Every point joins each block whose closed square contains it (up to 4 when stride = size / 2).
 * Only occupied cells are stored, so memory follows the points, not the extent: a survey tens of
 * kilometres wide has billions of cells and a few thousand occupied ones.
 */
export function buildBlocks(positions: Float32Array, spec: BlockSpec): SceneBlocks {
  const room = roomOf(positions);
  const nx = cells(room.hi[0] - room.lo[0], spec);
  const ny = cells(room.hi[1] - room.lo[1], spec);
  if (!(nx * ny <= Number.MAX_SAFE_INTEGER)) {
    throw tooWideError(positions, [room.hi[0] - room.lo[0], room.hi[1] - room.lo[1]], `cut into ${spec.size}-unit blocks`);
  }
  const n = positions.length / 3;
  const { size, stride } = spec;
  const range = (u: number, cellsOnAxis: number): [number, number] => [
    Math.max(0, Math.ceil((u - size) / stride)),
    Math.min(cellsOnAxis - 1, Math.floor(u / stride)),
  ];
  // occupied cell -> its slot, slots numbered in order of first use; neighbouring points mostly
  // share cells, so the last lookup is kept
  const slotOf = new Map<number, number>();
  const cellOfSlot: number[] = [];
  // a grid no larger than a few slots a point is looked up directly, which a Map lookup per
  // membership took twice as long as
  const direct = nx * ny <= DIRECT_CELLS_PER_POINT * n + DIRECT_CELLS ? new Int32Array(nx * ny).fill(-1) : undefined;
  let lastCell = -1;
  let lastSlot = -1;
  const slot = (cell: number): number => {
    if (direct) {
      if (direct[cell] < 0) {
        direct[cell] = cellOfSlot.length;
        cellOfSlot.push(cell);
      }
      return direct[cell];
    }
    if (cell === lastCell) return lastSlot;
    let s = slotOf.get(cell);
    if (s === undefined) {
      s = cellOfSlot.length;
      slotOf.set(cell, s);
      cellOfSlot.push(cell);
    }
    lastCell = cell;
    lastSlot = s;
    return s;
  };
  const visit = (fill: (s: number, p: number) => void): void => {
    for (let p = 0; p < n; p++) {
      const [fx, lx] = range(positions[3 * p] - room.lo[0], nx);
      const [fy, ly] = range(positions[3 * p + 1] - room.lo[1], ny);
      for (let i = fx; i <= lx; i++) for (let j = fy; j <= ly; j++) fill(slot(i * ny + j), p);
    }
  };
  // two passes (count, then fill) keep memory at one int per membership
  const counts: number[] = [];
  visit((s) => (counts[s] = (counts[s] ?? 0) + 1));
  const order = cellOfSlot.map((_, s) => s).sort((a, b) => cellOfSlot[a] - cellOfSlot[b]);
  const ids = new Float64Array(order.length);
  const offsets = new Int32Array(order.length + 1);
  const cursor = new Int32Array(order.length);
  order.forEach((s, k) => {
    ids[k] = cellOfSlot[s];
    cursor[s] = offsets[k];
    offsets[k + 1] = offsets[k] + counts[s];
  });
  const members = new Int32Array(offsets[order.length]);
  visit((s, p) => {
    members[cursor[s]++] = p;
  });
  return { room, spec, nx, ny, ids, offsets, points: members };
}

export function blockMembers(blocks: SceneBlocks, k: number): Int32Array {
  return blocks.points.subarray(blocks.offsets[k], blocks.offsets[k + 1]);
}

export function blockCentre(blocks: SceneBlocks, k: number): [number, number] {
  const cell = blocks.ids[k];
  const i = Math.floor(cell / blocks.ny);
  const j = cell % blocks.ny;
  const { size, stride } = blocks.spec;
  return [blocks.room.lo[0] + i * stride + size / 2, blocks.room.lo[1] + j * stride + size / 2];
}

export function chunkCount(members: number, points: number): number {
  return Math.ceil(members / points);
}

/**
 * Point indices of block `cell`'s chunks, `points` per chunk, chunk after chunk: a seeded Fisher-Yates
 * shuffle of the members cut into ceil(M / points) chunks of the cyclic sequence. Every member gets
 * a prediction, and a block with fewer points than the network takes repeats them evenly.
 */
export function chunkIndices(members: Int32Array, cell: number, points: number, seed: number): Int32Array {
  const rng = createRng((seed + cell) >>> 0);
  const perm = Int32Array.from(members);
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const m = perm.length;
  const out = new Int32Array(chunkCount(m, points) * points);
  for (let p = 0; p < out.length; p++) out[p] = perm[p % m];
  return out;
}

/** What a scene's block tensors are written from. */
export interface BlockSource {
  positions: Float32Array;
  /** rgb 0..255, or absent (grey) */
  colors?: Uint8Array;
  /** localShape of the positions, needed when `features` reaches past PLACE_AND_COLOUR_FEATURES */
  shape?: Float32Array;
  room: Room;
  /** how many of BLOCK_FEATURES the network takes */
  features: number;
}

/**
 * Writes the features of `count` points (indices from `idx` at `from`) into sample `b` of a batch
 * tensor, BCN ([batch, features, points]) or BNC.
 */
export function writeBlockFeatures(
  { positions, colors, shape, room, features: F }: BlockSource,
  centre: [number, number],
  idx: Int32Array,
  from: number,
  count: number,
  out: Float32Array,
  b: number,
  layout: 'BCN' | 'BNC',
): void {
  if (F > PLACE_AND_COLOUR_FEATURES && !shape) throw new Error(`${F} block features need the local shape`);
  const [cx, cy] = centre;
  const [lx, ly] = room.lo;
  const lz = room.floor;
  const [ex, ey, ez] = room.extent;
  const base = b * F * count;
  const fStride = layout === 'BCN' ? count : 1;
  const pStride = layout === 'BCN' ? 1 : F;
  for (let n = 0; n < count; n++) {
    const p = idx[from + n];
    const x = positions[3 * p];
    const y = positions[3 * p + 1];
    const z = positions[3 * p + 2];
    const o = base + n * pStride;
    out[o] = x - cx;
    out[o + fStride] = y - cy;
    out[o + 2 * fStride] = z - lz;
    out[o + 3 * fStride] = colors ? colors[3 * p] / 255 : GREY;
    out[o + 4 * fStride] = colors ? colors[3 * p + 1] / 255 : GREY;
    out[o + 5 * fStride] = colors ? colors[3 * p + 2] / 255 : GREY;
    out[o + 6 * fStride] = (x - lx) / ex;
    out[o + 7 * fStride] = (y - ly) / ey;
    out[o + 8 * fStride] = (z - lz) / ez;
    if (shape) for (let f = PLACE_AND_COLOUR_FEATURES; f < F; f++) out[o + f * fStride] = shape[3 * p + f - PLACE_AND_COLOUR_FEATURES];
  }
}
