import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findPlanes } from '../../src/core/geometry/planes';
import { pointlens, readBack } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));

describe('pointlens planes', () => {
  it('lists a real scan\'s planes as the app finds them, the floor first, and writes each point\'s plane as a named field', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-planes-'));
    const out = join(folder, 'with_planes.ply');
    const r = pointlens('planes', SCAN, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'points', 'on_planes', 'planes', 'distance', 'spacing', 'min_points', 'max_planes', 'seed', 'up', 'ms']);
    const scan = await readBack(SCAN);
    const expected = findPlanes(scan.data.positions, { up: '+z' });
    expect(line).toMatchObject({ file: SCAN, points: 25_000, min_points: 250, max_planes: 8, seed: 1, up: '+z' });
    expect(line.planes.map((p: { points: number }) => p.points)).toEqual(expected.planes.map((p) => p.points));
    expect(line.planes[0]).toMatchObject({ plane: 1, orientation: 'horizontal' });
    expect(Object.keys(line.planes[0])).toEqual(['plane', 'points', 'share', 'orientation', 'tilt', 'dip_direction', 'normal', 'centre', 'rms', 'extent', 'curved']);
    expect(line.planes.map((p: { curved: boolean }) => p.curved)).toEqual(expected.planes.map((p) => p.curved));
    expect(line.planes[0].normal[2]).toBeGreaterThan(0.999);
    expect(line.on_planes).toBe(expected.planes.reduce((t, p) => t + p.points, 0));

    const saved = await readBack(out);
    const plane = saved.data.fields.plane;
    expect(Array.from(plane)).toEqual(Array.from(expected.labels));
    expect(Object.keys(saved.data.fields)).toEqual([...Object.keys(scan.data.fields), 'plane']);
    // the header names the ids, so the file opens coloured by plane
    expect(saved.data.fieldClasses?.plane?.map((c) => c.name)).toEqual(['no plane', ...expected.planes.map((_, i) => `plane ${i + 1}`)]);
    expect(saved.statedUp).toBe('+z');
  });

  it('takes the threshold, the smallest plane, how many and the seed', () => {
    const [line] = pointlens('planes', SCAN, '--distance', '0.02', '--min-points', '500', '--max-planes', '3', '--seed', '5').lines;
    expect(line).toMatchObject({ distance: 0.02, min_points: 500, max_planes: 3, seed: 5 });
    expect(line.planes.length).toBeLessThanOrEqual(3);
    for (const p of line.planes) expect(p.points).toBeGreaterThanOrEqual(500);
    for (const p of line.planes) expect(p.rms).toBeLessThan(0.02);
  });

  it('says what is wrong with a flag before reading anything', () => {
    for (const [args, message] of [
      [['--distance', '0'], /--distance must be a number above 0, not "0"/],
      [['--distance', '0,02'], /with a point as its decimal mark/],
      [['--min-points', '2'], /--min-points must be an integer of at least 3, not "2"/],
      [['--max-planes', '65'], /the planes to find must be a whole number from 1 to 64, not 65/],
      [['--seed', 'x'], /--seed must be an integer of at least 0, not "x"/],
    ] as const) {
      const r = pointlens('planes', SCAN, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.lines).toEqual([]);
    }
  });
});
