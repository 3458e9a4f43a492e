// Level of detail for display only: a cloud above the renderer's budget is drawn through an
// evenly strided subset of its points, while picking, statistics and recognition keep using all
// of them. Scans are stored in acquisition or spatial order, so a stride thins them evenly.

/** Points drawn at most, per renderer: sprites cost 10-14x a WebGL point on a software rasteriser. */
export const DISPLAY_BUDGET = { hardware: 2_000_000, software: 150_000 } as const;

/** The indices to draw, or null when every point fits the budget. */
export function displaySubset(count: number, budget: number): Uint32Array | null {
  if (count <= budget) return null;
  const out = new Uint32Array(budget);
  const step = count / budget;
  for (let i = 0; i < budget; i++) out[i] = Math.floor(i * step);
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
