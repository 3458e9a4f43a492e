import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writePly } from '../../src/core/io/writePly';
import { computeBounds } from '../../src/core/geometry/bounds';
import { movedGeometry } from '../../src/core/layers/align';
import { pointlens, readBack } from './pointlens';

const bin = fileURLToPath(new URL('../../bin/pointlens.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const EVEN = join(fixtures, 'e2e/scene0000_00.ply');

/** The largest distance between point i of `a` and point i of `b`. */
function largestGap(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 3) worst = Math.max(worst, Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1], a[i + 2] - b[i + 2]));
  return worst;
}

describe('pointlens align', () => {
  it('finds the turn and the move that lay a moved copy of a scan back on it, and writes it there with --out', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-align-'));
    const even = await readBack(EVEN);
    // the scan turned 7° about its up (+z) and moved 0.3, 0.1, -0.2, written as a file of its own
    const moved = movedGeometry(even.data, { translate: [0.3, 0.1, -0.2], rotateDeg: 7, scale: 1 }, computeBounds(even.data.positions), '+z');
    const file = join(folder, 'moved.ply');
    writeFileSync(file, writePly(moved, {}, { up: '+z' }));
    const out = join(folder, 'aligned.ply');
    const r = pointlens('align', '--to', EVEN, file, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'reference', 'up', 'reference_up', 'translate', 'rotate_deg', 'rms_before', 'rms_after', 'overlap', 'iterations', 'converged', 'points_searched', 'ms']);
    expect(line).toMatchObject({ file, reference: EVEN, up: '+z', overlap: 1, converged: true, points_searched: 25_000 });
    expect(line.rotate_deg).toBeCloseTo(-7, 3);
    expect(line.rms_before).toBeGreaterThan(0.1);
    expect(line.rms_after).toBeLessThan(1e-4);
    // the transform printed takes the moved file's points back onto the scan's, as --out wrote them
    const back = movedGeometry(moved, { translate: line.translate, rotateDeg: line.rotate_deg, scale: 1 }, computeBounds(moved.positions), '+z');
    expect(largestGap(back.positions, even.data.positions)).toBeLessThan(2e-4);
    const saved = await readBack(out);
    expect(largestGap(saved.data.positions, even.data.positions)).toBeLessThan(2e-4);
    expect(saved.data.fields.label).toEqual(even.data.fields.label);
  });

  it('with --scale, gives the scale that lays a copy of the scan scaled by 1.1 back on it, and writes it there with --out', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-align-'));
    const even = await readBack(EVEN);
    const t = { translate: [0.2, 0, 0] as [number, number, number], rotateDeg: 5, scale: 1.1 };
    const scaled = movedGeometry(even.data, t, computeBounds(even.data.positions), '+z');
    const file = join(folder, 'scaled.ply');
    writeFileSync(file, writePly(scaled, {}, { up: '+z' }));
    const out = join(folder, 'aligned.ply');
    const r = pointlens('align', '--to', EVEN, '--scale', file, '--out', out);
    expect(r.stderr).toBe('');
    const [line] = r.lines;
    expect(Object.keys(line).slice(4, 7)).toEqual(['translate', 'rotate_deg', 'scale']);
    expect(Math.abs(line.scale * 1.1 - 1)).toBeLessThan(0.002);
    expect(Math.abs(line.rotate_deg + 5)).toBeLessThan(0.1);
    const back = movedGeometry(scaled, { translate: line.translate, rotateDeg: line.rotate_deg, scale: line.scale }, computeBounds(scaled.positions), '+z');
    expect(largestGap(back.positions, even.data.positions)).toBeLessThan(0.003);
    expect(largestGap((await readBack(out)).data.positions, even.data.positions)).toBeLessThan(0.003);
    // three times the size is past what it adjusts: refused in words, nothing written
    writeFileSync(file, writePly({ ...even.data, positions: even.data.positions.map((v) => v * 3) }, {}, { up: '+z' }));
    const refused = pointlens('align', '--to', EVEN, '--scale', file, '--out', join(folder, 'refused.ply'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/scaled\.ply: the file and the reference differ in scale by more than a factor of 2: scale one to the other's units first \(the scale found was 0\.\d+\)/);
    expect(() => readFileSync(join(folder, 'refused.ply'))).toThrow();
  });

  it('says so, and writes nothing, where a file has too little in common with the reference', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-align-')), 'tub.ply');
    const r = pointlens('align', '--to', EVEN, join(fixtures, 'io/bathtub_0002.off'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toMatch(
      /bathtub_0002\.off: the file and the reference overlap too little to align: bring the file within a fraction of its size of the reference first \(it is aligned from where its coordinates put it\) \(after \d+ iterations, 0% of the file's points lie near the reference\)/,
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it('says, in its own terms, that a file or a reference of fewer than 3 points has nothing to align', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-align-'));
    const two = join(folder, 'two.xyz');
    writeFileSync(two, '0 0 0\n1 1 1\n');
    expect(pointlens('align', '--to', EVEN, two).stderr).toBe(`pointlens: ${two}: the file has fewer than 3 points with a finite position: there is nothing to align\n`);
    expect(pointlens('align', '--to', two, EVEN).stderr).toBe(`pointlens: ${EVEN}: the reference has fewer than 3 points with a finite position to align to\n`);
  });

  it('asks, of a file a thousand times the size of the reference that it cannot align, whether it is in other units', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-align-'));
    const even = await readBack(EVEN);
    // the scan in millimetres, where the reference is in metres
    const file = join(folder, 'millimetres.ply');
    writeFileSync(file, writePly({ ...even.data, positions: even.data.positions.map((v) => v * 1000) }, {}, { up: '+z' }));
    const r = pointlens('align', '--to', EVEN, file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /millimetres\.ply: the file and the reference overlap too little to align: the file is 1,000 times the size of the reference, and aligning keeps the scale: if they are in different units, convert it to the reference's units first \(after \d+ iterations, 0% of the file's points lie near the reference\)/,
    );
  });

  it('says what is missing or wrong with the reference, and is listed with its help', () => {
    const none = pointlens('align', EVEN);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--to <reference> names the file to align to/);
    const folder = pointlens('align', '--to', join(fixtures, 'io'), EVEN);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/give one file to align to, not a folder of \d+/);
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/align +the move and the turn about the up axis that lay each file onto a reference/);
  });
});
