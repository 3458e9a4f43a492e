// Whether a box still holds any of the points a mask keeps: a box whose points were all filtered
// away (by value, or hidden as stray) no longer marks anything a person can see.
import type { Box3 } from '../types';

/** True where some point i with mask[i] = 1 lies inside the box (turned about its centre where it is turned). */
export function holdsKeptPoint(box: Box3, positions: Float32Array, mask: Uint8Array): boolean {
  const [u, v] = box.turn ? [(box.turn.axis + 1) % 3, (box.turn.axis + 2) % 3] : [0, 1];
  const w = 3 - u - v;
  const [cos, sin] = box.turn ? [Math.cos(box.turn.radians), Math.sin(box.turn.radians)] : [1, 0];
  const half = box.size.map((s) => s / 2);
  const n = Math.min(mask.length, positions.length / 3);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const d = [positions[3 * i] - box.center[0], positions[3 * i + 1] - box.center[1], positions[3 * i + 2] - box.center[2]];
    if (Math.abs(d[w]) > half[w]) continue;
    // into the box's own axes: the turn undone
    const du = cos * d[u] + sin * d[v];
    const dv = -sin * d[u] + cos * d[v];
    if (Math.abs(du) <= half[u] && Math.abs(dv) <= half[v]) return true;
  }
  return false;
}
