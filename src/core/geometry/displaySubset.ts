// Drawing a subset of a cloud (the octree nodes in view) from the layer's full per-point arrays.

/** Gathers the rows of `indices` from an array of `itemSize` values per point. */
export function gatherRows<T extends Float32Array>(src: T, itemSize: number, indices: Uint32Array, out: T): T {
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * itemSize;
    for (let k = 0; k < itemSize; k++) out[i * itemSize + k] = src[from + k];
  }
  return out;
}
