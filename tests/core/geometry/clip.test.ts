import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { clipMask, countKept, keptPrint, keptGeometry, keptTriangles, type ClipBox } from '../../../src/core/geometry/clip';
import type { Geometry } from '../../../src/core/types';

async function fixture(name: string): Promise<Geometry> {
  const bytes = new Uint8Array(readFileSync(new URL(`../../fixtures/e2e/${name}`, import.meta.url)));
  return (await parseFiles([{ name, bytes }])).data;
}

const BOX: ClipBox = { center: [0.5, -0.2, 1], size: [2, 3, 1.2], keep: 'inside' };

/** Points of `positions` inside BOX, counted plainly. */
function insideBox(positions: Float32Array): number {
  let n = 0;
  for (let i = 0; i < positions.length; i += 3) {
    const [x, y, z] = [positions[i], positions[i + 1], positions[i + 2]];
    if (Math.abs(x - 0.5) <= 1 && Math.abs(y + 0.2) <= 1.5 && Math.abs(z - 1) <= 0.6) n++;
  }
  return n;
}

describe('clip', () => {
  it('keeps the points of a real room inside a box, or outside it', async () => {
    const room = await fixture('scene0000_00.ply');
    const inside = insideBox(room.positions);
    expect(inside).toBeGreaterThan(300);
    expect(countKept(clipMask(room.positions, { box: BOX, section: null }))).toBe(inside);
    expect(countKept(clipMask(room.positions, { box: { ...BOX, keep: 'outside' }, section: null }))).toBe(25_000 - inside);
  });

  it('cuts a horizontal section along any up axis, and with a box keeps what both keep', async () => {
    const room = await fixture('scene0000_00.ply');
    const p = room.positions;
    let below = 0;
    let belowInside = 0;
    for (let i = 0; i < p.length; i += 3) {
      if (p[i + 2] > 1.2) continue;
      below++;
      if (Math.abs(p[i] - 0.5) <= 1 && Math.abs(p[i + 1] + 0.2) <= 1.5 && Math.abs(p[i + 2] - 1) <= 0.6) belowInside++;
    }
    expect(countKept(clipMask(p, { box: null, section: { up: '+z', height: 1.2 } }))).toBe(below);
    expect(countKept(clipMask(p, { box: BOX, section: { up: '+z', height: 1.2 } }))).toBe(belowInside);
    // -z up: heights are -z, so "at most -1.2" keeps z >= 1.2
    let above = 0;
    for (let i = 2; i < p.length; i += 3) if (p[i] >= 1.2) above++;
    expect(countKept(clipMask(p, { box: null, section: { up: '-z', height: -1.2 } }))).toBe(above);
  });

  it('gives the kept points with their fields, and a mesh the triangles whose corners all stay', async () => {
    const room = await fixture('scene0000_00.ply');
    const mask = clipMask(room.positions, { box: BOX, section: null });
    const { geometry, kept } = keptGeometry(room, mask);
    expect(geometry.positions.length).toBe(kept.length * 3);
    for (const k of [0, Math.floor(kept.length / 2), kept.length - 1]) {
      const i = kept[k];
      expect([...geometry.positions.subarray(k * 3, k * 3 + 3)]).toEqual([...room.positions.subarray(i * 3, i * 3 + 3)]);
      expect(geometry.colors![k * 3 + 1]).toBe(room.colors![i * 3 + 1]);
      expect(geometry.fields.label[k]).toBe(room.fields.label[i]);
      expect(geometry.fields.instance[k]).toBe(room.fields.instance[i]);
    }

    const tub = await fixture('bathtub_0001.off');
    if (tub.kind !== 'mesh') throw new Error('the OFF fixture is a mesh');
    const cut = clipMask(tub.positions, { box: null, section: { up: '+z', height: 0 } });
    const tris = keptTriangles(tub.indices, cut);
    expect(tris.length).toBeGreaterThan(0);
    expect(tris.length).toBeLessThan(tub.indices.length);
    for (const v of tris) expect(tub.positions[v * 3 + 2]).toBeLessThanOrEqual(0);
    const part = keptGeometry(tub, cut);
    if (part.geometry.kind !== 'mesh') throw new Error('a mesh stays a mesh');
    expect(part.geometry.indices.length).toBe(tris.length);
    // the same triangles, through the new vertex numbers
    for (let t = 0; t < tris.length; t++) expect(part.kept[part.geometry.indices[t]]).toBe(tris[t]);
  });
});

describe('kept print', () => {
  it('is alike for alike masks, for no mask and one keeping all, and differs where other points are kept', () => {
    expect(keptPrint(Uint8Array.of(1, 0, 1), 3)).toBe(keptPrint(Uint8Array.of(1, 0, 1), 3));
    expect(keptPrint(null, 3)).toBe(keptPrint(Uint8Array.of(1, 1, 1), 3));
    expect(keptPrint(Uint8Array.of(1, 0, 1), 3)).not.toBe(keptPrint(Uint8Array.of(0, 1, 1), 3));
    expect(keptPrint(Uint8Array.of(1, 0, 1), 3)).not.toBe(keptPrint(null, 3));
  });
});
