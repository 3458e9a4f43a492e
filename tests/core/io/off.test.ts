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
    expect(() => parseOff(utf8('OFF\n2000000000 1 0\n0 0 0\n'))).toThrow(/declares 2000000000 vertices/);
    const lines = text.split('\n');
    expect(() => parseOff(utf8(lines.slice(0, 400).join('\n')))).toThrow(/truncated: it ends after 398 of the 700 vertices/);
    expect(() => parseOff(utf8(lines.slice(0, 702).join('\n') + '\n3 0 1 700\n'))).toThrow(/face 1 refers to vertex 700, but there are only 700/);
    expect(() => parseOff(utf8('OFF BINARY\n'))).toThrow(/binary OFF/);
  });
});
