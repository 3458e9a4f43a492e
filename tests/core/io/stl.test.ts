import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/core/io/detectFormat';
import { parseFiles } from '../../../src/core/io';
import { parseOff } from '../../../src/core/io/off';
import { joinCorners, parseStl, stlLoader } from '../../../src/core/io/stl';
import type { Mesh } from '../../../src/core/types';
import { concat, fixture, stlAscii, stlBinary, utf8 } from './helpers';

const bathtub = parseOff(fixture('bathtub_0002.off')).data as Mesh;

/** Each triangle as its three corner positions, so that meshes with other vertex numbering compare. */
function cornerTriples(m: Mesh): string[] {
  return Array.from({ length: m.indices.length / 3 }, (_, t) =>
    [0, 1, 2].map((c) => Array.from(m.positions.subarray(3 * m.indices[3 * t + c], 3 * m.indices[3 * t + c] + 3)).join(',')).join(' '),
  );
}

/** The distinct positions the OFF mesh's triangles use. */
function usedPositions(m: Mesh): number {
  return new Set(Array.from(m.indices, (i) => Array.from(m.positions.subarray(3 * i, 3 * i + 3)).join(','))).size;
}

describe('STL', () => {
  it('reads the binary ModelNet bathtub as its OFF mesh: every triangle, corners joined into shared vertices, z up', () => {
    const r = parseStl(fixture('bathtub_0002.stl'));
    const m = r.data as Mesh;
    expect(m.kind).toBe('mesh');
    expect(m.faceCount).toBe(664);
    expect(cornerTriples(m)).toEqual(cornerTriples(bathtub));
    // 1,992 corners become the vertices they share
    expect(m.positions.length / 3).toBe(usedPositions(bathtub));
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
  });

  it('reads the same mesh written as ASCII STL to the same vertices and triangles', () => {
    const ascii = parseStl(utf8(stlAscii(bathtub.positions, bathtub.indices))).data as Mesh;
    const binary = parseStl(fixture('bathtub_0002.stl')).data as Mesh;
    expect(ascii.positions).toEqual(binary.positions);
    expect(ascii.indices).toEqual(binary.indices);
    expect(ascii.groups).toEqual([]);
  });

  it('keeps an ASCII file in survey coordinates to the millimetre, relative to its first vertex, and says so', () => {
    const site = [512345.678, 4123456.789, 118.5];
    // the bathtub as a site model written in survey coordinates, each corner to a tenth of a millimetre
    const lines = ['solid site'];
    for (let t = 0; t < bathtub.indices.length / 3; t++) {
      lines.push('  facet normal 0 0 0', '    outer loop');
      for (let c = 0; c < 3; c++) lines.push(`      vertex ${[0, 1, 2].map((k) => (site[k] + bathtub.positions[3 * bathtub.indices[3 * t + c] + k]).toFixed(4)).join(' ')}`);
      lines.push('    endloop', '  endfacet');
    }
    lines.push('endsolid site');
    const far = parseStl(utf8(lines.join('\n')));
    const near = parseStl(utf8(stlAscii(bathtub.positions, bathtub.indices))).data as Mesh;
    const m = far.data as Mesh;
    expect(far.origin).toEqual([0, 1, 2].map((k) => Math.round(site[k] + bathtub.positions[3 * bathtub.indices[0] + k])));
    expect(far.warnings).toEqual([`coordinates are kept relative to (${far.origin!.join(', ')}), its first vertex, to keep millimetres; the panels and exports add it back`]);
    expect(m.indices).toEqual(near.indices);
    // as 32-bit floats at 4e6 they would be 0.25 m apart: relative to the origin, within the file's 0.1 mm
    m.positions.forEach((v, i) => expect(Math.abs(v + far.origin![i % 3] - (site[i % 3] + near.positions[i]))).toBeLessThan(2e-4));
  });

  it('reads a binary file whose header begins with "solid", as several exporters write it, by its size', () => {
    const m = parseStl(stlBinary(bathtub.positions, bathtub.indices, 'solid bathtub exported by a CAD program')).data as Mesh;
    expect(m.faceCount).toBe(664);
  });

  it('keeps the solids of an ASCII file as named parts', () => {
    const text = stlAscii(bathtub.positions, bathtub.indices, [['tub', 0], ['rim', 600]]);
    const m = parseStl(utf8(text)).data as Mesh;
    expect(m.groups).toEqual([
      { name: 'tub', start: 0, count: 600 * 3 },
      { name: 'rim', start: 600 * 3, count: 64 * 3 },
    ]);
  });

  it('splits a facet of four vertices into two triangles, and says so', () => {
    const quad = 'solid q\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 1 1 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid q\n';
    const r = parseStl(utf8(quad));
    const m = r.data as Mesh;
    expect(Array.from(m.indices)).toEqual([0, 1, 2, 0, 2, 3]);
    expect(m.positions.length).toBe(12);
    expect(r.warnings).toEqual(['1 facet held more than 3 vertices; it was split into triangles']);
  });

  it('joins corners at +0 and -0, and keeps corners apart that differ in one bit', () => {
    const corners = Float32Array.from([0, 1, 2, -0, 1, 2, 0, 1, Math.fround(2 + 2 ** -22)]);
    const { positions, indices } = joinCorners(corners);
    expect(Array.from(indices)).toEqual([0, 0, 1]);
    expect(positions.length).toBe(6);
  });

  it('refuses a binary file that declares more triangles than it holds, before reading them', () => {
    const whole = fixture('bathtub_0002.stl');
    expect(() => parseStl(whole.subarray(0, whole.length - 10))).toThrow(/declares 664 triangles, which take 33,284 bytes as binary STL, but the file holds 33,274: it is truncated or its header is wrong/);
    const lying = whole.slice();
    new DataView(lying.buffer).setUint32(80, 4_000_000_000, true);
    expect(() => parseStl(lying)).toThrow(/declares 4,000,000,000 triangles/);
    expect(() => parseStl(new Uint8Array(40))).toThrow(/too few for a binary STL's header/);
  });

  it('reads a binary file with bytes after its triangles, and says how many were not read', () => {
    const r = parseStl(concat(fixture('bathtub_0002.stl'), new Uint8Array(7)));
    expect((r.data as Mesh).faceCount).toBe(664);
    expect(r.warnings).toEqual(['has 7 bytes after the 664 triangles its header declares; they were not read']);
  });

  it('says where an ASCII file goes wrong', () => {
    const text = stlAscii(bathtub.positions, bathtub.indices.subarray(0, 6));
    expect(() => parseStl(utf8(text.slice(0, text.lastIndexOf('endloop'))))).toThrow(/is truncated: it ends inside facet 2/);
    expect(() => parseStl(utf8(text.replace('outer loop', 'outer lopp')))).toThrow(/line 3: "lopp" is not part of ASCII STL/);
    expect(() => parseStl(utf8(text.replace(/vertex (\S+) (\S+) (\S+)/, 'vertex $1 $2')))).toThrow(/line 4: a vertex with fewer than 3 coordinates/);
    expect(() => parseStl(utf8(text.replace(/vertex (\S+) (\S+) (\S+)/, 'vertex $1 $2 $3 1')))).toThrow(/line 4: a vertex with more than 3 coordinates/);
    expect(() => parseStl(utf8('solid empty\nendsolid empty\n'))).toThrow(/holds no triangles/);
    expect(() => parseStl(utf8('solid s\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\nendfacet\n'))).toThrow(/facet 1 has 2 vertices; a triangle needs 3/);
  });

  it('is found by its extension, ASCII STL by its words and binary STL by a size that fits its count where the name says nothing', () => {
    const ascii = utf8(stlAscii(bathtub.positions, bathtub.indices.subarray(0, 3)));
    expect(detectFormat('part.stl', fixture('bathtub_0002.stl'))).toBe('stl');
    expect(detectFormat('PART.STL', ascii)).toBe('stl');
    expect(detectFormat('part', ascii)).toBe('stl');
    expect(stlLoader.sniff(fixture('bathtub_0002.stl'))).toBe(true);
    // a byte more than its triangles: no longer told from any other binary file
    expect(stlLoader.sniff(concat(fixture('bathtub_0002.stl'), new Uint8Array(1)))).toBe(false);
  });

  it('drops corners that are not numbers with their triangles, and counts them, as every reader does', async () => {
    const positions = bathtub.positions.slice();
    positions[3 * bathtub.indices[0]] = NaN;
    const r = await parseFiles([{ name: 'bathtub.stl', bytes: stlBinary(positions, bathtub.indices) }]);
    expect(r.droppedNonFinite).toBe(1);
    const m = r.data as Mesh;
    const uses = Array.from(bathtub.indices).filter((i) => i === bathtub.indices[0]).length;
    expect(m.indices.length / 3).toBe(664 - uses);
    expect(m.faceCount).toBe(664 - uses);
    expect(r.warnings).toContain(`1 point with NaN or infinite coordinates was dropped, with ${uses} faces that used it`);
  });
});
