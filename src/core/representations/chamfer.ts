// How much of a shape a representation keeps: the symmetric chamfer distance between the points it
// gives back and a dense sample of the original surface (the mean, both ways, of the distance from
// each point to the nearest point of the other set). Nearest points come from a uniform grid, so
// two sets of tens of thousands of points compare in milliseconds.

/** Points bucketed by grid cell: `order` lists point indices cell by cell, `start` indexes it. */
interface PointGrid {
  points: Float32Array;
  origin: [number, number, number];
  cell: number;
  dims: [number, number, number];
  start: Int32Array;
  order: Int32Array;
}

function buildGrid(points: Float32Array): PointGrid {
  const n = points.length / 3;
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++)
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d], points[3 * i + d]);
      hi[d] = Math.max(hi[d], points[3 * i + d]);
    }
  const extent = Math.max(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 1e-9);
  // about two points a cell where they lie on a surface (n^(1/2) cells across a face)
  const across = Math.max(1, Math.min(256, Math.round(Math.sqrt(n / 2))));
  const cell = extent / across;
  const dims = [0, 1, 2].map((d) => Math.max(1, Math.ceil((hi[d] - lo[d]) / cell) + 1)) as [number, number, number];
  const cellOf = new Int32Array(n);
  const count = new Int32Array(dims[0] * dims[1] * dims[2] + 1);
  for (let i = 0; i < n; i++) {
    const c = cellIndex(points, i, lo, cell, dims);
    cellOf[i] = c;
    count[c + 1]++;
  }
  for (let c = 1; c < count.length; c++) count[c] += count[c - 1];
  const start = Int32Array.from(count);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[count[cellOf[i]]++] = i;
  return { points, origin: lo, cell, dims, start, order };
}

function clampCell(v: number, dim: number): number {
  return Math.min(dim - 1, Math.max(0, v));
}

function cellIndex(points: Float32Array, i: number, lo: number[], cell: number, dims: number[]): number {
  const ix = clampCell(Math.floor((points[3 * i] - lo[0]) / cell), dims[0]);
  const iy = clampCell(Math.floor((points[3 * i + 1] - lo[1]) / cell), dims[1]);
  const iz = clampCell(Math.floor((points[3 * i + 2] - lo[2]) / cell), dims[2]);
  return (ix * dims[1] + iy) * dims[2] + iz;
}

/** Distance from (x, y, z) to the nearest grid point: rings of cells grow until none can be nearer. */
function nearest(grid: PointGrid, x: number, y: number, z: number): number {
  const { points, origin, cell, dims, start, order } = grid;
  const c = [(x - origin[0]) / cell, (y - origin[1]) / cell, (z - origin[2]) / cell].map(Math.floor);
  let best = Infinity;
  const maxRing = Math.max(dims[0], dims[1], dims[2]) + Math.max(...c.map(Math.abs));
  for (let r = 0; r <= maxRing; r++) {
    // every point of ring r is at least (r - 1) cells from the query
    if (r > 1 && (r - 1) * cell >= Math.sqrt(best)) break;
    for (let ix = c[0] - r; ix <= c[0] + r; ix++) {
      if (ix < 0 || ix >= dims[0]) continue;
      for (let iy = c[1] - r; iy <= c[1] + r; iy++) {
        if (iy < 0 || iy >= dims[1]) continue;
        const onShell = Math.abs(ix - c[0]) === r || Math.abs(iy - c[1]) === r;
        for (let iz = c[2] - r; iz <= c[2] + r; iz += onShell ? 1 : Math.max(1, 2 * r)) {
          if (iz < 0 || iz >= dims[2]) continue;
          const cellId = (ix * dims[1] + iy) * dims[2] + iz;
          for (let k = start[cellId]; k < start[cellId + 1]; k++) {
            const p = 3 * order[k];
            const dx = points[p] - x, dy = points[p + 1] - y, dz = points[p + 2] - z;
            const d2 = dx * dx + dy * dy + dz * dz;
            if (d2 < best) best = d2;
          }
        }
      }
    }
  }
  return Math.sqrt(best);
}

function meanNearest(from: Float32Array, to: PointGrid): number {
  const n = from.length / 3;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += nearest(to, from[3 * i], from[3 * i + 1], from[3 * i + 2]);
  return sum / n;
}

/** Symmetric chamfer distance, in the points' own units; NaN when either set is empty. */
export function chamferDistance(a: Float32Array, b: Float32Array): number {
  if (a.length < 3 || b.length < 3) return NaN;
  return (meanNearest(a, buildGrid(b)) + meanNearest(b, buildGrid(a))) / 2;
}
