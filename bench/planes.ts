// Planes (sequential RANSAC, 8 planes with the default threshold and smallest plane) on 1.05M real
// points (the 21 ScanNet scans of the parse benchmark), against the peer measured in the same run:
// normal estimation over the same cloud, a plane fitted to each point's 16 nearest neighbours. The
// ratio says what finding a scan's planes costs beside what every scan tool does first.
import { existsSync } from 'node:fs';
import { findPlanes } from '../src/core/geometry/planes';
import { againstNormals } from './againstNormals';
import { concatenatedScans, SCANS } from './parse';

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('planes: ../shared/data/scannet is not present, skipped');
    return { planes_skipped: 'no ../shared/data/scannet' };
  }
  const positions = (await concatenatedScans()).positions;
  return againstNormals(
    'planes',
    'planes',
    positions,
    () => {
      const r = findPlanes(positions, { up: '+z' });
      return { found: r.planes.length, on_planes: r.planes.reduce((t, p) => t + p.points, 0) };
    },
    (f) => `${f.found} planes holding ${f.on_planes} points`,
  );
}
