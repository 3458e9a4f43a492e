// Reducing a shape to a fixed number of points: area-weighted surface sampling for meshes,
// random or farthest-point sampling for clouds. The same maths as training/ (geometry.py), so
// the network sees in the app what it saw in training.
import type { Rng } from '../random';

/** Total surface area and the running (cumulative) area after each triangle. */
function cumulativeAreas(positions: Float32Array, indices: Uint32Array): Float64Array {
  const tris = indices.length / 3;
  const cum = new Float64Array(tris);
  let total = 0;
  for (let t = 0; t < tris; t++) {
    const a = indices[3 * t] * 3;
    const b = indices[3 * t + 1] * 3;
    const c = indices[3 * t + 2] * 3;
    const ux = positions[b] - positions[a], uy = positions[b + 1] - positions[a + 1], uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a], vy = positions[c + 1] - positions[a + 1], vz = positions[c + 2] - positions[a + 2];
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    total += 0.5 * Math.sqrt(cx * cx + cy * cy + cz * cz);
    cum[t] = total;
  }
  return cum;
}

/** Total area of a triangle mesh. */
export function meshArea(positions: Float32Array, indices: Uint32Array): number {
  const cum = cumulativeAreas(positions, indices);
  return cum.length ? cum[cum.length - 1] : 0;
}

/**
 * n points uniform over the surface: a triangle picked with probability proportional to its area,
 * then a uniform point in it (barycentric coordinates reflected back into the triangle).
 * Throws when the mesh has no area; callers fall back to its vertices. `faces`, where given (n
 * long), receives the triangle each point lies on, so that callers can read its normal.
 */
export function sampleMeshSurface(positions: Float32Array, indices: Uint32Array, n: number, rng: Rng, faces?: Uint32Array): Float32Array {
  const cum = cumulativeAreas(positions, indices);
  const total = cum.length ? cum[cum.length - 1] : 0;
  if (!(total > 0) || !Number.isFinite(total)) throw new Error('mesh has no surface area');
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const r = rng() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    if (faces) faces[i] = lo;
    let u = rng(), v = rng();
    if (u + v > 1) {
      u = 1 - u;
      v = 1 - v;
    }
    const a = indices[3 * lo] * 3, b = indices[3 * lo + 1] * 3, c = indices[3 * lo + 2] * 3;
    for (let k = 0; k < 3; k++) {
      out[3 * i + k] = positions[a + k] + u * (positions[b + k] - positions[a + k]) + v * (positions[c + k] - positions[a + k]);
    }
  }
  return out;
}

/**
 * n point indices out of `count`: all distinct when count >= n (partial Fisher-Yates); when the
 * cloud is smaller, every point once, in order, then random repeats to fill up.
 */
export function randomSample(count: number, n: number, rng: Rng): Uint32Array {
  if (count <= 0) throw new Error('cannot sample from no points');
  const out = new Uint32Array(n);
  if (count <= n) {
    for (let i = 0; i < n; i++) out[i] = i < count ? i : Math.floor(rng() * count);
    return out;
  }
  const perm = new Uint32Array(count);
  for (let i = 0; i < count; i++) perm[i] = i;
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (count - i));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
    out[i] = perm[i];
  }
  return out;
}

/**
 * Farthest-point sampling: each next point is the one farthest (squared distance) from all picked
 * so far; ties go to the lowest index. O(count * n). With fewer than n points, repeats the order.
 */
export function farthestPointSample(positions: Float32Array, n: number, start = 0): Uint32Array {
  const count = positions.length / 3;
  if (count <= 0) throw new Error('cannot sample from no points');
  const out = new Uint32Array(n);
  const dist = new Float64Array(count).fill(Infinity);
  out[0] = start;
  for (let k = 1; k < n; k++) {
    const p = out[k - 1] * 3;
    const px = positions[p], py = positions[p + 1], pz = positions[p + 2];
    let best = 0, bestD = -1;
    for (let i = 0; i < count; i++) {
      const dx = positions[3 * i] - px, dy = positions[3 * i + 1] - py, dz = positions[3 * i + 2] - pz;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < dist[i]) dist[i] = d;
      if (dist[i] > bestD) {
        bestD = dist[i];
        best = i;
      }
    }
    out[k] = best;
  }
  return out;
}

/** The xyz of the given point indices, packed. */
export function gatherPoints(positions: Float32Array, indices: Uint32Array): Float32Array {
  const out = new Float32Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    const s = indices[i] * 3;
    out[3 * i] = positions[s];
    out[3 * i + 1] = positions[s + 1];
    out[3 * i + 2] = positions[s + 2];
  }
  return out;
}
