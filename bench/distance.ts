// Distance to a layer on 1.05M real points (the 21 ScanNet scans of the parse benchmark) measured
// to the same scans moved 5 cm, against the peer measured in the same run: the app's other search of
// every point's neighbourhood, normal estimation (16 nearest neighbours on a grid) over the same
// cloud. The ratio says what an exact nearest point at any distance costs beside it.
import { existsSync } from 'node:fs';
import { computeBounds } from '../src/core/geometry/bounds';
import { estimateNormals } from '../src/core/geometry/normals';
import { cloudToCloud } from '../src/core/layers/cloudDistance';
import { IDENTITY_TRANSFORM, sceneMatrix } from '../src/core/layers/transform';
import { concatenatedScans, measure } from './parse';

const SCANS = new URL('../../shared/data/scannet/scannet_train_detection_data/', import.meta.url);

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('distance: ../shared/data/scannet is not present, skipped');
    return { distance_skipped: 'no ../shared/data/scannet' };
  }
  const cloud = await concatenatedScans();
  const bounds = computeBounds(cloud.positions);
  const placed = (translate: [number, number, number]) => ({ positions: cloud.positions, matrix: sceneMatrix({ ...IDENTITY_TRANSFORM, translate }, bounds, '+z', [0, 0, 0]) });
  let mean = 0;
  const distance = await measure(() => {
    const { summary } = cloudToCloud(placed([0.05, 0, 0]), placed([0, 0, 0]));
    mean = summary.mean;
    return summary.count;
  });
  const normals = await measure(() => estimateNormals(cloud.positions, { facing: 'inward' }).length / 3);
  const ratio = distance.ms / normals.ms;
  console.log(`distance of ${distance.points} ScanNet points to the same moved 5 cm: ${distance.ms.toFixed(1)} ms (mean ${mean.toFixed(4)} m); their normals: ${normals.ms.toFixed(1)} ms`);
  console.log(`  distance / normals   ${ratio.toFixed(3)}x`);
  return {
    distance_points: distance.points,
    distance_ms: Number(distance.ms.toFixed(1)),
    distance_normals_ms: Number(normals.ms.toFixed(1)),
    distance_vs_normals: Number(ratio.toFixed(3)),
  };
}
