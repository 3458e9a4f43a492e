// Clusters (exact Euclidean connected components at the default distance) on 1.05M real points (the
// 21 ScanNet scans of the parse benchmark) with their planes left out, as the Clusters panel runs
// after the Planes panel, against normal estimation over the same cloud in the same run.
import { existsSync } from 'node:fs';
import { findClusters, onPlanes } from '../src/core/geometry/clusters';
import { findPlanes } from '../src/core/geometry/planes';
import { againstNormals } from './againstNormals';
import { concatenatedScans, SCANS } from './parse';

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('clusters: ../shared/data/scannet is not present, skipped');
    return { clusters_skipped: 'no ../shared/data/scannet' };
  }
  const positions = (await concatenatedScans()).positions;
  // the planes are found first, untimed: the panel leaves out what the Planes panel found
  const leaveOut = onPlanes(findPlanes(positions, { up: '+z' }).labels);
  return againstNormals(
    'clusters',
    'clusters off their planes',
    positions,
    () => {
      const r = findClusters(positions, { leaveOut });
      return { found: r.clusters.length, clustered: r.clustered };
    },
    (f) => `${f.found} clusters holding ${f.clustered} points`,
  );
}
