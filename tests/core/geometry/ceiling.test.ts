// The ceiling found from the geometry, on real scans: a corner of an S3DIS office, whose truth marks
// its ceiling, and ScanNet rooms, whose scans stop short of theirs.
import { describe, expect, it } from 'vitest';
import { findCeiling } from '../../../src/core/geometry/ceiling';
import type { Geometry } from '../../../src/core/types';
import { sampleRoom } from '../../fixtures/seg/stackedRooms';
import { officeCorner } from '../../fixtures/seg/officeCorner';

const S3DIS_CEILING = 0;

/** The points whose `keep` holds, with their fields. */
function kept(g: Geometry, keep: (i: number) => boolean): Float32Array {
  const out: number[] = [];
  for (let i = 0; i < g.positions.length / 3; i++) if (keep(i)) out.push(g.positions[3 * i], g.positions[3 * i + 1], g.positions[3 * i + 2]);
  return Float32Array.from(out);
}

describe('findCeiling', () => {
  it("finds an S3DIS office's ceiling at its height, and takes mostly the points its truth calls ceiling", async () => {
    const office = await officeCorner();
    const segment = office.fields.segment!;
    const found = findCeiling(office.positions)!;
    expect(found).toBeDefined();
    // the office is 2.7 m high, floor to ceiling
    expect(found.height).toBeCloseTo(2.725, 3);
    expect(found.cover).toBeGreaterThan(0.8);
    let right = 0;
    let ceiling = 0;
    segment.forEach((c, i) => {
      if (c === S3DIS_CEILING) ceiling++;
      if (c === S3DIS_CEILING && found.points[i]) right++;
    });
    expect(found.count).toBe(found.points.reduce((n, v) => n + v, 0));
    expect(right / found.count).toBeGreaterThan(0.85);
    expect(right / ceiling).toBeGreaterThan(0.9);
  });

  it('finds none in the same office with its ceiling taken away, as a scan that stops short of it', async () => {
    const office = await officeCorner();
    expect(findCeiling(kept(office, (i) => office.fields.segment![i] !== S3DIS_CEILING))).toBeUndefined();
  });

  it("finds none in ScanNet rooms, whose high surfaces are a few cabinet tops and fragments", async () => {
    for (const name of ['scene0007_00.ply', 'scene0008_00.ply', 'scene0009_00.ply']) expect(findCeiling((await sampleRoom(name)).positions)).toBeUndefined();
  });

  it('finds none in a scan under 2 m high, or an empty one', () => {
    const low = new Float32Array(3000).map((_, i) => (i % 3 === 2 ? (i % 2) * 1.5 : (i % 97) / 20));
    expect(findCeiling(low)).toBeUndefined();
    expect(findCeiling(new Float32Array(0))).toBeUndefined();
  });
});
