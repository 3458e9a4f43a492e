import { describe, expect, it } from 'vitest';
import { parseObj } from '../../../src/core/io/obj';
import type { Mesh } from '../../../src/core/types';
import { fixture, fixtureText, utf8 } from './helpers';

const companions = [{ name: 'chair_362f53ee.mtl', bytes: fixture('chair_362f53ee.mtl') }];

describe('parseObj', () => {
  const text = fixtureText('chair_362f53ee.obj');

  it('reads the ShapeNet chair: vertices as listed, triangles, folded normals, groups with MTL colours', () => {
    const r = parseObj(fixture('chair_362f53ee.obj'), { companions });
    const m = r.data as Mesh;
    expect(m.positions.length).toBe(136 * 3);
    expect(m.faceCount).toBe(358);
    expect(m.indices.length).toBe(358 * 3);
    expect(m.normals!.length).toBe(136 * 3);
    const n0 = Math.hypot(m.normals![0], m.normals![1], m.normals![2]);
    expect(n0).toBeCloseTo(1, 5);
    expect(m.groups[0]).toMatchObject({ name: 'stützlatte_quer_2_ID4', material: 'material', start: 0, count: 6, color: [0.960784, 1, 0.337255] });
    expect(m.groups.reduce((s, g) => s + g.count, 0)).toBe(m.indices.length);
    expect(m.groups.find((g) => g.material === 'material_1')!.color).toEqual([0.670588, 0.690196, 0.8]);
    expect(r.upAxis).toBe('y');
  });

  it('keeps the groups without colours when no MTL is given, and says which file it names', () => {
    const r = parseObj(fixture('chair_362f53ee.obj'));
    const m = r.data as Mesh;
    expect(m.groups.length).toBeGreaterThan(1);
    expect(m.groups.every((g) => g.color === undefined)).toBe(true);
    expect(r.warnings).toEqual(["names its materials' file chair_362f53ee.mtl, which is missing: its parts are shown without their colours (open chair_362f53ee.mtl together with it)"]);
    expect(parseObj(fixture('chair_362f53ee.obj'), { companions }).warnings).toEqual([]);
  });

  it('resolves negative indices, v/vt/vn corners, quads and per-vertex colours the same as the original', () => {
    const original = parseObj(fixture('chair_362f53ee.obj')).data as Mesh;
    const lines = text.split('\n');
    let v = 0;
    // rewrite every face with indices relative to the vertices read so far, and join consecutive
    // triangle pairs that share an edge (a, b, c) (a, c, d) into a quad a b c d
    const out: string[] = [];
    for (const l of lines) {
      if (l.startsWith('v ')) {
        v++;
        out.push(`${l} 0.5 0.25 1`);
      } else if (l.startsWith('f ')) {
        const corners = l.slice(2).trim().split(/\s+/).map((c) => c.split('/').map(Number));
        out.push('f ' + corners.map(([p, , n]) => `${p - v - 1}/1/${n}`).join(' '));
      } else out.push(l);
    }
    out.unshift('vt 0.5');
    const m = parseObj(utf8(out.join('\n'))).data as Mesh;
    expect(m.indices).toEqual(original.indices);
    expect(Array.from(m.colors!.slice(0, 3))).toEqual([128, 64, 255]);
    expect(Array.from(m.uvs!.slice(0, 2))).toEqual([0.5, 0]);
    const quad = parseObj(utf8(lines.filter((l) => l.startsWith('v ')).join('\n') + '\nf 1 2 3 4\nf 5/1 6/1 7/1 8/1 9/1\n'.replace(/\/1/g, ''))).data as Mesh;
    expect(Array.from(quad.indices)).toEqual([0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7, 4, 7, 8]);
    expect(quad.faceCount).toBe(2);
  });

  it('leaves out, with a warning, faces of fewer than 3 vertices', () => {
    const lines = text.split('\n');
    const faces = lines.filter((l) => l.startsWith('f ')).length;
    const firstFace = lines.findIndex((l) => l.startsWith('f '));
    // the chair's first face cut to its first two corners, then to its first one
    const cut = (keep: number) => lines[firstFace].trim().split(/\s+/).slice(0, 1 + keep).join(' ');
    const one = parseObj(utf8([...lines.slice(0, firstFace), cut(2), ...lines.slice(firstFace)].join('\n')));
    expect((one.data as Mesh).faceCount).toBe(faces);
    expect((one.data as Mesh).indices.length).toBe(faces * 3);
    expect(one.warnings).toContain(`has 1 face of fewer than 3 vertices, on line ${firstFace + 1}; a face needs 3, so it was left out`);
    const two = parseObj(utf8([...lines.slice(0, firstFace), cut(2), cut(1), ...lines.slice(firstFace)].join('\n')));
    expect((two.data as Mesh).faceCount).toBe(faces);
    expect(two.warnings).toContain(`has 2 faces of fewer than 3 vertices, the first on line ${firstFace + 1}; a face needs 3, so they were left out`);
  });

  it('says which face points past the vertex list', () => {
    expect(() => parseObj(utf8('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n'))).toThrow(/line 4: a face refers to vertex 4, but only 3 are defined/);
    expect(() => parseObj(utf8('v 0 0 0\nf -2 1 1\n'))).toThrow(/vertex -2, but only 1 is defined before it/);
    expect(() => parseObj(utf8('# nothing\n'))).toThrow(/no vertices/);
    expect(() => parseObj(utf8('v 0 0 0\n12 13\n'))).toThrow(/"12" is not an OBJ statement/);
  });

  it('joins a line ending in a backslash to the next, as the spec continues a long statement, and names the lines as the file numbers them', () => {
    const r = parseObj(utf8('v 0 0 0\r\nv 1 0 0\r\nv 0 1 0\r\nv 1 1 \\\r\n  0\r\nf 1 2 \\\n 4 \\\n 3\nmtllib C:\\models\\quad.mtl\n'));
    const m = r.data as Mesh;
    expect(Array.from(m.positions)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]);
    expect(m.faceCount).toBe(1);
    expect(Array.from(m.indices)).toEqual([0, 1, 3, 0, 3, 2]);
    expect(() => parseObj(utf8('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 \\\n2 3\nf 1 2 9\n'))).toThrow(/^line 6: a face refers to vertex 9/);
  });
});
