// Subsampling the 1.05M real points of the parse benchmark (its 21 ScanNet scans, each where its own
// coordinates put it) by each method, against the peer measured in the same run: the octree the app
// builds of every cloud it reads (and of each subsample it makes), the other pass that puts every
// point in a grid cell and keeps one point a cell of each node. The ratios say what a subsample
// costs beside it.
import { existsSync } from 'node:fs';
import { buildOctree } from '../src/core/geometry/octree';
import { subsample, type SubsampleMethod } from '../src/core/geometry/subsample';
import { concatenatedScans, measure, SCANS } from './parse';

const METHODS: [string, SubsampleMethod][] = [
  ['spacing', { kind: 'spacing', spacing: 0.05 }],
  ['voxel', { kind: 'voxel', size: 0.05 }],
  ['count', { kind: 'count', count: 100_000, seed: 1 }],
];

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('subsample: ../shared/data/scannet is not present, skipped');
    return { subsample_skipped: 'no ../shared/data/scannet' };
  }
  const { positions } = await concatenatedScans();
  const n = positions.length / 3;
  const octree = await measure(() => buildOctree(positions).order.length);
  const results: Record<string, unknown> = { subsample_points: n, subsample_octree_ms: Number(octree.ms.toFixed(1)) };
  console.log(`subsample ${n} ScanNet points; their octree: ${octree.ms.toFixed(1)} ms`);
  for (const [name, method] of METHODS) {
    const m = await measure(() => subsample(positions, method).reduce((t, v) => t + v, 0));
    const ratio = m.ms / octree.ms;
    console.log(`  ${name.padEnd(8)} ${m.ms.toFixed(1).padStart(8)} ms, ${m.points} kept   ${name} / octree ${ratio.toFixed(3)}x`);
    Object.assign(results, { [`subsample_${name}_ms`]: Number(m.ms.toFixed(1)), [`subsample_${name}_kept`]: m.points, [`subsample_${name}_vs_octree`]: Number(ratio.toFixed(3)) });
  }
  return results;
}
