import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePly } from '../../src/core/io/writePly';
import { pointlens, readBack } from './pointlens';

/** A 2 m square of the plane z = 0 every 5 cm, with or without its normals (+z). */
function plane(withNormals: boolean): Uint8Array {
  const p: number[] = [];
  for (let x = -1; x <= 1.0001; x += 0.05) for (let y = -1; y <= 1.0001; y += 0.05) p.push(x, y, 0);
  const positions = Float32Array.from(p);
  const normals = new Float32Array(positions.length);
  for (let i = 2; i < normals.length; i += 3) normals[i] = 1;
  return writePly({ kind: 'points', positions, fields: {}, ...(withNormals && { normals }) });
}

describe('pointlens compare --signed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointlens-signed-'));
  const withNormals = join(dir, 'plane.ply');
  const without = join(dir, 'bare.ply');
  const points = join(dir, 'points.ply');
  writeFileSync(withNormals, plane(true));
  writeFileSync(without, plane(false));
  writeFileSync(points, writePly({ kind: 'points', positions: Float32Array.from([0.2, 0.3, 0.1, -0.4, 0.1, -0.1, 0.5, -0.5, 0.1]), fields: {} }));

  it('signs each distance by the reference\'s normals, gives the points in front and behind, and writes the signed field', async () => {
    const out = join(dir, 'signed.ply');
    // a flat square's up cannot be told from its shape: both are given the +z they were written with
    const r = pointlens('compare', '--to', withNormals, points, '--signed', '--up', '+z', '--to-up', '+z', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toMatchObject({ signed: true, front: 2, behind: 1, points: 3 });
    expect(r.lines[0].mean).toBeCloseTo(0.1 / 3, 5);
    expect(r.lines[0].rms).toBeCloseTo(0.1, 5);
    const field = (await readBack(out)).data.fields.distance_to_plane;
    expect(Array.from(field, (d) => Number(d.toFixed(5)))).toEqual([0.1, -0.1, 0.1]);
  });

  it('refuses a reference with no normals, and a maximum distance beside --signed, in words', () => {
    const bare = pointlens('compare', '--to', without, points, '--signed');
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/bare\.ply has no normals to sign the distances by/);
    const limited = pointlens('compare', '--to', withNormals, points, '--signed', '--max-distance', '1');
    expect(limited.code).toBe(2);
    expect(limited.stderr).toMatch(/leave out --max-distance/);
  });
});
