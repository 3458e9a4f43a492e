import { describe, expect, it } from 'vitest';
import { parseOff, offLoader } from '../../../src/core/io/off';
import type { Mesh } from '../../../src/core/types';
import { fixture, fixtureText, scanFixture, utf8 } from './helpers';

describe('parseOff', () => {
  const text = fixtureText('bathtub_0002.off');

  it('reads the ModelNet bathtub: 700 vertices, 664 triangles, y-up', () => {
    const r = parseOff(fixture('bathtub_0002.off'));
    const m = r.data as Mesh;
    expect(m.positions.length).toBe(700 * 3);
    expect(m.faceCount).toBe(664);
    expect(m.indices.length).toBe(664 * 3);
    expect(Array.from(m.positions.slice(0, 3))).toEqual([9.289563, 25.596109, 9.625].map(Math.fround));
    const lastFace = text.trim().split('\n').at(-1)!.trim().split(/\s+/).slice(1).map(Number);
    expect(Array.from(m.indices.slice(-3))).toEqual(lastFace);
    expect(r.upAxis).toBe('z');
  });

  it('warns that faces after those its header declares were not read', () => {
    const r = parseOff(utf8(text.replace(/^OFF\n700 664 0/, 'OFF\n700 662 0')));
    expect((r.data as Mesh).faceCount).toBe(662);
    expect(r.warnings).toEqual(['has 2 more lines of values after the 662 faces its header declares; they were not read']);
    expect(parseOff(utf8(text.replace(/^OFF\n700 664 0/, 'OFF\n700 663 0'))).warnings).toEqual(['has 1 more line of values after the 663 faces its header declares; it was not read']);
    expect(parseOff(fixture('bathtub_0002.off')).warnings).toEqual([]);
  });

  it("points at the header's vertex count where faces run past it", () => {
    // one vertex fewer declared: the last vertex line is read as the first face
    expect(() => parseOff(utf8(text.replace(/^OFF\n700 664 0/, 'OFF\n699 664 0')))).toThrow(
      /^line 702: face 1 has a bad vertex count "[-\d.]+"; the header's vertex count \(699\) is likely too low, so that a vertex was read as face 1$/,
    );
    // the bathtub in whole tens of its units: its last vertex, "0 2 1", reads as a face of no vertex, and the faces after it run past the count
    const lines = text.split('\n');
    const whole = lines.map((l, i) => (i >= 2 && i < 702 ? l.trim().split(/\s+/).map((v) => Math.round(Number(v) / 10)).join(' ') : l));
    whole[1] = '699 665 0';
    expect(whole[701]).toBe('0 2 1');
    const firstUse = whole.slice(702).findIndex((l) => l.trim().split(/\s+/).slice(1).includes('699'));
    expect(() => parseOff(utf8(whole.join('\n')))).toThrow(`face ${firstUse + 2} refers to vertex 699, but there are only 699 vertices (0-based); the header's vertex count (699) is likely too low, so that a vertex was read as face 1`);
  });

  it('accepts the header glued to the counts, as in several ModelNet files', () => {
    const glued = utf8(text.replace(/^OFF\n700 664 0/, 'OFF700 664 0'));
    expect(offLoader.sniff(glued)).toBe(true);
    const m = parseOff(glued).data as Mesh;
    expect(m.positions).toEqual((parseOff(fixture('bathtub_0002.off')).data as Mesh).positions);
    expect(m.faceCount).toBe(664);
  });

  it('reads COFF colours (0..255 and 0..1) and NOFF normals, and triangulates polygons as fans', async () => {
    const scan = await scanFixture();
    const n = 5;
    const verts = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => `${Array.from(scan.positions.slice(i * 3, i * 3 + 3)).join(' ')} ${f(i)}`);
    const rgb = (i: number) => Array.from(scan.colors!.slice(i * 3, i * 3 + 3));
    const coff = ['COFF', `${n} 1 0`, ...verts((i) => `${rgb(i).join(' ')} 255`), '5 0 1 2 3 4 0.5 0.5 0.5'].join('\n');
    const m = parseOff(utf8(coff)).data as Mesh;
    expect(m.colors).toEqual(scan.colors!.slice(0, n * 3));
    expect(Array.from(m.indices)).toEqual([0, 1, 2, 0, 2, 3, 0, 3, 4]);
    expect(m.faceCount).toBe(1);
    const unit = ['COFF', `${n} 0 0`, ...verts((i) => rgb(i).map((v) => (v + 0.25) / 255).join(' '))].join('\n');
    expect((parseOff(utf8(unit)).data as Mesh).colors).toEqual(scan.colors!.slice(0, n * 3));
    const noff = ['NOFF', `${n} 0 0`, ...verts(() => '0 0 1')].join('\n');
    expect(Array.from((parseOff(utf8(noff)).data as Mesh).normals!.slice(0, 3))).toEqual([0, 0, 1]);
  });

  it('says what is wrong with broken files', () => {
    expect(() => parseOff(utf8('PLY\n'))).toThrow(/not an OFF file/);
    expect(() => parseOff(utf8('OFF\n'))).toThrow(/no valid vertex and face counts/);
    expect(() => parseOff(utf8('OFF\n2000000000 1 0\n0 0 0\n'))).toThrow(/declares 2,000,000,000 vertices and 1 face, but only \d+ bytes follow/);
    const lines = text.split('\n');
    expect(() => parseOff(utf8(lines.slice(0, 400).join('\n')))).toThrow(/truncated: it ends after 398 of the 700 vertices/);
    expect(() => parseOff(utf8(lines.slice(0, 702).join('\n') + '\n3 0 1 700\n'))).toThrow(/face 1 refers to vertex 700, but there are only 700 vertices \(0-based\)$/);
    expect(() => parseOff(utf8('OFF\n1 1 0\n0 0 0\n3 0 0 1\n'))).toThrow('face 1 refers to vertex 1, but there is only 1 vertex (0-based)');
    expect(() => parseOff(utf8('OFF BINARY\n'))).toThrow(/binary OFF/);
  });

  it("gives each vertex the mean colour of the faces about it where the faces are coloured (0..255 or 0..1), and says so", () => {
    // a tetrahedron whose four faces are red, green, blue and grey; vertex 0 is on the first three
    const tetra = (colors: string[]) => ['OFF', '4 4 0', '0 0 0', '1 0 0', '0 1 0', '0 0 1', ...['3 0 1 2', '3 0 1 3', '3 0 2 3', '3 1 2 3'].map((f, i) => `${f} ${colors[i]}`)].join('\n');
    const r = parseOff(utf8(tetra(['255 0 0', '0 255 0', '0 0 255 255', '30 60 90 # grey'])));
    expect(Array.from((r.data as Mesh).colors!)).toEqual([85, 85, 85, 95, 105, 30, 95, 20, 115, 10, 105, 115]);
    expect(r.warnings).toEqual(['colours its faces, not its vertices: each vertex was given the mean colour of the faces about it']);
    const fractions = parseOff(utf8(tetra(['1 0 0', '0 1 0', '0 0 1', '0.2 0.4 0.6'])));
    expect(Array.from((fractions.data as Mesh).colors!.slice(9))).toEqual([17, 119, 136]);
    // a colour map's index is no colour; vertices' own colours are kept, the faces' said to be left
    expect((parseOff(utf8(tetra(['1', '2', '3', '4']))).data as Mesh).colors).toBeUndefined();
    const both = parseOff(utf8(['COFF', '3 1 0', '0 0 0 1 2 3', '1 0 0 1 2 3', '0 1 0 1 2 3', '3 0 1 2 200 0 0'].join('\n')));
    expect(Array.from((both.data as Mesh).colors!)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(both.warnings).toEqual(["colours its faces as well as its vertices: the vertices' colours were read, the faces' were not"]);
  });
});
