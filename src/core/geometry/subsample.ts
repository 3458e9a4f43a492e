// Subsampling a cloud to share or draw it lighter, keeping real points only, so that every field,
// colour and label a kept point carries is its own and not an average:
// - minimum spacing (CloudCompare's "space"): greedy in file order, a point is kept where no point
//   kept before it lies closer than the spacing;
// - voxel grid (Open3D's voxel_down_sample, but choosing): of each occupied voxel, the point
//   nearest its centre;
// - random to a count: seeded, so the same file, count and seed keep the same points.
// Grid cells are hashed (core/geometry/voxelHash), so memory follows the cells occupied, at most one
// a point; a spacing so small that the cells cannot all be numbered is refused before anything
// is allocated.
import { formatCount } from '../format';
import { createRng } from '../random';
import { InputError, type Geometry, type PointCloud } from '../types';
import type { Bounds } from './bounds';
import { keptGeometry } from './clip';
import { VoxelHash } from './voxelHash';

export type SubsampleMethod = { kind: 'spacing'; spacing: number } | { kind: 'voxel'; size: number } | { kind: 'count'; count: number; seed: number };

export interface SubsampleOptions {
  /** 1 for each point to choose from (a clip's kept mask); every point where absent */
  kept?: Uint8Array | null;
  onProgress?: (fraction: number) => void;
  /** polled between chunks; an aborted run throws */
  signal?: AbortSignal;
  /** the length unit's symbol a refusal names, none for the file's own */
  unit?: string;
}

/** Cell keys are whole numbers below 2^53, exact in a double. */
export const MAX_GRID_CELLS = 2 ** 53;
const CHUNK = 1 << 16;

/**
 * The minimum spacing's cells are a hair wider than the spacing: two points closer than it then lie
 * at most one cell apart along each axis whatever the rounding of their cell coordinates.
 */
const SPACING_CELL = 1 + 1e-9;

/** The bounds of the points `kept` keeps (all of them where it is absent), and how many they are. */
export function keptBounds(positions: Float32Array, kept?: Uint8Array | null): Bounds & { count: number } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const n = positions.length / 3;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (kept && !kept[i]) continue;
    count++;
    for (let a = 0; a < 3; a++) {
      const v = positions[3 * i + a];
      if (v < min[a]) min[a] = v;
      if (v > max[a]) max[a] = v;
    }
  }
  return count ? { min, max, count } : { min: [0, 0, 0], max: [0, 0, 0], count };
}

/** Cells along each axis of a grid of cell `cell` over `bounds`. */
function gridDims(bounds: Bounds, cell: number): [number, number, number] {
  return [0, 1, 2].map((a) => Math.floor((bounds.max[a] - bounds.min[a]) / cell) + 1) as [number, number, number];
}

const cellCount = (bounds: Bounds, cell: number) => gridDims(bounds, cell).reduce((p, d) => p * d, 1);

/** The smallest length whose grid over `bounds`, of cells `widen` times it, can be numbered, rounded up to two significant digits. */
function smallestCell(bounds: Bounds, widen: number): number {
  let lo = 0;
  let hi = Math.max(...[0, 1, 2].map((a) => bounds.max[a] - bounds.min[a]), 1e-300);
  for (let i = 0; i < 200 && hi - lo > hi * 1e-6; i++) {
    const mid = (lo + hi) / 2;
    if (cellCount(bounds, mid * widen) <= MAX_GRID_CELLS) hi = mid;
    else lo = mid;
  }
  const scale = 10 ** (Math.floor(Math.log10(hi)) - 1);
  return Number((Math.ceil(hi / scale) * scale).toPrecision(2));
}

/**
 * Refuses, in the person's terms, a method that cannot run on the points `bounds` holds (`count`
 * of them): a spacing or voxel that is not a length above 0 or so small that its grid cannot be
 * numbered, a count that is not a whole number from 1 to the points there are. `unit`: the
 * length unit's symbol, '' for the file's own.
 */
export function checkSubsample(method: SubsampleMethod, bounds: Bounds & { count: number }, unit = ''): void {
  const length = (v: number) => `${v}${unit ? ` ${unit}` : ''}`;
  if (bounds.count === 0) throw new InputError('there are no points to subsample: the clip or the hidden stray points leave none');
  if (method.kind === 'count') {
    const { count } = method;
    if (!Number.isInteger(count) || count < 1 || count > bounds.count) {
      throw new InputError(`the count must be a whole number from 1 to ${formatCount(bounds.count)}, the points there are${Number.isNaN(count) ? '' : `, not ${count}`}`);
    }
    if (!Number.isInteger(method.seed)) throw new InputError(`the seed must be a whole number, not ${method.seed}`);
    return;
  }
  const what = method.kind === 'spacing' ? 'spacing' : 'voxel size';
  const d = method.kind === 'spacing' ? method.spacing : method.size;
  if (!(Number.isFinite(d) && d > 0)) throw new InputError(`the ${what} must be a length above 0${Number.isNaN(d) ? '' : `, not ${d}`}`);
  const widen = method.kind === 'spacing' ? SPACING_CELL : 1;
  const cells = cellCount(bounds, d * widen);
  if (cells > MAX_GRID_CELLS) {
    const across = Math.max(...[0, 1, 2].map((a) => bounds.max[a] - bounds.min[a]));
    throw new InputError(
      `a ${what} of ${length(d)} is too small for points ${length(Number(across.toPrecision(3)))} across: its grid would have ${cells.toExponential(1)} cells, more than the ${MAX_GRID_CELLS.toExponential(1)} that can be numbered; take ${length(smallestCell(bounds, widen))} or more`,
    );
  }
}

/** A grid of cell `cell` over `bounds`: each point's cell coordinates, and a cell's key. */
function grid(bounds: Bounds, cell: number) {
  const [nx, ny] = gridDims(bounds, cell);
  const [x0, y0, z0] = bounds.min;
  return {
    dims: gridDims(bounds, cell),
    coord: (positions: Float32Array, i: number, out: Int32Array) => {
      out[0] = Math.floor((positions[3 * i] - x0) / cell);
      out[1] = Math.floor((positions[3 * i + 1] - y0) / cell);
      out[2] = Math.floor((positions[3 * i + 2] - z0) / cell);
    },
    key: (cx: number, cy: number, cz: number) => cx + nx * (cy + ny * cz),
  };
}

function checkpoint(i: number, n: number, options: SubsampleOptions): void {
  if (i % CHUNK !== 0) return;
  if (options.signal?.aborted) throw new DOMException('subsampling cancelled', 'AbortError');
  options.onProgress?.(i / n);
}

/**
 * The 27 cells around a cell as steps (dx, dy, dz): its own first, then those sharing a face, an
 * edge, a corner, so that the point kept near a point, which most points have, is found soonest.
 */
const AROUND = (() => {
  const steps: number[][] = [];
  for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) steps.push([dx, dy, dz]);
  const apart = (v: number[]) => Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
  return Int8Array.from(steps.sort((a, b) => apart(a) - apart(b)).flat());
})();

function bySpacing(positions: Float32Array, spacing: number, bounds: Bounds, options: SubsampleOptions): Uint8Array {
  const n = positions.length / 3;
  const kept = options.kept;
  const chosen = new Uint8Array(n);
  const g = grid(bounds, spacing * SPACING_CELL);
  const [nx, ny, nz] = g.dims;
  const cells = new VoxelHash(1024);
  // the points kept in each cell, as linked lists: head[cell slot], then next[point]
  const head = new Int32Array(n).fill(-1);
  const next = new Int32Array(n);
  const c = new Int32Array(3);
  const d2 = spacing * spacing;
  for (let i = 0; i < n; i++) {
    checkpoint(i, n, options);
    if (kept && !kept[i]) continue;
    g.coord(positions, i, c);
    const x = positions[3 * i], y = positions[3 * i + 1], z = positions[3 * i + 2];
    let near = false;
    for (let t = 0; t < AROUND.length && !near; t += 3) {
      const cx = c[0] + AROUND[t], cy = c[1] + AROUND[t + 1], cz = c[2] + AROUND[t + 2];
      if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
      const slot = cells.get(g.key(cx, cy, cz));
      for (let j = slot < 0 ? -1 : head[slot]; j >= 0; j = next[j]) {
        const ex = positions[3 * j] - x, ey = positions[3 * j + 1] - y, ez = positions[3 * j + 2] - z;
        if (ex * ex + ey * ey + ez * ez < d2) {
          near = true;
          break;
        }
      }
    }
    if (near) continue;
    const slot = cells.add(g.key(c[0], c[1], c[2]));
    next[i] = head[slot];
    head[slot] = i;
    chosen[i] = 1;
  }
  return chosen;
}

function byVoxel(positions: Float32Array, size: number, bounds: Bounds, options: SubsampleOptions): Uint8Array {
  const n = positions.length / 3;
  const kept = options.kept;
  const g = grid(bounds, size);
  const [x0, y0, z0] = bounds.min;
  const cells = new VoxelHash(1024);
  const best = new Int32Array(n);
  const bestDistance = new Float64Array(n);
  const c = new Int32Array(3);
  for (let i = 0; i < n; i++) {
    checkpoint(i, n, options);
    if (kept && !kept[i]) continue;
    g.coord(positions, i, c);
    const fresh = cells.size;
    const slot = cells.add(g.key(c[0], c[1], c[2]));
    const ex = positions[3 * i] - (x0 + (c[0] + 0.5) * size);
    const ey = positions[3 * i + 1] - (y0 + (c[1] + 0.5) * size);
    const ez = positions[3 * i + 2] - (z0 + (c[2] + 0.5) * size);
    const d = ex * ex + ey * ey + ez * ez;
    // a new cell's first point is its best so far; ties keep the earlier point
    if (slot === fresh || d < bestDistance[slot]) {
      best[slot] = i;
      bestDistance[slot] = d;
    }
  }
  const chosen = new Uint8Array(n);
  for (let s = 0; s < cells.size; s++) chosen[best[s]] = 1;
  return chosen;
}

function byCount(positions: Float32Array, count: number, seed: number, available: number, options: SubsampleOptions): Uint8Array {
  const n = positions.length / 3;
  const kept = options.kept;
  const chosen = new Uint8Array(n);
  const rng = createRng(seed);
  // selection sampling (Knuth's algorithm S): each point is taken with the chance that the count
  // left over the points left gives it, so exactly `count` are taken, each set of them equally likely
  let left = available;
  let want = count;
  for (let i = 0; i < n && want > 0; i++) {
    checkpoint(i, n, options);
    if (kept && !kept[i]) continue;
    if (rng() * left < want) {
      chosen[i] = 1;
      want--;
    }
    left--;
  }
  return chosen;
}

/** 1 for each point the method keeps, of those `options.kept` keeps; refused as checkSubsample says. */
export function subsample(positions: Float32Array, method: SubsampleMethod, options: SubsampleOptions = {}): Uint8Array {
  const bounds = keptBounds(positions, options.kept);
  checkSubsample(method, bounds, options.unit);
  const chosen =
    method.kind === 'spacing'
      ? bySpacing(positions, method.spacing, bounds, options)
      : method.kind === 'voxel'
        ? byVoxel(positions, method.size, bounds, options)
        : byCount(positions, method.count, method.seed, bounds.count, options);
  options.onProgress?.(1);
  return chosen;
}

/** How a method is written for a person: "0.05 m spacing", "0.05 m voxels", "10,000 at random". */
export function describeSubsample(method: SubsampleMethod, unit = ''): string {
  const length = (v: number) => `${Number(v.toPrecision(6))}${unit ? ` ${unit}` : ''}`;
  if (method.kind === 'spacing') return `${length(method.spacing)} spacing`;
  if (method.kind === 'voxel') return `${length(method.size)} voxels`;
  return `${formatCount(method.count)} at random`;
}

/** The points `chosen` keeps as a cloud, with every array they carry (a mesh's vertices, without its faces, which subsampling breaks). */
export function subsampledCloud(geometry: Geometry, chosen: Uint8Array): PointCloud {
  const { positions, colors, normals, fields, fieldClasses } = geometry;
  const cloud: PointCloud = { kind: 'points', positions, fields, ...(colors && { colors }), ...(normals && { normals }), ...(fieldClasses && { fieldClasses }) };
  return keptGeometry(cloud, chosen).geometry as PointCloud;
}
