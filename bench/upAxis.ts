// Up axis from the geometry on 1.05M real points (the 21 ScanNet scans of the parse benchmark),
// against the peer measured in the same run: pointlens parsing the same cloud from binary PLY,
// which every load pays anyway. The ratio says what detecting the up axis adds to opening a file.
import { existsSync } from 'node:fs';
import { parseFiles, writePly } from '../src/core/io';
import { estimateUpAxis } from '../src/core/geometry/upAxis';
import { concatenatedScans, measure } from './parse';

const SCANS = new URL('../../shared/data/scannet/scannet_train_detection_data/', import.meta.url);

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('up axis: ../shared/data/scannet is not present, skipped');
    return { up_axis_skipped: 'no ../shared/data/scannet' };
  }
  const cloud = await concatenatedScans();
  const bytes = writePly(cloud);
  let up = '';
  const estimate = await measure(() => {
    up = estimateUpAxis(cloud).up;
    return cloud.positions.length / 3;
  });
  const parse = await measure(async () => (await parseFiles([{ name: 'scans.ply', bytes }])).data.positions.length / 3);
  const ratio = estimate.ms / parse.ms;
  console.log(`up axis of ${estimate.points} ScanNet points: ${estimate.ms.toFixed(1)} ms (found ${up}); parsing them from PLY: ${parse.ms.toFixed(1)} ms`);
  console.log(`  up axis / parse      ${ratio.toFixed(3)}x`);
  return {
    up_axis_points: estimate.points,
    up_axis_ms: Number(estimate.ms.toFixed(1)),
    up_axis_found: up,
    up_axis_parse_ms: Number(parse.ms.toFixed(1)),
    up_axis_vs_parse: Number(ratio.toFixed(3)),
  };
}
