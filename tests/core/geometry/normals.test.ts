import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { estimateNormals } from '../../../src/core/geometry/normals';
import { fixture } from '../io/helpers';

const FLOOR = 2; // NYU40 id of "floor"

describe('estimateNormals', () => {
  it('finds the planes of the normals a ModelNet file carries', async () => {
    // 1,024 points of ModelNet40's airplane_0001 with the dataset's own normals
    const r = await parseFiles([{ name: 'airplane_0001.txt', bytes: fixture('airplane_0001.txt') }]);
    const truth = r.data.normals!;
    expect(truth).toBeDefined();
    const est = estimateNormals(r.data.positions, { facing: 'outward' });
    const n = est.length / 3;
    const cos: number[] = [];
    for (let i = 0; i < n; i++) cos.push(Math.abs(est[3 * i] * truth[3 * i] + est[3 * i + 1] * truth[3 * i + 1] + est[3 * i + 2] * truth[3 * i + 2]));
    cos.sort((a, b) => a - b);
    // the plane's direction: half the points within 18 degrees of the file's normal (which side is
    // out is a guess from the centre, and an airplane's wings are level with it)
    expect(cos[Math.floor(n / 2)]).toBeGreaterThan(0.95);
    for (let i = 0; i < n; i++) expect(Math.hypot(est[3 * i], est[3 * i + 1], est[3 * i + 2])).toBeCloseTo(1, 5);
  });

  it('turns a room\'s floor normals up, into the room', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url)));
    const r = await parseFiles([{ name: 'scene0000_00.ply', bytes }]);
    const est = estimateNormals(r.data.positions, { facing: 'inward' });
    const labels = r.data.fields.label;
    let floor = 0;
    let up = 0;
    let down = 0;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] !== FLOOR) continue;
      floor++;
      if (est[3 * i + 2] > 0.7) up++;
      if (est[3 * i + 2] < -0.7) down++;
    }
    expect(floor).toBeGreaterThan(1000);
    // within 45 degrees of straight up (89% measured on this sparse 25k-point room), hardly any turned down
    expect(up / floor).toBeGreaterThan(0.85);
    expect(down / floor).toBeLessThan(0.02);
  });

  it('reports progress and stops when cancelled', () => {
    const positions = new Float32Array(3 * 40_000).map((_, i) => ((i * 7919) % 1000) / 1000);
    const seen: number[] = [];
    estimateNormals(positions, { facing: 'outward', onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    const abort = new AbortController();
    abort.abort();
    expect(() => estimateNormals(positions, { facing: 'outward', signal: abort.signal })).toThrow(/cancelled/);
  });
});
