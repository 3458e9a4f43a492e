// A 1M-point scene for the benchmarks: 20 real ScanNet scans of 50k points laid side by side on
// one floor.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parseNpyArray } from '../src/core/io/npy';
import type { PointCloud } from '../src/core/types';

const SCANS = new URL('../../shared/data/scannet/scannet_train_detection_data/', import.meta.url);
export const TILES = 20;
const GAP = 0.5;

/** The scans tiled on one floor, or null where ../shared/data is absent. */
export function tiledScene(): PointCloud | null {
  if (!existsSync(SCANS)) return null;
  const names = readdirSync(SCANS).filter((f) => f.endsWith('_vert.npy')).sort().slice(0, TILES);
  const scans = names.map((f) => parseNpyArray(new Uint8Array(readFileSync(new URL(f, SCANS)))));
  const total = scans.reduce((n, s) => n + s.shape[0], 0);
  const positions = new Float32Array(3 * total);
  const colors = new Uint8Array(3 * total);
  const perRow = Math.ceil(Math.sqrt(TILES));
  let o = 0;
  let x0 = 0;
  let y0 = 0;
  let rowDepth = 0;
  scans.forEach((s, t) => {
    const v = s.data as Float32Array;
    const n = s.shape[0];
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 3; a++) lo[a] = Math.min(lo[a], v[6 * i + a]);
      for (let a = 0; a < 2; a++) hi[a] = Math.max(hi[a], v[6 * i + a]);
    }
    if (t > 0 && t % perRow === 0) {
      x0 = 0;
      y0 += rowDepth + GAP;
      rowDepth = 0;
    }
    for (let i = 0; i < n; i++, o++) {
      positions[3 * o] = v[6 * i] - lo[0] + x0;
      positions[3 * o + 1] = v[6 * i + 1] - lo[1] + y0;
      positions[3 * o + 2] = v[6 * i + 2] - lo[2];
      for (let a = 0; a < 3; a++) colors[3 * o + a] = v[6 * i + 3 + a];
    }
    x0 += hi[0] - lo[0] + GAP;
    rowDepth = Math.max(rowDepth, hi[1] - lo[1]);
  });
  return { kind: 'points', positions, colors, fields: {} };
}
