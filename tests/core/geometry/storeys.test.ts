// Where a scan of several storeys is cut: real ScanNet rooms stacked 3.5 m apart, floor to floor, as
// storeys of one building; the rooms alone, and a room with a stray point far over it, are not cut.
import { describe, expect, it } from 'vitest';
import { estimateLevelling, levelledPositions } from '../../../src/core/geometry/levelling';
import { STOREY_SEARCH_HEIGHT, storeyCuts } from '../../../src/core/geometry/storeys';
import { lowestZ, sampleRoom, stackedPositions } from '../../fixtures/seg/stackedRooms';

async function room(name: string): Promise<Float32Array> {
  const { positions } = await sampleRoom(name);
  return levelledPositions(positions, estimateLevelling(positions));
}

describe('storeys', () => {
  it('leaves a single room alone', async () => {
    for (const name of ['scene0007_00.ply', 'scene0008_00.ply', 'scene0009_00.ply']) expect(storeyCuts(await room(name)).cuts).toEqual([]);
  });

  it('cuts two rooms one over the other in the empty band between them, under the upper floor', async () => {
    const [a, b] = [await room('scene0007_00.ply'), await room('scene0008_00.ply')];
    const { floor, cuts } = storeyCuts(stackedPositions([a, b]));
    expect(floor).toBe(lowestZ(a));
    expect(cuts).toHaveLength(1);
    // above every point of the lower room and under every point of the upper one
    const top = a.filter((_, i) => i % 3 === 2).reduce((x, y) => Math.max(x, y), -Infinity);
    expect(cuts[0]).toBeGreaterThan(top);
    expect(cuts[0]).toBeLessThanOrEqual(floor + 3.5);
  });

  it('cuts three storeys, a short partial scan on top among them', async () => {
    const rooms = [await room('scene0007_00.ply'), await room('scene0008_00.ply'), await room('scene0009_00.ply')];
    const { floor, cuts } = storeyCuts(stackedPositions(rooms));
    expect(cuts.map((c) => Math.round((c - floor) * 10) / 10)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(cuts[0] - floor).toBeGreaterThan(3);
    expect(cuts[1] - cuts[0]).toBeCloseTo(3.5, 0);
  });

  it('does not cut under a few stray points far over a room, however tall that makes the scan', async () => {
    const a = await room('scene0008_00.ply');
    const withStrays = new Float32Array(a.length + 30);
    withStrays.set(a);
    for (let k = 0; k < 10; k++) withStrays.set([k * 0.1, 0, lowestZ(a) + 12], a.length + 3 * k);
    expect(storeyCuts(withStrays).cuts).toEqual([]);
  });

  it('searches only scans taller than a room', async () => {
    const [a, b] = [await room('scene0009_00.ply'), await room('scene0009_00.ply')];
    // two short partial scans 2.5 m apart: under the search height from floor to top
    const low = stackedPositions([a, b], 2.5);
    const z = low.filter((_, i) => i % 3 === 2);
    expect(Math.max(...z) - Math.min(...z)).toBeLessThan(STOREY_SEARCH_HEIGHT);
    expect(storeyCuts(low).cuts).toEqual([]);
  });
});
