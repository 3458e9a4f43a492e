import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extraBytesRecord, gltfDocument, lasFile, npy, scanFixture, wktRecord } from '../core/io/helpers';
import { writePly } from '../../src/core/io';

const bin = fileURLToPath(new URL('../../bin/pointlens.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/io/', import.meta.url));

function pointlens(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  const lines = () => r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, get lines() { return lines(); } };
}

describe('pointlens info', () => {
  it('counts the points of each class a pointlens export names for its pred field', async () => {
    const scan = await scanFixture();
    const pred = Int32Array.from(scan.fields.label, (v) => (v % 2 ? 1 : 0));
    const path = join(mkdtempSync(join(tmpdir(), 'pointlens-info-')), 'labelled.ply');
    writeFileSync(path, writePly(scan, { pred }, { classes: { pred: [{ id: 0, name: 'wall', color: [1, 2, 3] }, { id: 1, name: 'floor', color: [4, 5, 6] }] } }));
    const [line] = pointlens('info', path).lines;
    const odd = pred.filter((v) => v === 1).length;
    expect(line.classes.pred).toEqual({ standard: 'file', classes: [{ id: 0, name: 'wall', points: pred.length - odd }, { id: 1, name: 'floor', points: odd }] });
  });

  it('counts the points it dropped for a coordinate that is no number', async () => {
    const scan = await scanFixture();
    const positions = scan.positions.slice();
    positions[0] = NaN;
    positions[3 * 7 + 2] = Infinity;
    const path = join(mkdtempSync(join(tmpdir(), 'pointlens-info-')), 'nan.ply');
    writeFileSync(path, writePly({ ...scan, positions }));
    const [line] = pointlens('info', path).lines;
    expect(line.points).toBe(scan.positions.length / 3 - 2);
    expect(line.dropped_non_finite).toBe(2);
  });

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

  it("reads a VoteNet frame's _xyz.npy with the _rgb.npy beside it, once when both are listed", () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-frame-'));
    // a corner of a room: a floor and two walls, 20 cm apart, in three colours
    const xyz: number[] = [];
    const rgb: number[] = [];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) [[i, j, 0], [i, 0, j], [0, i, j]].forEach((p, k) => (xyz.push(...p.map((v) => v * 0.2)), rgb.push(...[[200, 0, 0], [0, 200, 0], [0, 0, 200]][k])));
    writeFileSync(join(dir, 'frame_xyz.npy'), npy('<f4', [1200, 3], Float32Array.from(xyz)));
    writeFileSync(join(dir, 'frame_rgb.npy'), npy('|u1', [1200, 3], Uint8Array.from(rgb)));
    for (const listed of [[join(dir, 'frame_xyz.npy')], [join(dir, 'frame_xyz.npy'), join(dir, 'frame_rgb.npy')]]) {
      const r = pointlens('info', ...listed);
      expect(r.stderr).toBe('');
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatchObject({ format: 'npy', points: 1200, attributes: ['position', 'color'] });
    }
  });

  it('reads a headerless .bin scan, with the SemanticKITTI .label of its name beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-kitti-'));
    copyFileSync(join(fixtures, 'scene0000_00_unlabeled.bin'), join(dir, '000007.bin'));
    const alone = pointlens('info', join(dir, '000007.bin'));
    expect(alone.stderr).toBe('');
    expect(alone.lines).toEqual([expect.objectContaining({ format: 'bin', points: 2000, attributes: ['position', 'color'] })]);
    writeFileSync(join(dir, '000007.label'), new Uint8Array(new Uint32Array(2000).fill((3 << 16) | 40).buffer));
    // the label file listed too is read once, with its scan
    const labelled = pointlens('info', join(dir, '000007.bin'), join(dir, '000007.label'));
    expect(labelled.stderr).toBe('');
    expect(labelled.lines).toEqual([expect.objectContaining({ format: 'bin', points: 2000, attributes: ['position', 'color', 'kitti_label', 'kitti_instance'] })]);
    // SemanticKITTI names its classes: the points of each are counted under its name
    expect(labelled.lines[0].classes).toEqual({ kitti_label: { standard: 'SemanticKITTI', classes: [{ id: 40, name: 'road', points: 2000 }] } });
  });

  it("counts a LAS file's points by ASPRS class, each named as the standard names it, and names its coordinate system", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-asprs-'));
    const scan = await scanFixture();
    const n = scan.positions.length / 3;
    // a classified LAS 1.4 tile: ground, low vegetation, buildings and one user-defined class, in turn
    const ids = [2, 3, 6, 70];
    const label = Int32Array.from({ length: n }, (_, i) => ids[i % 4]);
    // with the coordinate system LAS 1.4 asks for in WKT
    const wkt = 'PROJCS["ETRS89 / UTM zone 32N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],UNIT["metre",1],AUTHORITY["EPSG","25832"]]';
    writeFileSync(join(dir, 'tile.las'), lasFile({ ...scan, fields: { label, instance: new Int32Array(n) } }, { minor: 4, format: 6, records: [wktRecord(wkt)] }));
    const r = pointlens('info', join(dir, 'tile.las'));
    expect(r.stderr).toBe('');
    expect(r.lines[0]).toMatchObject({ unit: 'm', crs: 'ETRS89 / UTM zone 32N' });
    expect(r.lines[0].classes).toEqual({
      classification: {
        standard: 'ASPRS',
        classes: [
          { id: 2, name: 'ground', points: 500 },
          { id: 3, name: 'low vegetation', points: 500 },
          { id: 6, name: 'building', points: 500 },
          { id: 70, name: 'user-defined 70', points: 500 },
        ],
      },
    });
  });

  it('lists the extra dimensions of a LAS 1.4 file read as it comes, whose Extra Bytes record comes after the points', () => {
    // more than the first bytes read from disk at once: the record is not among them
    const n = 150_000;
    const positions = Float32Array.from({ length: n * 3 }, (_, i) => (i * 7919) % 1000);
    const cloud = { kind: 'points' as const, positions, fields: { label: new Int32Array(n), instance: new Int32Array(n) } };
    const fill = (dv: DataView, at: number, i: number) => dv.setUint16(at + 30, i % 7, true);
    const path = join(mkdtempSync(join(tmpdir(), 'pointlens-evlr-')), 'tile.las');
    writeFileSync(path, lasFile(cloud, { minor: 4, format: 6, evlrs: [extraBytesRecord([{ name: 'Deviation', type: 3 }])], extraBytes: 2, fill }));
    const r = pointlens('info', path);
    expect(r.stderr).toBe('');
    expect(r.lines[0].attributes).toContain('Deviation');
    expect(r.lines[0].warnings ?? []).toEqual([]);
  });

  it('reads a headerless .bin with the count of values a point given by --values, and refuses a count its size or the reader does not allow', () => {
    const dump = join(fixtures, 'scene0000_00_unlabeled.bin');
    const three = pointlens('info', '--values', '3', dump);
    expect(three.lines).toEqual([expect.objectContaining({ format: 'bin', points: 4000, attributes: ['position'], warnings: ['has no header: read as 4,000 points of 3 float32 values each (x y z), the count chosen'] })]);
    const seven = pointlens('info', '--values', '7', dump);
    expect(seven.code).toBe(1);
    expect(seven.stderr).toBe(`pointlens: ${dump} holds 12,000 float32 values, which cannot be points of 7 values each (the count chosen): 12,000 is not a multiple of 7\n`);
    const two = pointlens('info', '--values', '2', dump);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe('pointlens info: --values must be a whole number from 3 to 16, not "2"\n');
  });

  it('reads a .gltf with the .bin files it names, once each when they are listed too, and never a buffer outside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-gltf-'));
    mkdirSync(join(dir, 'data'));
    const { json, bin: buffer } = gltfDocument([{ name: 'tri', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2]) }]);
    writeFileSync(join(dir, 'data', 'tri part.bin'), buffer);
    writeFileSync(join(dir, 'tri.gltf'), JSON.stringify({ ...json, buffers: [{ byteLength: buffer.length, uri: 'data/tri%20part.bin' }] }));
    const r = pointlens('info', join(dir, 'tri.gltf'), join(dir, 'data', 'tri part.bin'));
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([expect.objectContaining({ format: 'gltf', points: 3, faces: 1 })]);
    writeFileSync(join(dir, 'escape.gltf'), JSON.stringify({ ...json, buffers: [{ byteLength: buffer.length, uri: '../outside.bin' }] }));
    writeFileSync(join(dir, '..', 'outside.bin'), buffer);
    const out = pointlens('info', join(dir, 'escape.gltf'));
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/escape\.gltf: companion \S*outside\.bin is outside the file's folder; it was not read/);
    expect(out.stderr).toContain(`${join(dir, 'escape.gltf')} keeps its data in ../outside.bin, which is missing: pointlens reads a file's companions only from inside its folder (${dir}), and ../outside.bin lies outside it`);
  });

  it('reads of a .gltf\'s buffers only the bytes its accessors span: a buffer none reads may be missing, and one declared past the read budget is refused unread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-gltf-'));
    const { json, bin: buffer } = gltfDocument([{ name: 'tri', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2]) }]);
    writeFileSync(join(dir, 'tri.bin'), buffer);
    writeFileSync(join(dir, 'tri.gltf'), JSON.stringify({ ...json, buffers: [{ byteLength: buffer.length, uri: 'tri.bin' }, { byteLength: 1 << 20, uri: 'animation.bin' }] }));
    const r = pointlens('info', join(dir, 'tri.gltf'));
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([expect.objectContaining({ format: 'gltf', points: 3, faces: 1 })]);

    // 150 million positions in a sparse buffer of 1.8 GB: nothing of it is read
    const count = 150_000_000;
    writeFileSync(join(dir, 'huge.bin'), '');
    truncateSync(join(dir, 'huge.bin'), 12 * count);
    const accessors = [{ ...(json.accessors as object[])[0], count }];
    writeFileSync(join(dir, 'huge.gltf'), JSON.stringify({ ...json, meshes: [{ primitives: [{ attributes: { POSITION: 0 }, mode: 0 }] }], accessors, bufferViews: [{ buffer: 0, byteLength: 12 * count }], buffers: [{ byteLength: 12 * count, uri: 'huge.bin' }] }));
    const huge = pointlens('info', join(dir, 'huge.gltf'));
    expect(huge.code).toBe(1);
    expect(huge.stderr).toBe(`pointlens: ${join(dir, 'huge.gltf')} is too large: 150000000 positions would take 4.3 GB once read, more than the 1.0 GB pointlens reads from one file (its read budget)\n`);
  });

  it('asks for a missing or lone companion where the command line looks for it, not as the app would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-companions-'));
    const { json, bin: buffer } = gltfDocument([{ name: 'tri', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2]) }]);
    writeFileSync(join(dir, 'tri.gltf'), JSON.stringify({ ...json, buffers: [{ byteLength: buffer.length, uri: 'data/tri%20part.bin' }] }));
    writeFileSync(join(dir, 'chair.obj'), 'mtllib chair.mtl\nusemtl wood\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    writeFileSync(join(dir, 'room_rgb.npy'), npy('<f4', [10, 6], new Float32Array(60)));
    writeFileSync(join(dir, 'labels.npy'), npy('<i4', [10], new Int32Array(10)));
    writeFileSync(join(dir, 'tri.bin'), buffer);
    writeFileSync(join(dir, 'wood.mtl'), 'newmtl wood\nKd 1 0 0\n');
    const gltf = pointlens('info', join(dir, 'tri.gltf'));
    expect(gltf.stderr).toBe(`pointlens: ${join(dir, 'tri.gltf')} keeps its data in data/tri%20part.bin, which is missing: pointlens looked for it at ${join(dir, 'data', 'tri part.bin')}; put it there\n`);
    expect(pointlens('info', join(dir, 'chair.obj')).lines[0].warnings).toEqual([
      `names its materials' file chair.mtl, which is missing: its parts are shown without their colours (pointlens looked for it at ${join(dir, 'chair.mtl')}; put it there)`,
    ]);
    const lone = pointlens('info', join(dir, 'room_rgb.npy'), join(dir, 'labels.npy'), join(dir, 'tri.bin'), join(dir, 'wood.mtl'));
    const beside = "instead: it reads a file's companions from beside the file";
    expect(lone.stderr).toContain(`room_rgb.npy is taken by its name (ending in _rgb.npy) for the colours of a VoteNet frame's room_xyz.npy: give pointlens room_xyz.npy ${beside}, or rename it`);
    expect(lone.stderr).toContain(`labels.npy holds a NumPy array of shape (10), not a point cloud: pointlens reads (N, 3) xyz or (N, 6) xyz rgb arrays (a 1-D array is a label file: give pointlens its _vert.npy ${beside})`);
    expect(lone.stderr).toContain(`a glTF's buffer is read with its .gltf: give pointlens its .gltf ${beside}`);
    expect(lone.stderr).toContain(`wood.mtl: only companion files (materials, buffers or label arrays) were given; give pointlens the file they belong to ${beside}`);
    expect(lone.stderr).not.toMatch(/\b(open|drop)\b/);
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
    expect(r.stderr).toMatch(/broken\.ply declares 2,147,483,648 vertex elements/);
    expect(r.stderr).toMatch(/missing\.xyz: no such file/);
  });

  it('reads a scan once when its label arrays are listed too, and still refuses a lone companion', () => {
    const scan = ['vert', 'sem_label', 'ins_label'].map((k) => join(fixtures, `scene0000_00_${k}.npy`));
    const r = pointlens('info', ...scan, join(fixtures, 'chair_362f53ee.mtl'), join(fixtures, 'chair_362f53ee.obj'));
    expect(r.code).toBe(0);
    expect(r.lines.map((l) => l.points)).toEqual([2000, 136]);
    const lone = pointlens('info', join(fixtures, 'scene0000_00_sem_label.npy'));
    expect(lone.code).toBe(1);
    expect(lone.stderr).toMatch(/scene0000_00_sem_label\.npy is taken by its name for the labels of scene0000_00_vert\.npy/);
  });

  it('reads a Pointcept scene folder from its coord.npy, once when the whole folder is listed', () => {
    const room = join(fixtures, 'Area_6_office_1');
    const one = pointlens('info', join(room, 'coord.npy'));
    expect(one.stderr).toBe('');
    expect(one.lines).toEqual([expect.objectContaining({ format: 'npy', points: 1500, attributes: ['position', 'color', 'segment'] })]);
    const all = pointlens('info', ...['color', 'coord', 'segment'].map((a) => join(room, `${a}.npy`)));
    expect(all.code).toBe(0);
    expect(all.lines.map((l) => l.file)).toEqual([join(room, 'coord.npy')]);
  });

  it('reads a folder as the app opens it: each scan with the arrays beside it, naming what it left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pointlens-folder-'));
    const room = join(dir, 'area6', 'Area_6_office_1');
    mkdirSync(room, { recursive: true });
    for (const a of ['coord', 'color', 'segment']) copyFileSync(join(fixtures, 'Area_6_office_1', `${a}.npy`), join(room, `${a}.npy`));
    writeFileSync(join(dir, 'area6', 'class_names.txt'), 'ceiling\nfloor\n');
    mkdirSync(join(dir, 'area6', 'objects', 'pots'), { recursive: true });
    copyFileSync(join(fixtures, 'flower_pot.ply'), join(dir, 'area6', 'objects', 'pots', 'pot.ply'));
    const r = pointlens('info', join(dir, 'area6'));
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      expect.objectContaining({ file: join(room, 'coord.npy'), points: 1500, attributes: ['position', 'color', 'segment'] }),
      expect.objectContaining({ file: join(dir, 'area6', 'objects', 'pots', 'pot.ply'), points: 2048 }),
    ]);
    expect(r.stderr).toBe(`pointlens: ${join(dir, 'area6')}: 2 files were opened from the folder; it also holds area6/class_names.txt: open it on its own\n`);
    mkdirSync(join(dir, 'empty'));
    const empty = pointlens('info', join(dir, 'empty'), room);
    expect(empty.code).toBe(1);
    expect(empty.lines.map((l) => l.file)).toEqual([join(room, 'coord.npy')]);
    expect(empty.stderr).toMatch(/empty holds no file pointlens reads \(\.ply /);
  });

  it('reads companions only as regular files inside the file\'s folder, and never echoes control bytes', () => {
    const root = mkdtempSync(join(tmpdir(), 'pointlens-companions-'));
    const dir = join(root, 'models');
    mkdirSync(dir);
    const tri = 'v 0 0 0\nv 1 0 0\nv 0 1 0\nusemtl red\nf 1 2 3\n';
    writeFileSync(join(root, 'outside.mtl'), 'newmtl red\nKd 1 0 0\n');
    writeFileSync(join(dir, 'zero.obj'), `mtllib ../../../../../../dev/zero\n${tri}`);
    writeFileSync(join(dir, 'up.obj'), `mtllib ../outside.mtl\n${tri}`);
    symlinkSync('/dev/zero', join(dir, 'link.mtl'));
    writeFileSync(join(dir, 'link.obj'), `mtllib link.mtl\n${tri}`);
    writeFileSync(join(dir, 'escape.pcd'), '# .PCD v0.7\nVERSION 0.7\n\x1b]0;pwned\x07\x1b[2J\nFIELDS x y z\n');
    const r = pointlens('info', ...['zero.obj', 'up.obj', 'link.obj', 'escape.pcd'].map((f) => join(dir, f)), '/dev/zero');
    expect(r.code).toBe(1);
    expect(r.lines.map((l) => [l.points, l.faces])).toEqual([[3, 1], [3, 1], [3, 1]]);
    expect(r.stderr).toMatch(/zero\.obj: companion \S*dev\/zero is outside the file's folder; it was not read/);
    expect(r.stderr).toMatch(/up\.obj: companion \S*outside\.mtl is outside the file's folder/);
    expect(r.stderr).toMatch(/link\.obj: companion \S*link\.mtl is outside the file's folder/);
    expect(r.stderr).toMatch(/\/dev\/zero: is not a regular file/);
    expect(r.stderr).toContain('escape.pcd has an unknown PCD header line "\\x1b]0;pwned\\x07\\x1b[2J"');
    // eslint-disable-next-line no-control-regex
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
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
