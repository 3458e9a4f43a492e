// A scan in survey coordinates (a LAS file whose eastings and northings are in the millions) is
// kept relative to an origin at its middle, so it is read, segmented and exported as the same scan
// placed at that origin's offset near zero, in the file's own coordinates.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { computeBounds } from '../../src/core/geometry/bounds';
import type { PointCloud } from '../../src/core/types';
import { las12, LAS_SCALE } from '../core/io/helpers';
import { pointlens } from './pointlens';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));
const SURVEY: [number, number, number] = [512_345, 4_123_456, 118];

describe('a LAS scan in survey coordinates', async () => {
  const path = join(samples, 'scannet/scene0007_00.ply');
  const scan = (await parseFiles([{ name: 'scene0007_00.ply', bytes: new Uint8Array(readFileSync(path)) }])).data as PointCloud;
  const dir = mkdtempSync(join(tmpdir(), 'pointlens-survey-'));
  const { min, max } = computeBounds(scan.positions);
  const origin = [0, 1, 2].map((k) => Math.round(SURVEY[k] + (min[k] + max[k]) / 2));
  const near = join(dir, 'near.las');
  const far = join(dir, 'far.las');
  // the scan where the far one's points are kept: survey coordinates less the origin
  writeFileSync(near, las12(scan, SURVEY.map((v, k) => v - origin[k])));
  writeFileSync(far, las12(scan, SURVEY));

  it('is described in its own coordinates, to the millimetre, with the origin its points are kept relative to', () => {
    const r = pointlens('info', near, far);
    expect(r.code).toBe(0);
    const [n, f] = r.lines;
    expect(n.origin).toBeUndefined();
    expect(f.origin).toEqual(origin);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(f.bounds.min[k] - (SURVEY[k] + min[k]))).toBeLessThanOrEqual(LAS_SCALE);
      expect(Math.abs(f.bounds.max[k] - (SURVEY[k] + max[k]))).toBeLessThanOrEqual(LAS_SCALE);
    }
    expect(f.warnings.join()).toContain(`kept relative to (${f.origin.join(', ')})`);
  });

  it('segments as the same scan kept near zero, with its boxes and labelled PLY in its own coordinates', async () => {
    const out = join(dir, 'far.labelled.ply');
    const [n] = pointlens('segment', near).lines;
    const r = pointlens('segment', '--out', out, far);
    expect(r.code).toBe(0);
    const [f] = r.lines;
    expect(f.up).toMatchObject({ axis: n.up.axis });
    for (const name of new Set([...Object.keys(n.classes), ...Object.keys(f.classes)])) {
      expect(Math.abs((f.classes[name] ?? 0) - (n.classes[name] ?? 0))).toBeLessThanOrEqual(0.005 * n.points);
    }
    expect(f.boxes.length).toBe(n.boxes.length);
    f.boxes.forEach((b: { center: number[] }, i: number) => b.center.forEach((v, k) => expect(Math.abs(v - (n.boxes[i].center[k] + origin[k]))).toBeLessThan(0.002)));
    // the labelled PLY holds doubles in the file's coordinates, which read back to the millimetre
    const bytes = new Uint8Array(readFileSync(out));
    expect(new TextDecoder().decode(bytes.subarray(0, 4000))).toContain('property double x');
    const back = await parseFiles([{ name: 'far.labelled.ply', bytes }]);
    expect(back.origin).toBeDefined();
    for (let i = 0; i < 30; i++) {
      for (let k = 0; k < 3; k++) expect(Math.abs(back.data.positions[3 * i + k] + back.origin![k] - (SURVEY[k] + scan.positions[3 * i + k]))).toBeLessThanOrEqual(LAS_SCALE);
    }
  });
});
