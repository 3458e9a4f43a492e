import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeBounds } from '../../src/core/geometry/bounds';
import { cloudToCloud } from '../../src/core/layers/cloudDistance';
import { writePly } from '../../src/core/io/writePly';
import { IDENTITY_TRANSFORM, sceneMatrix } from '../../src/core/layers/transform';
import { pointlens, readBack } from './pointlens';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const EVEN = join(fixtures, 'e2e/scene0000_00.ply');
const ODD = join(fixtures, 'e2e/scene0000_00_odd.ply');

describe('pointlens compare', () => {
  it("gives each file's distances to the reference as the app measures them, and writes them with --out", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-compare-')), 'odd.ply');
    const r = pointlens('compare', '--to', EVEN, ODD, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'reference', 'up', 'reference_up', 'points', 'reference_points', 'mean', 'rms', 'median', 'p95', 'max', 'ms']);
    const [even, odd] = [await readBack(EVEN), await readBack(ODD)];
    const place = (p: Float32Array) => ({ positions: p, matrix: sceneMatrix(IDENTITY_TRANSFORM, computeBounds(p), '+z', [0, 0, 0]) });
    const want = cloudToCloud(place(odd.data.positions), place(even.data.positions));
    expect(line).toMatchObject({ file: ODD, reference: EVEN, up: '+z', reference_up: '+z', points: 25_000, reference_points: 25_000 });
    for (const key of ['mean', 'rms', 'median', 'p95', 'max'] as const) expect(line[key]).toBeCloseTo(want.summary[key], 5);
    const saved = await readBack(out);
    expect(Array.from(saved.data.fields.distance_to_scene0000_00)).toEqual(Array.from(want.distances));
    expect(saved.data.fields.label).toEqual(odd.data.fields.label);
  });

  it('places the files and the reference on the up axes --up and --to-up choose, and says which it used', async () => {
    // ModelNet's airplane, +y up, written again with +z up and nothing in the file to say so
    const plane = join(fixtures, 'io/airplane_0001.txt');
    const { data } = await readBack(plane);
    const zUp = data.positions.slice();
    for (let i = 0; i < zUp.length; i += 3) [zUp[i + 1], zUp[i + 2]] = [-data.positions[i + 2], data.positions[i + 1]];
    const file = join(mkdtempSync(join(tmpdir(), 'pointlens-compare-')), 'plane_z_up.ply');
    writeFileSync(file, writePly({ ...data, positions: zUp, normals: undefined }));
    const [same] = pointlens('compare', '--to', plane, file, '--up', 'z', '--to-up', '+y').lines;
    expect(same).toMatchObject({ up: '+z', reference_up: '+y', points: 1024, max: 0 });
    // the file laid on its side, as an up taken for it the other way would lay it
    const [side] = pointlens('compare', '--to', plane, file, '--up', 'y').lines;
    expect(side).toMatchObject({ up: '+y', reference_up: '+y' });
    expect(side.mean).toBeGreaterThan(0.05);
    const [aligned] = pointlens('align', '--to', plane, file, '--up', 'z').lines;
    expect(aligned).toMatchObject({ up: '+z', reference_up: '+y', translate: [0, 0, 0], rotate_deg: 0 });
    const wrong = pointlens('compare', '--to', plane, file, '--to-up', 'sideways');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('pointlens compare: --to-up must be x, y, z, +x ... -z or auto, not "sideways"\n');
  });

  it("gives what reading the reference said with each file's figures, as it gives the file's own", () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-compare-'));
    const reference = join(folder, 'reference.csv');
    writeFileSync(reference, 'x;y;z\n0;0;0\n1,5;0;0\nnan;0;0\n0;2,5;0\n');
    const file = join(folder, 'points.xyz');
    writeFileSync(file, '0 0 0\n1.5 0 0\n0 2.5 0\n0 2.5 0.01\n');
    for (const command of ['compare', 'align']) {
      const [line] = pointlens(command, '--to', reference, file, '--up', 'z', '--to-up', 'z').lines;
      expect(line.warnings).toBeUndefined();
      expect(line.reference_warnings).toEqual([
        'separates its values with semicolons, so its commas were read as decimal marks ("1,5" as 1.5)',
        '1 point with NaN or infinite coordinates was dropped',
      ]);
    }
  });

  it("measures to a mesh's surface, and a mesh to itself is 0 everywhere", () => {
    const tub = join(fixtures, 'io/bathtub_0002.off');
    const [line] = pointlens('compare', '--to', tub, join(fixtures, 'io/bathtub_0002.stl')).lines;
    expect(line.surface_samples).toBeGreaterThanOrEqual(200_000);
    expect(line.reference_points).toBe(700 + line.surface_samples);
    expect(line.max).toBe(0);
  });

  it('never writes over the reference or the file measured, and writes only a .ply, a .las or a .laz', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-compare-'));
    const reference = join(folder, 'even.ply');
    copyFileSync(EVEN, reference);
    const over = pointlens('compare', '--to', reference, ODD, '--out', reference);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/is the file being read: give another name/);
    expect(readFileSync(reference)).toEqual(readFileSync(EVEN));
    const xyz = pointlens('compare', '--to', reference, ODD, '--out', join(folder, 'odd.xyz'));
    expect(xyz.code).toBe(2);
    expect(xyz.stderr).toMatch(/odd\.xyz: give a name ending in \.ply \(binary PLY\) or \.las \(LAS 1\.4\) or \.laz/);
  });

  it('says what is missing or wrong with the reference', () => {
    const none = pointlens('compare', ODD);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--to <reference> names the file to measure to/);
    const folder = pointlens('compare', '--to', join(fixtures, 'io'), ODD);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/give one file to measure to, not a folder of \d+/);
    const missing = pointlens('compare', '--to', join(fixtures, 'nothing-here.ply'), ODD);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nothing-here\.ply: no such file/);
  });

  it('stops at --max-distance, counting the points beyond, and --split-xyz writes the offsets along x, y and z with --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-compare-')), 'odd.ply');
    // the odd scan measured to the even one's points of lower height, so that many lie far from it
    const [even, odd] = [await readBack(EVEN), await readBack(ODD)];
    const p = even.data.positions;
    const low = Array.from({ length: p.length / 3 }, (_, i) => i).filter((i) => p[3 * i + 2] < 0.5);
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-compare-'));
    const floor = join(folder, 'floor.ply');
    const floorPoints = Float32Array.from(low.flatMap((i) => [p[3 * i], p[3 * i + 1], p[3 * i + 2]]));
    writeFileSync(floor, writePly({ kind: 'points', positions: floorPoints, fields: {} }, {}, { up: '+z' }));
    const r = pointlens('compare', '--to', floor, ODD, '--max-distance', '0.3', '--split-xyz', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    const place = (q: Float32Array) => ({ positions: q, matrix: sceneMatrix(IDENTITY_TRANSFORM, computeBounds(q), '+z', [0, 0, 0]) });
    const want = cloudToCloud(place(odd.data.positions), place(floorPoints), { maxDistance: 0.3, splitAxes: true });
    expect(want.summary.beyond).toBeGreaterThan(1_000);
    expect(line).toMatchObject({ points: want.summary.count, max_distance: 0.3, beyond: want.summary.beyond });
    expect(line.points + line.beyond).toBe(25_000);
    expect(line.max).toBeLessThan(0.3);
    const saved = (await readBack(out)).data.fields;
    expect(Array.from(saved.distance_to_floor)).toEqual(Array.from(want.distances));
    const [x, y, z] = ['x', 'y', 'z'].map((a) => saved[`distance_to_floor_${a}`]);
    expect(Array.from(z)).toEqual(Array.from(want.offsets![2]));
    for (let i = 0; i < 25_000; i += 97) {
      if (saved.distance_to_floor[i] < Math.fround(0.3)) expect(Math.hypot(x[i], y[i], z[i])).toBeCloseTo(saved.distance_to_floor[i], 5);
      else expect(Number.isNaN(x[i])).toBe(true);
    }
    // a point above the floor lies up from it, along the file's z
    const above = Array.from(z).filter((v) => v > 0.05).length;
    expect(above).toBeGreaterThan(Array.from(z).filter((v) => v < -0.05).length);
  });

  it('refuses a --max-distance that is no length, and --split-xyz without --out', () => {
    // 1e-50 is 0 as the 32-bit float the distances are kept in
    for (const bad of ['0', '-1', 'far', '1e-50']) {
      const r = pointlens('compare', '--to', EVEN, ODD, '--max-distance', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`pointlens compare: --max-distance must be a number above 0, not "${bad}"\n`);
    }
    expect(pointlens('compare', '--to', EVEN, ODD, '--max-distance', '0,05').stderr).toBe('pointlens compare: --max-distance must be a number above 0, with a point as its decimal mark, not "0,05"\n');
    const split = pointlens('compare', '--to', EVEN, ODD, '--split-xyz');
    expect(split.code).toBe(2);
    expect(split.stderr).toMatch(/--split-xyz writes the offsets along x, y and z into --out: give --out file\.ply too/);
  });
});
