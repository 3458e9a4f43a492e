// Whether the points RANSAC took for a plane lie on a curved surface instead: a band cut from a
// cylinder (a column, a mug, a curved wall) is within the distance threshold of a plane along its
// length, so sequential RANSAC reports a curved surface as flat bands, each a "plane".
//
// Read from the pattern of the points' distances to the plane across it, not from their size (the
// threshold bounds that either way): a quadric in the plane's own coordinates, w = a u² + b uv +
// c v² + d u + e v + f, is fitted to them by least squares. A flat surface's distances are noise,
// which no quadric explains; a curved one's follow its bend, a parabola across a cylinder's band
// rising to the threshold at both its edges. So a plane is curved where the quadric explains at
// least half of its distances' variance AND its fitted surface spans at least the threshold, half the
// band: a floor bowed by a few millimetres across a room, explained or not, bends far less. Chosen
// over the spread of the points' local normals, which needs a neighbour search a point and is as
// wide on a rough flat floor as on a smooth curved one.

/** The share of the distances' variance the quadric must explain. */
const EXPLAINED = 0.5;
/** The span of the fitted quadric over the points, in distance thresholds, from which a plane is curved. */
const BEND_THRESHOLDS = 1;

/** Solves the n x n system `m` x = `b` in place by Gaussian elimination with partial pivoting; null where it is singular. */
function solve(m: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[pivot * n + c])) pivot = r;
    if (Math.abs(m[pivot * n + c]) < 1e-12) return null;
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[c * n + k]];
      [b[c], b[pivot]] = [b[pivot], b[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = b[r];
    for (let k = r + 1; k < n; k++) v -= m[r * n + k] * x[k];
    x[r] = v / m[r * n + r];
  }
  return x;
}

/**
 * Whether the `count` points at `at` of packed xyz `positions`, taken for the plane through `centre`
 * with unit `normal` and unit directions `along` and `across` within it, bend across it by the
 * distance threshold `distance` or more.
 */
export function bendsAcross(positions: Float32Array, at: Int32Array, count: number, frame: { centre: readonly number[]; normal: readonly number[]; along: readonly number[]; across: readonly number[] }, distance: number): boolean {
  if (count < 6) return false;
  const { centre, normal, along, across } = frame;
  const u = new Float64Array(count), v = new Float64Array(count), w = new Float64Array(count);
  let reach = 0;
  for (let j = 0; j < count; j++) {
    const p = 3 * at[j];
    const d = [positions[p] - centre[0], positions[p + 1] - centre[1], positions[p + 2] - centre[2]];
    u[j] = along[0] * d[0] + along[1] * d[1] + along[2] * d[2];
    v[j] = across[0] * d[0] + across[1] * d[1] + across[2] * d[2];
    w[j] = normal[0] * d[0] + normal[1] * d[1] + normal[2] * d[2];
    reach = Math.max(reach, Math.abs(u[j]), Math.abs(v[j]));
  }
  if (reach === 0) return false;
  // u and v scaled to [-1, 1], so that the normal equations stay well conditioned at any size
  const terms = (j: number) => {
    const [x, y] = [u[j] / reach, v[j] / reach];
    return [x * x, x * y, y * y, x, y, 1];
  };
  const m = new Float64Array(36), b = new Float64Array(6);
  let mean = 0;
  for (let j = 0; j < count; j++) {
    const t = terms(j);
    for (let r = 0; r < 6; r++) {
      b[r] += t[r] * w[j];
      for (let c = 0; c < 6; c++) m[6 * r + c] += t[r] * t[c];
    }
    mean += w[j];
  }
  mean /= count;
  // points along a line (a narrow strip) leave some terms without a say: no bend can be read
  const q = solve(m, b, 6);
  if (!q) return false;
  let variance = 0, residual = 0, lo = Infinity, hi = -Infinity;
  for (let j = 0; j < count; j++) {
    const t = terms(j);
    const bend = q[0] * t[0] + q[1] * t[1] + q[2] * t[2];
    const fitted = bend + q[3] * t[3] + q[4] * t[4] + q[5];
    variance += (w[j] - mean) ** 2;
    residual += (w[j] - fitted) ** 2;
    // the plane fitted to the points leaves no tilt in their distances: what the quadric adds across them is its bend
    lo = Math.min(lo, fitted);
    hi = Math.max(hi, fitted);
  }
  return variance > 0 && residual <= (1 - EXPLAINED) * variance && hi - lo >= BEND_THRESHOLDS * distance;
}
