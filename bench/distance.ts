// Distance to a layer on 1.05M real points (the 21 ScanNet scans of the parse benchmark) measured
// to the same scans moved 5 cm, against the peer measured in the same run: the app's other search of
// every point's neighbourhood, normal estimation (16 nearest neighbours on a grid) over the same
// cloud. The ratio says what an exact nearest point at any distance costs beside it. A maximum
// distance (CloudCompare's) is measured against the same measurement without one, in the same run,
// twice: the scans moved 5 cm stopped at 2 cm, where about half the points lie beyond it but near,
// and the scans moved 3 m across and up stopped at 20 cm, where nearly all lie far beyond it, as
// the part of a survey that another scan does not cover.
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
  const beyond = { near: 0, far: 0 };
  const limitedRun = (translate: [number, number, number], maxDistance: number | undefined, which: keyof typeof beyond) =>
    measure(() => {
      const { summary } = cloudToCloud(placed(translate), placed([0, 0, 0]), { maxDistance });
      beyond[which] = summary.beyond;
      return summary.count + summary.beyond;
    });
  const limited = await limitedRun([0.05, 0, 0], 0.02, 'near');
  const farAway = await limitedRun([3, 0, 3], undefined, 'far');
  const farLimited = await limitedRun([3, 0, 3], 0.2, 'far');
  const normals = await measure(() => estimateNormals(cloud.positions, { facing: 'inward' }).length / 3);
  const ratio = distance.ms / normals.ms;
  const limitedRatio = limited.ms / distance.ms;
  const farRatio = farLimited.ms / farAway.ms;
  console.log(`distance of ${distance.points} ScanNet points to the same moved 5 cm: ${distance.ms.toFixed(1)} ms (mean ${mean.toFixed(4)} m); their normals: ${normals.ms.toFixed(1)} ms`);
  console.log(`  distance / normals   ${ratio.toFixed(3)}x`);
  console.log(`the same stopped at 2 cm: ${limited.ms.toFixed(1)} ms (${beyond.near} points beyond)`);
  console.log(`  limited / unlimited  ${limitedRatio.toFixed(3)}x`);
  console.log(`the scans moved 3 m across and up: ${farAway.ms.toFixed(1)} ms; stopped at 20 cm: ${farLimited.ms.toFixed(1)} ms (${beyond.far} points beyond)`);
  console.log(`  limited / unlimited  ${farRatio.toFixed(3)}x`);
  return {
    distance_points: distance.points,
    distance_ms: Number(distance.ms.toFixed(1)),
    distance_normals_ms: Number(normals.ms.toFixed(1)),
    distance_vs_normals: Number(ratio.toFixed(3)),
    distance_limited_ms: Number(limited.ms.toFixed(1)),
    distance_limited_beyond: beyond.near,
    distance_limited_vs_unlimited: Number(limitedRatio.toFixed(3)),
    distance_far_ms: Number(farAway.ms.toFixed(1)),
    distance_far_limited_ms: Number(farLimited.ms.toFixed(1)),
    distance_far_limited_beyond: beyond.far,
    distance_far_limited_vs_unlimited: Number(farRatio.toFixed(3)),
  };
}
