// `--up` on the recognising commands: a scan that lost its label columns, or was turned to Y-up,
// segments as the original does; an object turned to Z-up gets the same class.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFiles, writePly } from '../../src/core/io';
import { changeUpAxis } from '../../src/core/ml/preprocessObject';
import type { Mesh, PointCloud } from '../../src/core/types';
import { las12 } from '../core/io/helpers';
import { pointlens } from './pointlens';
import { terrainXyz } from '../fixtures/e2e/terrain';

const samples = fileURLToPath(new URL('../../samples/', import.meta.url));

async function parse(path: string) {
  return (await parseFiles([{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }])).data;
}

describe('pointlens segment --up', () => {
  it('segments a scan without its label columns, and the same scan turned Y-up, as the original', async () => {
    const original = join(samples, 'scannet/scene0007_00.ply');
    const scan = (await parse(original)) as PointCloud;
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-up-'));
    const stripped = join(dir, 'stripped.ply');
    writeFileSync(stripped, writePly({ ...scan, fields: {} }));
    const yUp = join(dir, 'y-up.ply');
    const turned = scan.positions.slice();
    changeUpAxis(turned, 'z', 'y');
    writeFileSync(yUp, writePly({ ...scan, positions: turned, fields: {} }));

    const r = pointlens('segment', original, stripped, yUp);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [o, s, y] = r.lines;
    expect(o.up).toMatchObject({ axis: '+z', source: 'detected' });
    expect(s.up).toMatchObject({ axis: '+z', source: 'detected' });
    expect(y.up).toMatchObject({ axis: '+y', source: 'detected' });
    // right, but from weak cues: this scan is one the app marks for a person to check
    for (const line of [o, s, y]) expect(line.up.sure).toBe(line.up.confidence >= 0.6);
    const n = o.points;
    for (const other of [s, y]) {
      for (const name of new Set([...Object.keys(o.classes), ...Object.keys(other.classes)])) {
        expect(Math.abs((other.classes[name] ?? 0) - (o.classes[name] ?? 0))).toBeLessThanOrEqual(0.005 * n);
      }
    }
    // the boxes come back in each file's own frame: the Y-up file's boxes are the original's turned
    expect(y.boxes.length).toBe(o.boxes.length);
    const box = o.boxes[0];
    expect(y.boxes[0].center).toEqual([box.center[0], box.center[2], -box.center[1]].map((v) => v + 0));
    expect(y.boxes[0].size).toEqual([box.size[0], box.size[2], box.size[1]]);
  });

  it('says when it is not sure of the axis it detected', () => {
    // 12,000 points strewn through a 3 m cube: room-sized, with nothing to stand on
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-up-'));
    const file = join(dir, 'no-floor.xyz');
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 3;
    writeFileSync(file, Array.from({ length: 12_000 }, () => `${next()} ${next()} ${next()}`).join('\n') + '\n');
    const r = pointlens('segment', file, join(samples, 'scannet/scene0008_00.ply'));
    expect(r.code).toBe(0);
    expect(r.lines[0].up).toMatchObject({ source: 'detected', sure: false });
    expect(r.lines[0].up.confidence).toBeLessThan(0.6);
    expect(r.lines[1].up).toMatchObject({ axis: '+z', source: 'detected', sure: true });
  });

  it("keeps a LAS file's z, which its spec makes the elevation, where the geometry alone turns the room over", async () => {
    // the bundled S3DIS pantry as stored (z up), whose surface the estimate reads upside down, written as LAS too
    const xyz = join(samples, 's3dis/Area_6_pantry_1.xyz');
    const cloud = (await parse(xyz)) as PointCloud;
    const n = cloud.positions.length / 3;
    const las = join(mkdtempSync(join(tmpdir(), 'pointlens-up-')), 'pantry.las');
    writeFileSync(las, las12({ ...cloud, fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } }));
    const r = pointlens('segment', xyz, las);
    expect(r.code).toBe(0);
    // a coloured .xyz says nothing sure of its up: the geometry decides, here upside down
    expect(r.lines[0].up).toMatchObject({ axis: '-z', source: 'detected', sure: false });
    expect(r.lines[1].up).toMatchObject({ axis: '+z', source: 'format', sure: true });
  });

  it('uses a chosen axis as given and says so', () => {
    const r = pointlens('segment', '--up', 'y', join(samples, 'scannet/scene0008_00.ply'));
    expect(r.code).toBe(0);
    expect(r.lines[0].up).toEqual({ axis: '+y', source: 'chosen' });
  });

  it('refuses an up axis it does not know', () => {
    const r = pointlens('segment', '--up', 'w', 'a.ply');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--up must be x, y, z/);
  });
});

/** An OBJ of a mesh's positions and triangles. */
function objText(mesh: Mesh): string {
  const lines: string[] = [];
  for (let i = 0; i < mesh.positions.length; i += 3) lines.push(`v ${mesh.positions[i]} ${mesh.positions[i + 1]} ${mesh.positions[i + 2]}`);
  for (let t = 0; t < mesh.indices.length; t += 3) lines.push(`f ${mesh.indices[t] + 1} ${mesh.indices[t + 1] + 1} ${mesh.indices[t + 2] + 1}`);
  return lines.join('\n') + '\n';
}

describe('pointlens classify --up', () => {
  it('names a ShapeNet chair turned Z-up as it names the original', async () => {
    const original = join(samples, 'shapenet/chair-356fc758/model_normalized.obj');
    const mesh = (await parse(original)) as Mesh;
    const positions = mesh.positions.slice();
    changeUpAxis(positions, 'y', 'z');
    const zUp = join(mkdtempSync(join(tmpdir(), 'pointlens-up-')), 'chair-z-up.obj');
    writeFileSync(zUp, objText({ ...mesh, positions }));

    const r = pointlens('classify', original, zUp);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [o, z] = r.lines;
    // the original keeps its format's usual up, which the geometry agrees with
    expect(o.up).toMatchObject({ axis: '+y', source: 'format' });
    expect(z.up).toMatchObject({ axis: '+z', source: 'detected' });
    expect(z.top[0].label).toBe(o.top[0].label);
    expect(o.top[0].label).toBe('chair');
  });

  it("marks a format's usual up as not sure where the file was saved with another axis up", async () => {
    const original = join(samples, 'modelnet40/sofa_0034.txt');
    const cloud = (await parse(original)) as PointCloud;
    const positions = cloud.positions.slice();
    changeUpAxis(positions, 'y', 'z');
    const lines: string[] = [];
    for (let i = 0; i < positions.length; i += 3) lines.push(`${positions[i]} ${positions[i + 1]} ${positions[i + 2]}`);
    const zUp = join(mkdtempSync(join(tmpdir(), 'pointlens-up-')), 'sofa-z-up.xyz');
    writeFileSync(zUp, lines.join('\n') + '\n');

    const r = pointlens('classify', original, zUp);
    expect(r.code).toBe(0);
    expect(r.lines[0].up).toMatchObject({ axis: '+y', source: 'format', sure: true });
    // a colourless .xyz is y-up by its format, which this file is not: kept, and marked for a person to check
    expect(r.lines[1].up).toMatchObject({ axis: '+y', source: 'format', sure: false, detected: '+z' });
    expect(r.lines[1].up.reason).toMatch(/^an object; z is vertical/);
  });

  it("stands a terrain in survey coordinates on its map's elevation, and calls it no object when classified with --wide", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-up-'));
    const onMap = join(dir, 'terrain.xyz');
    writeFileSync(onMap, terrainXyz([500_100, 4_000_100, 302]));
    const local = join(dir, 'terrain-local.xyz');
    writeFileSync(local, terrainXyz([0, 0, 0]));
    const r = pointlens('classify', '--wide', onMap, local);
    expect(r.code).toBe(0);
    const [map, near] = r.lines;
    expect(map.up).toMatchObject({ axis: '+z', source: 'map', sure: true });
    expect(map).toMatchObject({ unknown: true, widest_m: 200 });
    // near zero nothing says where it lies or in what unit: a text cloud that large keeps its format's z, and it may be a model
    expect(near.up).toMatchObject({ axis: '+z', source: 'format' });
    expect(near.widest_m).toBeUndefined();
  });

  it('classifies with a chosen axis and says so', () => {
    const r = pointlens('classify', '--up', 'y', join(samples, 'modelnet40/airplane_0627.txt'));
    expect(r.code).toBe(0);
    expect(r.lines[0].up).toEqual({ axis: '+y', source: 'chosen' });
    expect(r.lines[0].top[0].label).toBe('airplane');
  });

  it('takes a direction with a dash after the flag, as --up -z, the same as --up=-z', () => {
    const airplane = join(samples, 'modelnet40/airplane_0627.txt');
    const spaced = pointlens('classify', '--up', '-y', airplane);
    expect(spaced.stderr).toBe('');
    expect(spaced.lines[0].up).toEqual({ axis: '-y', source: 'chosen' });
    expect(spaced.lines[0].top).toEqual(pointlens('classify', '--up=-y', airplane).lines[0].top);
    // a negative number after a flag is that flag's value, refused in the flag's own terms
    const negative = pointlens('classify', '--top', '-1', airplane);
    expect(negative.code).toBe(2);
    expect(negative.stderr).toMatch(/--top must be an integer of at least 1, not "-1"/);
  });

  it('reads back the up its --out file was written with, where the geometry alone would turn the room over', () => {
    // the S3DIS pantry as stored is z up, which the estimate alone takes for -z
    const pantry = join(samples, 's3dis/Area_6_pantry_1.xyz');
    const out = join(mkdtempSync(join(tmpdir(), 'pointlens-up-')), 'pantry.ply');
    const first = pointlens('segment', '--up', 'z', '--out', out, pantry);
    expect(first.code).toBe(0);
    expect(pointlens('segment', pantry).lines[0].up.axis).toBe('-z');
    const again = pointlens('segment', out).lines[0];
    expect(again.up).toEqual({ axis: '+z', source: 'file', sure: true });
    expect(again.classes).toEqual(first.lines[0].classes);
  });
});
