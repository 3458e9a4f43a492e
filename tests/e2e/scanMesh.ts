// A mesh made from a real scan, for the tests of meshes as scenes: ScanNet's reconstructed
// meshes are not among the data here. Each point gets an umbrella of triangles: its nearest
// neighbours within 10 cm, taken in order of their angle about its normal, joined pairwise to it
// where the gap between them is under 120°. The faces overlap, but they cover the scanned
// surfaces, and the vertices are the scan's own points, colours and all.
import { estimateNormals } from '../../src/core/geometry/normals';
import type { Mesh, PointCloud } from '../../src/core/types';

const REACH = 0.1;
const UMBRELLA = 8;

export function meshOfScan(scan: PointCloud): Mesh {
  const p = scan.positions;
  const n = p.length / 3;
  const normals = estimateNormals(p, { facing: 'inward' });
  const cells = new Map<string, number[]>();
  const cellOf = (i: number, d: number[] = [0, 0, 0]) => [0, 1, 2].map((a) => Math.floor(p[3 * i + a] / REACH) + d[a]).join();
  for (let i = 0; i < n; i++) {
    const key = cellOf(i);
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  }
  const indices: number[] = [];
  for (let i = 0; i < n; i++) {
    const near: [number, number][] = [];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++)
          for (const j of cells.get(cellOf(i, [dx, dy, dz])) ?? []) {
            const d = (p[3 * j] - p[3 * i]) ** 2 + (p[3 * j + 1] - p[3 * i + 1]) ** 2 + (p[3 * j + 2] - p[3 * i + 2]) ** 2;
            if (j !== i && d <= REACH * REACH) near.push([d, j]);
          }
    const ring = near.sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, UMBRELLA).map(([, j]) => j);
    const nrm = [normals[3 * i], normals[3 * i + 1], normals[3 * i + 2]];
    if (ring.length < 2 || !nrm.some((v) => v !== 0)) continue;
    // a basis (u, v) of the tangent plane
    const helper = Math.abs(nrm[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
    const u = [nrm[1] * helper[2] - nrm[2] * helper[1], nrm[2] * helper[0] - nrm[0] * helper[2], nrm[0] * helper[1] - nrm[1] * helper[0]];
    const ul = Math.hypot(u[0], u[1], u[2]);
    const v = [nrm[1] * u[2] - nrm[2] * u[1], nrm[2] * u[0] - nrm[0] * u[2], nrm[0] * u[1] - nrm[1] * u[0]];
    const angle = (j: number) => {
      const d = [0, 1, 2].map((a) => p[3 * j + a] - p[3 * i + a]);
      return Math.atan2(d[0] * v[0] + d[1] * v[1] + d[2] * v[2], (d[0] * u[0] + d[1] * u[1] + d[2] * u[2]) / ul);
    };
    const around = ring.map((j) => [angle(j), j] as [number, number]).sort((a, b) => a[0] - b[0]);
    for (let k = 0; k < around.length; k++) {
      const [a0, j0] = around[k];
      const [a1, j1] = around[(k + 1) % around.length];
      const gap = (a1 - a0 + 2 * Math.PI) % (2 * Math.PI);
      if (gap > 0 && gap < (2 * Math.PI) / 3) indices.push(i, j0, j1);
    }
  }
  return { kind: 'mesh', positions: p, colors: scan.colors, indices: Uint32Array.from(indices), faceCount: indices.length / 3, groups: [], fields: {} };
}
