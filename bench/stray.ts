// Stray points (statistical outlier removal) on 1.05M real points (the 21 ScanNet scans of the parse
// benchmark) with 1,000 points scattered around them, against the peer measured in the same run:
// normal estimation over the same cloud, whose neighbourhood grid the search shares (16 nearest
// neighbours a point). The ratio says what the mean distances, the exact k-d tree search for the
// points whose neighbours lie beyond the grid, and the statistics cost beside it.
import { existsSync } from 'node:fs';
import { computeBounds } from '../src/core/geometry/bounds';
import { findStrayPoints } from '../src/core/geometry/strayPoints';
import { createRng } from '../src/core/random';
import { againstNormals } from './againstNormals';
import { concatenatedScans, SCANS } from './parse';

const ADDED = 1_000;

/** The cloud with ADDED points each in a random direction from its centre, 1.5 to 3 times its half diagonal away. */
function withPointsAround(positions: Float32Array): Float32Array {
  const { min, max } = computeBounds(positions);
  const centre = [0, 1, 2].map((a) => (min[a] + max[a]) / 2);
  const half = Math.hypot(...[0, 1, 2].map((a) => (max[a] - min[a]) / 2));
  const rng = createRng(1);
  const out = new Float32Array(positions.length + 3 * ADDED);
  out.set(positions);
  for (let i = 0; i < ADDED; i++) {
    const d = [rng() - 0.5, rng() - 0.5, rng() - 0.5];
    const len = Math.hypot(...d) || 1;
    const r = half * (1.5 + 1.5 * rng());
    for (let a = 0; a < 3; a++) out[positions.length + 3 * i + a] = centre[a] + (d[a] / len) * r;
  }
  return out;
}

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('stray: ../shared/data/scannet is not present, skipped');
    return { stray_skipped: 'no ../shared/data/scannet' };
  }
  const positions = withPointsAround((await concatenatedScans()).positions);
  const n = positions.length / 3;
  return againstNormals(
    'stray',
    `stray points (${ADDED} scattered around)`,
    positions,
    () => {
      const r = findStrayPoints(positions);
      let added = 0;
      for (let i = n - ADDED; i < n; i++) added += r.stray[i];
      return { found: r.count, added_found: added };
    },
    (f) => `${f.found} stray, ${f.added_found} of the ${ADDED} added`,
  );
}
