// The unit a room scan is read in: a held-out ScanNet scan as recorded (metres), and written in
// centimetres and millimetres, alone and stacked as storeys of a building.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { METRES, inMetres, sceneUnit } from '../../../src/core/geometry/sceneUnits';

async function room(): Promise<Float32Array> {
  const r = await parseFiles([{ name: 'scene0008_00.ply', bytes: new Uint8Array(readFileSync(new URL('../../../samples/scannet/scene0008_00.ply', import.meta.url))) }]);
  return r.data.positions;
}

const scaled = (p: Float32Array, s: number) => p.map((v) => v * s);

/** `storeys` copies of the room, each floor 3.5 m (in the room's unit) over the last. */
function building(p: Float32Array, storeys: number, storey: number): Float32Array {
  const out = new Float32Array(p.length * storeys);
  for (let k = 0; k < storeys; k++) out.set(p.map((v, i) => (i % 3 === 2 ? v + k * storey : v)), k * p.length);
  return out;
}

describe('sceneUnit', () => {
  it('reads a room scan in the unit it was written in', async () => {
    const p = await room();
    expect(sceneUnit(p)).toBe(METRES);
    expect(sceneUnit(scaled(p, 100))).toEqual({ unit: 'cm', scale: 0.01 });
    expect(sceneUnit(scaled(p, 1000))).toEqual({ unit: 'mm', scale: 0.001 });
  });

  it('reads a building of several storeys in its unit too', async () => {
    const p = await room();
    expect(sceneUnit(building(scaled(p, 100), 3, 350))).toEqual({ unit: 'cm', scale: 0.01 });
    expect(sceneUnit(building(scaled(p, 1000), 5, 3500))).toEqual({ unit: 'mm', scale: 0.001 });
    expect(sceneUnit(building(p, 6, 3.5))).toBe(METRES);
  });

  it('reads a partial scan of a room, lower than a storey, in centimetres too', async () => {
    const p = await room();
    const kept: number[] = [];
    for (let i = 0; i < p.length; i += 3) if (p[i + 2] < 1.2) kept.push(p[i], p[i + 1], p[i + 2]);
    expect(sceneUnit(scaled(Float32Array.from(kept), 100))).toEqual({ unit: 'cm', scale: 0.01 });
  });

  it('leaves in metres what no unit makes a room or a building: a scan 100 km tall', async () => {
    const p = await room();
    expect(sceneUnit(scaled(p, 100_000 / 3.3))).toBe(METRES);
  });

  it('reads a scan in the unit its file declares, whatever its height', async () => {
    const p = await room();
    expect(sceneUnit(scaled(p, 1 / 0.3048), 'ft')).toEqual({ unit: 'ft', scale: 0.3048, declared: true });
    // a scan 330 m tall is read in centimetres, unless its file says it is in metres
    const tower = scaled(p, 100);
    expect(sceneUnit(tower).unit).toBe('cm');
    expect(sceneUnit(tower, 'm')).toBe(METRES);
  });

  it('gives positions in metres, the same array where they already are', async () => {
    const p = await room();
    expect(inMetres(p, METRES)).toBe(p);
    const mm = scaled(p, 1000);
    const back = inMetres(mm, sceneUnit(mm));
    for (let i = 0; i < p.length; i += 997) expect(back[i]).toBeCloseTo(p[i], 4);
  });
});
