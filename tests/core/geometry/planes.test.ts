import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultMinPoints, findPlanes, planeAttitude, PLANE_SPACINGS, PLANES_BY_DEFAULT } from '../../../src/core/geometry/planes';
import { FLOOR_BAND, floorOf } from '../../../src/core/geometry/sceneFloor';
import { parseFiles } from '../../../src/core/io';
import { createRng } from '../../../src/core/random';

const SCAN = new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url);

async function read(url: URL): Promise<Float32Array> {
  return (await parseFiles([{ name: url.pathname.split('/').pop()!, bytes: new Uint8Array(readFileSync(url)) }])).data.positions;
}

const NOISE = 0.004;
const FLOOR_POINTS = 3_000;
const SLOPE_POINTS = 2_000;
const SLOPE_DEGREES = 30;

/**
 * Two planes with Gaussian noise of NOISE across them, apart from each other: a level one at z = 0.5
 * over 4 x 4, then one 4 x 4 across rising SLOPE_DEGREES towards -x (so it falls to the east, +x).
 */
function twoPlanes(seed = 3): Float32Array {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const out = new Float32Array(3 * (FLOOR_POINTS + SLOPE_POINTS));
  for (let i = 0; i < FLOOR_POINTS; i++) out.set([4 * rng(), 4 * rng(), 0.5 + NOISE * gauss()], 3 * i);
  const t = (SLOPE_DEGREES * Math.PI) / 180;
  const normal = [Math.sin(t), 0, Math.cos(t)];
  for (let i = 0; i < SLOPE_POINTS; i++) {
    const u = 4 * rng(), v = 4 * rng(), e = NOISE * gauss();
    // along the slope (cos t, 0, -sin t) and across it (y), from (8, 0, 3)
    const p = [8 + u * Math.cos(t), v, 3 - u * Math.sin(t)];
    out.set([p[0] + e * normal[0], p[1], p[2] + e * normal[2]], 3 * (FLOOR_POINTS + i));
  }
  return out;
}

const angleBetween = (a: readonly number[], b: readonly number[]) => (Math.acos(Math.min(1, Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180) / Math.PI;

describe('findPlanes', () => {
  it('finds both planes of a noisy two-plane cloud, with their normals, tilt, dip direction and noise', () => {
    const found = findPlanes(twoPlanes(), { up: '+z' });
    expect(found.planes.length).toBe(2);
    const [level, slope] = found.planes;
    expect(angleBetween(level.normal, [0, 0, 1])).toBeLessThan(0.5);
    expect(level.normal[2]).toBeGreaterThan(0);
    expect(level).toMatchObject({ orientation: 'horizontal', dipDirection: expect.any(Number) });
    expect(Math.abs(-level.offset - 0.5)).toBeLessThan(0.002);
    expect(level.points).toBeGreaterThan(0.99 * FLOOR_POINTS);
    expect(level.points).toBeLessThanOrEqual(FLOOR_POINTS);
    expect(level.rms).toBeGreaterThan(0.7 * NOISE);
    expect(level.rms).toBeLessThan(1.3 * NOISE);
    expect(level.extent[0]).toBeGreaterThan(3.9);
    expect(level.extent[1]).toBeGreaterThan(3.9);

    const t = (SLOPE_DEGREES * Math.PI) / 180;
    expect(angleBetween(slope.normal, [Math.sin(t), 0, Math.cos(t)])).toBeLessThan(0.5);
    expect(slope.orientation).toBe('sloped');
    expect(Math.abs(slope.tilt - SLOPE_DEGREES)).toBeLessThan(0.5);
    // it falls towards +x, the east
    expect(Math.abs(slope.dipDirection - 90)).toBeLessThan(0.5);
    expect(slope.points).toBeGreaterThan(0.99 * SLOPE_POINTS);
    expect(slope.extent[0]).toBeGreaterThan(3.9);
    expect(slope.extent[1]).toBeGreaterThan(3.9);

    // each point is labelled with its plane, 1 first
    const counts = [0, 0, 0];
    for (const l of found.labels) counts[l === -1 ? 0 : l]++;
    expect(counts).toEqual([FLOOR_POINTS + SLOPE_POINTS - level.points - slope.points, level.points, slope.points]);
    for (let i = 0; i < FLOOR_POINTS; i++) expect(found.labels[i]).not.toBe(2);
    expect(found).toMatchObject({ maxPlanes: PLANES_BY_DEFAULT, minPoints: defaultMinPoints(FLOOR_POINTS + SLOPE_POINTS) });
    expect(found.distance).toBeCloseTo(PLANE_SPACINGS * found.spacing, 9);
  });

  it('gives the same planes for the same seed, and stops at the number of planes asked for', () => {
    const cloud = twoPlanes();
    const a = findPlanes(cloud, { seed: 7 });
    const b = findPlanes(cloud, { seed: 7 });
    expect(b.planes).toEqual(a.planes);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    const one = findPlanes(cloud, { maxPlanes: 1, distance: 0.02 });
    expect(one.planes.length).toBe(1);
    expect(one.distance).toBe(0.02);
    // a smallest plane larger than the sloped one leaves it out
    expect(findPlanes(cloud, { minPoints: SLOPE_POINTS + 1 }).planes.length).toBe(1);
  });

  it('keeps a plane to its largest connected piece: two level squares at one height, 5 apart, are two planes, near 0 or 20,000 from it', () => {
    for (const at of [0, 20_000]) {
      const rng = createRng(5);
      const big = 2_000, small = 1_200;
      const cloud = new Float32Array(3 * (big + small));
      for (let i = 0; i < big; i++) cloud.set([at + 4 * rng(), 4 * rng(), 1], 3 * i);
      for (let i = 0; i < small; i++) cloud.set([at + 9 + 3 * rng(), 3 * rng(), 1], 3 * (big + i));
      const found = findPlanes(cloud, { distance: 0.01 });
      expect(found.planes.map((p) => p.points)).toEqual([big, small]);
      expect(found.planes[0].extent[0]).toBeLessThan(4);
      expect(Array.from(found.labels.subarray(0, big)).every((l) => l === 1)).toBe(true);
      expect(Array.from(found.labels.subarray(big)).every((l) => l === 2)).toBe(true);
    }
  });

  it('reads tilt and dip direction against the up axis given: +y up turns north onto -z', () => {
    const a = planeAttitude([0.5, Math.sqrt(3) / 2, 0], '+y');
    expect(a.tilt).toBeCloseTo(30, 6);
    expect(a.dipDirection).toBeCloseTo(90, 6);
    const b = planeAttitude([0, -Math.sqrt(3) / 2, 0.5], '+y');
    // turned to the up side, (0, 0.87, -0.5): it falls towards -z, the north
    expect(b.normal[1]).toBeGreaterThan(0);
    expect(b.dipDirection).toBeCloseTo(0, 6);
    expect(planeAttitude([1, 0, 0], '+z')).toMatchObject({ orientation: 'vertical', tilt: 90, dipDirection: 90 });
  });

  it('finds a real ScanNet room\'s floor level at its floor\'s height first, and its walls upright', async () => {
    const positions = await read(SCAN);
    const found = findPlanes(positions, { up: '+z' });
    expect(found.planes.length).toBe(PLANES_BY_DEFAULT);
    const [floor] = found.planes;
    expect(floor.orientation).toBe('horizontal');
    expect(floor.tilt).toBeLessThan(1);
    let lowest = Infinity;
    for (let i = 2; i < positions.length; i += 3) lowest = Math.min(lowest, positions[i]);
    // the floor is the lowest height with a band of points above it; the plane runs through their middle
    const floorHeight = floorOf(positions, lowest);
    expect(floor.centre[2]).toBeGreaterThanOrEqual(floorHeight);
    expect(floor.centre[2] - floorHeight).toBeLessThan(FLOOR_BAND);
    expect(floor.points).toBeGreaterThan(0.1 * positions.length / 3);
    const walls = found.planes.filter((p) => p.orientation === 'vertical');
    expect(walls.length).toBeGreaterThanOrEqual(2);
    for (const w of walls) expect(w.tilt).toBeGreaterThan(85);
    // two walls square to each other, as a room's are
    expect(walls.some((w) => walls.some((v) => Math.abs(angleBetween(w.normal, v.normal) - 90) < 5))).toBe(true);
    // a real floor's points scatter about its plane rather than bend across it
    expect(floor.curved).toBe(false);
  });

  it('marks each flat band RANSAC cuts from a cylinder as curved, and the planes of a flat noisy cloud as not', () => {
    const rng = createRng(3);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    // 8,000 points over a column of radius 0.5 and height 1, with 2 mm of noise across its surface
    const column = new Float32Array(3 * 8_000);
    for (let i = 0; i < 8_000; i++) {
      const t = 2 * Math.PI * rng(), r = 0.5 + 0.002 * gauss();
      column.set([r * Math.cos(t), r * Math.sin(t), rng()], 3 * i);
    }
    const bands = findPlanes(column, { up: '+z' }).planes;
    expect(bands.length).toBe(PLANES_BY_DEFAULT);
    for (const band of bands) expect(band).toMatchObject({ orientation: 'vertical', curved: true });
    expect(findPlanes(twoPlanes(), { up: '+z' }).planes.map((p) => p.curved)).toEqual([false, false]);
  });

  it('refuses a cloud of fewer than 3 points, a point with no position, and a threshold, size, count or seed it cannot use', () => {
    expect(() => findPlanes(new Float32Array(6))).toThrow('a plane needs 3 points or more, and the cloud has 2');
    expect(() => findPlanes(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, NaN, 0]))).toThrow('point 4 has no finite position (NaN)');
    const cloud = twoPlanes();
    expect(() => findPlanes(cloud, { distance: 0 })).toThrow('the distance threshold must be a number above 0, not 0');
    expect(() => findPlanes(cloud, { distance: -1 })).toThrow('above 0, not -1');
    expect(() => findPlanes(cloud, { distance: NaN })).toThrow(/^the distance threshold must be a number above 0$/);
    expect(() => findPlanes(cloud, { minPoints: 2 })).toThrow('the smallest plane must be a whole number of 3 points or more, not 2');
    expect(() => findPlanes(cloud, { maxPlanes: 0 })).toThrow('the planes to find must be a whole number from 1 to 64, not 0');
    expect(() => findPlanes(cloud, { maxPlanes: 2.5 })).toThrow('not 2.5');
    expect(() => findPlanes(cloud, { seed: -1 })).toThrow('the seed must be a whole number');
  });

  it('stops when asked, saying it was cancelled', () => {
    const abort = new AbortController();
    abort.abort();
    expect(() => findPlanes(twoPlanes(), { signal: abort.signal })).toThrow('plane search cancelled');
  });
});
