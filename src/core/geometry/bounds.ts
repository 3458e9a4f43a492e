// Axis-aligned bounds of xyz positions; the camera framing, info and the normalisations all start here.
export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Bounds of the finite points; an empty input (or no finite point) gives min = max = 0. */
export function computeBounds(positions: Float32Array): Bounds {
  let x0 = Infinity;
  let y0 = Infinity;
  let z0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let z1 = -Infinity;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z))) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (z < z0) z0 = z;
    if (z > z1) z1 = z;
  }
  if (x0 === Infinity) return { min: [0, 0, 0], max: [0, 0, 0] };
  return { min: [x0, y0, z0], max: [x1, y1, z1] };
}

/** How many of the points lie inside `box` (its faces included). */
export function countInside(positions: Float32Array, box: Bounds): number {
  const { min, max } = box;
  let n = 0;
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    if (x >= min[0] && x <= max[0] && y >= min[1] && y <= max[1] && z >= min[2] && z <= max[2]) n++;
  }
  return n;
}

/** Whether `inner` lies inside `outer`. */
export function containsBox(outer: Bounds, inner: Bounds): boolean {
  return [0, 1, 2].every((k) => outer.min[k] <= inner.min[k] && inner.max[k] <= outer.max[k]);
}
