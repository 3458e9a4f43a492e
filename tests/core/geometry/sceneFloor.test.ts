// The floor the segmenter measures heights from, on a real ScanNet scan: its lowest point as
// recorded, and the same height with stray points below it, so that one glitch cannot move every
// point's height (it took the held-out scans' mean IoU from 0.27 to 0.14 when it could).
import { describe, expect, it } from 'vitest';
import { BLOCK_FEATURES, buildBlocks, writeBlockFeatures } from '../../../src/core/geometry/blocks';
import { localShape } from '../../../src/core/geometry/localShape';
import { FLOOR_BAND, anchoredGridOrigin, floorOf, floorSupport, gridOrigin } from '../../../src/core/geometry/sceneFloor';
import { lowestZ, sampleRoom } from '../../fixtures/seg/stackedRooms';

const scan = () => sampleRoom('scene0008_00.ply');

/** The cloud with `extra` points appended below (or anywhere), each [x, y, z]. */
function withPoints(positions: Float32Array, extra: number[][]): Float32Array {
  const out = new Float32Array(positions.length + 3 * extra.length);
  out.set(positions);
  extra.forEach((p, k) => out.set(p, positions.length + 3 * k));
  return out;
}

describe('the scene floor', () => {
  it("is a recorded scan's lowest point", async () => {
    const { positions } = await scan();
    expect(floorOf(positions, lowestZ(positions))).toBe(lowestZ(positions));
  });

  it('stays where it was under a few stray points below, but moves to a large enough surface below', async () => {
    const { positions } = await scan();
    const floor = lowestZ(positions);
    const n = positions.length / 3;
    // the support of the cloud with them added: one point short of it, and just enough
    const k = floorSupport(n + 100);
    expect(floorSupport(n + k - 1)).toBe(k);
    expect(floorSupport(n + k)).toBe(k);
    const strays = Array.from({ length: k - 1 }, (_, i) => [i * 0.01, 0, floor - 2]);
    const stray = withPoints(positions, strays);
    expect(floorOf(stray, lowestZ(stray))).toBe(floor);
    // as many points as the support, within the band: a surface, which is taken as the floor
    const surface = withPoints(positions, [...strays, [0, 0, floor - 2 + FLOOR_BAND / 2]]);
    expect(floorOf(surface, lowestZ(surface))).toBe(Math.fround(floor - 2));
  });

  it('is the lowest height with enough points within the band above it, however the points lie', () => {
    // the definition over all heights sorted, against clouds with strays, steps and clusters below
    const reference = (positions: Float32Array): number => {
      const z = Float64Array.from({ length: positions.length / 3 }, (_, i) => positions[3 * i + 2]).sort();
      const k = floorSupport(z.length);
      for (let i = 0; i + k <= z.length; i++) if (z[i + k - 1] - z[i] <= FLOOR_BAND) return z[i];
      return z[0];
    };
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1001 + Math.floor(random() * 5000);
      const spread = [0.05, 0.5, 3, 40][trial % 4];
      const positions = Float32Array.from({ length: 3 * n }, (_, i) => (i % 3 === 2 ? (random() < 0.01 ? -random() * 10 : random() * spread) : random()));
      expect(floorOf(positions, lowestZ(positions))).toBe(reference(positions));
    }
  });

  it('needs no support in a cloud of fewer than a thousand points', () => {
    const few = Float32Array.from([0, 0, -5, 1, 1, 0, 2, 2, 0.05]);
    expect(floorSupport(3)).toBe(1);
    expect(floorOf(few, -5)).toBe(-5);
  });

  it("anchors voxel grids on the floor, lowered by whole voxels to the lowest point", () => {
    expect(gridOrigin([1, 2, -0.5], -0.5)).toEqual([1, 2, -0.5]);
    const [, , z] = gridOrigin([1, 2, -2.53], -0.5);
    expect(z).toBeCloseTo(-0.5 - 2.1, 12);
    const cloud = Float32Array.from({ length: 3 * 2000 }, (_, i) => (i % 3 === 2 ? 0 : (i * 0.37) % 5));
    expect(anchoredGridOrigin(cloud)).toEqual([0, expect.any(Number), 0]);
  });

  it('gives every other point the features it had without a stray point 2 m below the floor', async () => {
    const cloud = await scan();
    const { positions, colors } = cloud;
    const stray = withPoints(positions, [[positions[0], positions[1], lowestZ(positions) - 2]]);
    const strayColors = new Uint8Array(stray.length);
    strayColors.set(colors!);
    const F = BLOCK_FEATURES.length;
    const features = (p: Float32Array, c: Uint8Array) => {
      const blocks = buildBlocks(p, { size: 1.5, stride: 0.75 });
      const origin = anchoredGridOrigin(p);
      const idx = Int32Array.from({ length: 50 }, (_, i) => i * 997);
      const out = new Float32Array(F * idx.length);
      writeBlockFeatures({ positions: p, colors: c, shape: localShape(p, origin), room: blocks.room, features: F }, [0, 0], idx, 0, idx.length, out, 0, 'BNC');
      return out;
    };
    expect(features(stray, strayColors)).toEqual(features(positions, colors!));
  });
});
