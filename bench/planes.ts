// Planes (sequential RANSAC, 8 planes with the default threshold and smallest plane) on 1.05M real
// points (the 21 ScanNet scans of the parse benchmark), against the peer measured in the same run:
// normal estimation over the same cloud, a plane fitted to each point's 16 nearest neighbours. The
// ratio says what finding a scan's planes costs beside what every scan tool does first.
import { existsSync } from 'node:fs';
import { findPlanes } from '../src/core/geometry/planes';
import { estimateNormals } from '../src/core/geometry/normals';
import { concatenatedScans, measure, SCANS } from './parse';

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('planes: ../shared/data/scannet is not present, skipped');
    return { planes_skipped: 'no ../shared/data/scannet' };
  }
  const positions = (await concatenatedScans()).positions;
  const n = positions.length / 3;
  let found = { planes: 0, onPlanes: 0 };
  const planes = await measure(() => {
    const r = findPlanes(positions, { up: '+z' });
    found = { planes: r.planes.length, onPlanes: r.planes.reduce((t, p) => t + p.points, 0) };
    return n;
  });
  const normals = await measure(() => estimateNormals(positions, { facing: 'inward' }).length / 3);
  const ratio = planes.ms / normals.ms;
  console.log(`planes of ${n} ScanNet points: ${planes.ms.toFixed(1)} ms (${found.planes} planes holding ${found.onPlanes} points); their normals: ${normals.ms.toFixed(1)} ms`);
  console.log(`  planes / normals   ${ratio.toFixed(3)}x`);
  return {
    planes_points: n,
    planes_ms: Number(planes.ms.toFixed(1)),
    planes_found: found.planes,
    planes_on_planes: found.onPlanes,
    planes_normals_ms: Number(normals.ms.toFixed(1)),
    planes_vs_normals: Number(ratio.toFixed(3)),
  };
}
