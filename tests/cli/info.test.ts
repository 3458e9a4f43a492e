import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/pointlens.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/io/', import.meta.url));

function pointlens(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = () => r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, get lines() { return lines(); } };
}

describe('pointlens info', () => {
  it('prints one JSON object per file: mesh, cloud, and a scan with its label siblings', () => {
    const off = join(fixtures, 'bathtub_0002.off');
    const r = pointlens('info', off, join(fixtures, 'flower_pot.ply'), join(fixtures, 'scene0000_00_vert.npy'), join(fixtures, 'chair_362f53ee.obj'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toEqual({
      file: off,
      format: 'off',
      points: 700,
      faces: 664,
      attributes: ['position'],
      bounds: r.lines[0].bounds,
    });
    expect(r.lines[1]).toMatchObject({ format: 'ply', points: 2048, faces: 0, attributes: ['position'] });
    expect(r.lines[1].bounds.min[0]).toBeLessThan(r.lines[1].bounds.max[0]);
    expect(r.lines[2]).toMatchObject({ format: 'npy', points: 2000, faces: 0, attributes: ['position', 'color', 'label', 'instance'] });
    expect(r.lines[3]).toMatchObject({ format: 'obj', points: 136, faces: 358, attributes: ['position', 'normal'] });
  });

  it('reports a broken file on stderr, goes on with the others and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-info-'));
    const broken = join(dir, 'broken.ply');
    writeFileSync(broken, 'ply\nformat binary_little_endian 1.0\nelement vertex 2147483648\nproperty float x\nproperty float y\nproperty float z\nend_header\n');
    const pot = join(dir, 'pot.ply');
    copyFileSync(join(fixtures, 'flower_pot.ply'), pot);
    const r = pointlens('info', broken, join(dir, 'missing.xyz'), pot);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ file: pot, points: 2048 });
    expect(r.stderr).toMatch(/broken\.ply declares 2147483648 vertex elements/);
    expect(r.stderr).toMatch(/missing\.xyz: no such file/);
  });

  it('reads a scan once when its label arrays are listed too, and still refuses a lone companion', () => {
    const scan = ['vert', 'sem_label', 'ins_label'].map((k) => join(fixtures, `scene0000_00_${k}.npy`));
    const r = pointlens('info', ...scan, join(fixtures, 'chair_362f53ee.mtl'), join(fixtures, 'chair_362f53ee.obj'));
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.points)).toEqual([2000, 136]);
    const lone = pointlens('info', join(fixtures, 'scene0000_00_sem_label.npy'));
    expect(lone.code).toBe(1);
    expect(lone.stderr).toMatch(/only companion files/);
  });

  it('explains its usage and unknown commands or flags', () => {
    const help = pointlens('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pointlens <command>/);
    const unknown = pointlens('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*info/);
    expect(pointlens('info', '--frob', 'x').stderr).toMatch(/Unknown option '--frob'/);
  });
});
