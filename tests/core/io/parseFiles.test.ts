import { describe, expect, it } from 'vitest';
import { detectFormat, parseFiles, writePly } from '../../../src/core/io';
import { InputError, type Mesh, type PointCloud } from '../../../src/core/types';
import { fixture, fixtureText, scanFixture, utf8 } from './helpers';

const file = (name: string, bytes = fixture(name)) => ({ name, bytes });

describe('detectFormat', () => {
  it('knows each fixture by content even under a wrong or missing extension', () => {
    expect(detectFormat('x.bin', fixture('flower_pot.ply'))).toBe('ply');
    expect(detectFormat('x.txt', fixture('bathtub_0002.off'))).toBe('off');
    expect(detectFormat('x', fixture('scene0000_00_vert.npy'))).toBe('npy');
    expect(detectFormat('x', fixture('chair_362f53ee.obj'))).toBe('obj');
    expect(detectFormat('x', fixture('airplane_0001.txt'))).toBe('xyz');
  });

  it('knows a binary STL without its extension by a size that fits its triangle count', () => {
    expect(detectFormat('model.dat', fixture('bathtub_0002.stl'))).toBe('stl');
  });

  it("says what a file named for another format holds, where the reader its name chose refuses it", async () => {
    await expect(parseFiles([{ name: 'chair.xyz', bytes: fixture('chair_362f53ee.obj') }])).rejects.toThrow(/; its content looks like OBJ: rename it \.obj$/);
    await expect(parseFiles([{ name: 'bathtub.obj', bytes: fixture('bathtub_0002.stl') }])).rejects.toThrow(
      'bathtub.obj is not a text OBJ file: it contains binary data (NUL bytes); its content looks like STL: rename it .stl',
    );
    // a broken file that looks like its own format gets no hint, though its lines of numbers would pass for point text
    await expect(parseFiles([{ name: 'bad.off', bytes: utf8('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n') }])).rejects.toThrow(/^bad\.off face 1 refers to vertex 7, but there are only 3 vertices \(0-based\)$/);
  });

  it('falls back to the extension, and gives null for unknown content', () => {
    expect(detectFormat('scan.PTS', utf8('12\n'))).toBe('xyz');
    expect(detectFormat('m.obj', utf8('# empty\n'))).toBe('obj');
    expect(detectFormat('notes.md', utf8('# hello\nsome words\n'))).toBeNull();
  });
});

describe('parseFiles', () => {
  it('takes the first non-companion file as the main one and enriches it with MTL colours', async () => {
    const r = await parseFiles([file('chair_362f53ee.mtl'), file('chair_362f53ee.obj')]);
    expect(r.format).toBe('obj');
    expect((r.data as Mesh).groups[0].color).toEqual([0.960784, 1, 0.337255]);
    expect(r.droppedNonFinite).toBe(0);
  });

  it('picks the readable file of a dropped folder and says which others it did not use', async () => {
    const json = file('model_normalized.json', utf8('{"numVertices": 136}'));
    const r = await parseFiles([json, file('chair_362f53ee.mtl'), file('chair_362f53ee.obj')]);
    expect(r.format).toBe('obj');
    expect(r.warnings).toEqual(['only chair_362f53ee.obj was read; model_normalized.json was not used']);
  });

  it('reads the NPY scan with its siblings dropped in any order', async () => {
    const r = await parseFiles([file('scene0000_00_ins_label.npy'), file('scene0000_00_vert.npy'), file('scene0000_00_sem_label.npy')]);
    expect(Object.keys(r.data.fields).sort()).toEqual(['instance', 'label']);
    expect(r.upAxis).toBe('z');
  });

  it('drops NaN/Inf points with their attributes and counts them', async () => {
    const lines = fixtureText('airplane_0001.txt').trim().split('\n');
    lines[3] = lines[3].replace(/^[^,]+/, 'nan');
    lines[7] = lines[7].replace(/,[^,]+,/, ',inf,');
    const r = await parseFiles([file('a.txt', utf8(lines.join('\n')))]);
    const c = r.data as PointCloud;
    expect(r.droppedNonFinite).toBe(2);
    expect(c.positions.length).toBe((1024 - 2) * 3);
    expect(c.normals!.length).toBe((1024 - 2) * 3);
    expect(r.warnings).toContain('2 points with NaN or infinite coordinates were dropped');
    const original = (await parseFiles([file('airplane_0001.txt')])).data as PointCloud;
    expect(Array.from(c.normals!.slice(9, 12))).toEqual(Array.from(original.normals!.slice(12, 15)));
  });

  it('drops the faces of a dropped mesh vertex and keeps the groups consistent', async () => {
    const text = fixtureText('chair_362f53ee.obj');
    let v = 0;
    const broken = text.replace(/^v .*$/gm, (l) => (++v === 1 ? 'v nan 0 0' : l));
    const before = (await parseFiles([file('chair_362f53ee.obj')])).data as Mesh;
    const r = await parseFiles([file('c.obj', utf8(broken))]);
    const m = r.data as Mesh;
    expect(r.droppedNonFinite).toBe(1);
    expect(m.positions.length).toBe(before.positions.length - 3);
    const usingFirst = Array.from({ length: before.indices.length / 3 }, (_, t) => t).filter((t) => [0, 1, 2].some((k) => before.indices[t * 3 + k] === 0)).length;
    expect(m.indices.length).toBe(before.indices.length - usingFirst * 3);
    expect(Math.max(...m.indices)).toBeLessThan(m.positions.length / 3);
    expect(m.groups.reduce((s, g) => s + g.count, 0)).toBe(m.indices.length);
    // the chair's faces are triangles, so the faces kept are the triangles kept
    expect(m.faceCount).toBe(before.faceCount - usingFirst);
    expect(r.warnings).toContain(`1 point with NaN or infinite coordinates was dropped, with ${usingFirst} faces that used it`);
  });

  it('counts the faces of a polygon mesh that lost a vertex as the triangles left, and says so', async () => {
    // the chair with its first two triangles made one quad (their corners a b c and the second's last), whose first corner is not a number
    const lines = fixtureText('chair_362f53ee.obj').split('\n');
    const [first, second] = lines.flatMap((l, i) => (l.startsWith('f ') ? [i] : []));
    const quadCorner = lines[second].trim().split(/\s+/)[3];
    lines[first] = `${lines[first].trim()} ${quadCorner}`;
    lines.splice(second, 1);
    const corner = Number(lines[first].split(/\s+/)[1].split('/')[0]);
    let v = 0;
    const quads = lines.map((l) => (l.startsWith('v ') && ++v === corner ? 'v nan 0 0' : l)).join('\n');
    const whole = (await parseFiles([file('q.obj', utf8(lines.join('\n')))])).data as Mesh;
    expect(whole.faceCount).toBe(whole.indices.length / 3 - 1);
    const r = await parseFiles([file('q.obj', utf8(quads))]);
    const m = r.data as Mesh;
    const lost = (whole.indices.length - m.indices.length) / 3;
    expect(lost).toBeGreaterThan(1);
    expect(m.faceCount).toBe(m.indices.length / 3);
    expect(r.warnings).toContain(`1 point with NaN or infinite coordinates was dropped, with ${lost} triangles of its polygons that used it; its faces are now counted as the ${m.indices.length / 3} triangles left`);
  });

  it('shows a mesh without faces as points, with a warning', async () => {
    const off = fixtureText('bathtub_0002.off').split('\n');
    const r = await parseFiles([file('b.off', utf8(['OFF', '700 0 0', ...off.slice(2, 702)].join('\n')))]);
    expect(r.data.kind).toBe('points');
    expect(r.data.positions.length).toBe(2100);
    expect(r.warnings).toContain('has no faces, so it is shown as points');
  });

  for (const name of ['shapenetpart_04225987_1ad8d757.txt', 'flower_pot.pcd', 'bathtub_0002.off', 'chair_362f53ee.obj']) {
    it(`reports progress up to 1 while reading ${name}`, async () => {
      const seen: number[] = [];
      await parseFiles([file(name)], { onProgress: (f) => seen.push(f) });
      expect(seen.length).toBeGreaterThan(2);
      expect(seen.at(-1)).toBe(1);
      expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    });
  }

  it('reports progress while reading a binary PLY', async () => {
    const scan = await scanFixture();
    const seen: number[] = [];
    await parseFiles([{ name: 'scan.ply', bytes: writePly(scan) }], { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['empty.ply', new Uint8Array(0), /^empty\.ply is empty$/],
    ['notes.md', utf8('# notes\nnot a cloud\n'), /notes\.md is not in a format pointlens reads \(\.ply .*\.pcd .*\.las .*\)/],
    ['zero.ply', utf8('ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\nproperty float z\nend_header\n'), /zero\.ply has no points$/],
    ['allnan.xyz', utf8('nan 1 2\n3 inf 4\n'), /has no points with finite coordinates \(2 had NaN/],
    ['latin1.xyz', new Uint8Array([0x31, 0x20, 0x32, 0x20, 0x33, 0x20, 0xe9, 0x0a]), /latin1\.xyz line 1: "1 2 3 é" is neither numbers nor a header/],
    ['binary.obj', new Uint8Array([0x76, 0x20, 0x31, 0x20, 0x32, 0x20, 0x33, 0x00, 0x0a]), /binary\.obj is not a text OBJ file: it contains binary data/],
    ['trunc.off', utf8('OFF\n3 1 0\n0.25 0.25 0.25\n1.25 0.25 0.25\n'), /trunc\.off is truncated: it ends after 2 of the 3 vertices/],
    ['past.off', utf8('OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 5\n'), /past\.off face 1 refers to vertex 5, but there are only 3 vertices/],
    ['huge.ply', utf8('ply\nformat binary_little_endian 1.0\nelement vertex 2147483648\nproperty float x\nproperty float y\nproperty float z\nend_header\n'), /huge\.ply declares 2,147,483,648 vertex elements/],
  ];
  for (const [name, bytes, message] of bad) {
    it(`refuses ${name} with a clear InputError`, async () => {
      const p = parseFiles([{ name, bytes }]);
      await expect(p).rejects.toBeInstanceOf(InputError);
      await expect(p).rejects.toThrow(message);
    });
  }

  it('refuses companions given alone', async () => {
    await expect(parseFiles([file('scene0000_00_sem_label.npy')])).rejects.toThrow('scene0000_00_sem_label.npy is taken by its name for the labels of scene0000_00_vert.npy: open it together with scene0000_00_vert.npy, or rename it');
    await expect(parseFiles([file('chair_362f53ee.mtl')])).rejects.toThrow(/only companion files/);
    await expect(parseFiles([])).rejects.toThrow(/No file/);
  });
});
