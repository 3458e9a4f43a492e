// Level of detail for display only: picking, statistics and recognition always use every point.
// A cloud above the renderer's budget is drawn through a subset of its points, and while the
// camera moves only a prefix of that subset is drawn. The subset is stored in a seeded random
// order, so that every prefix is an even sample of the whole cloud, not a slice of the scan.
import { createRng } from '../random';

export interface DisplayBudget {
  /** points drawn at rest */
  still: number;
  /** points drawn while the camera moves */
  moving: number;
}

/**
 * Measured on this project's software rasteriser (SwiftShader, 2 shared cores): a frame of 150k
 * sprites took 3-7 s under load, which blocks the page; 50k keeps a still frame near a second
 * and 15k lets orbiting follow the mouse. A hardware GPU draws millions of sprites per frame.
 */
export const DISPLAY_BUDGET: Record<'hardware' | 'software', DisplayBudget> = {
  hardware: { still: 2_000_000, moving: 500_000 },
  software: { still: 50_000, moving: 15_000 },
};

/** The indices to draw, in shuffled order; null when the whole cloud fits even while moving. */
export function displayOrder(count: number, budget: DisplayBudget, seed = 1): Uint32Array | null {
  if (count <= budget.moving) return null;
  const n = Math.min(count, budget.still);
  const out = new Uint32Array(n);
  const step = count / n;
  for (let i = 0; i < n; i++) out[i] = Math.floor(i * step);
  const rng = createRng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** Gathers the rows of `indices` from an array of `itemSize` values per point. */
export function gatherRows<T extends Float32Array>(src: T, itemSize: number, indices: Uint32Array, out: T): T {
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * itemSize;
    for (let k = 0; k < itemSize; k++) out[i * itemSize + k] = src[from + k];
  }
  return out;
}

/** How many points of a cloud of `count` are drawn at rest under `budget`. */
export function displayedPointCount(count: number, budget: DisplayBudget): number {
  return count <= budget.moving ? count : Math.min(count, budget.still);
}
