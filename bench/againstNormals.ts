// A pass over a scan timed against the peer measured in the same run: normal estimation over the
// same cloud (a plane fitted to each point's 16 nearest neighbours), what every scan tool does first.
import { estimateNormals } from '../src/core/geometry/normals';
import { measure } from './parse';

/**
 * `task` over `positions` and normal estimation over the same points, each timed; printed as `name`
 * (with what `said` says of the task's figures) and returned under `key`: its time, its figures,
 * the normals' time and the ratio.
 */
export async function againstNormals<F extends Record<string, number>>(key: string, name: string, positions: Float32Array, task: () => F, said: (found: F) => string): Promise<Record<string, unknown>> {
  const n = positions.length / 3;
  let found = {} as F;
  const timed = await measure(() => {
    found = task();
    return n;
  });
  const normals = await measure(() => estimateNormals(positions, { facing: 'inward' }).length / 3);
  const ratio = timed.ms / normals.ms;
  console.log(`${name} of ${n} ScanNet points: ${timed.ms.toFixed(1)} ms (${said(found)}); their normals: ${normals.ms.toFixed(1)} ms`);
  console.log(`  ${key} / normals   ${ratio.toFixed(3)}x`);
  return {
    [`${key}_points`]: n,
    [`${key}_ms`]: Number(timed.ms.toFixed(1)),
    ...Object.fromEntries(Object.entries(found).map(([k, v]) => [`${key}_${k}`, v])),
    [`${key}_normals_ms`]: Number(normals.ms.toFixed(1)),
    [`${key}_vs_normals`]: Number(ratio.toFixed(3)),
  };
}
