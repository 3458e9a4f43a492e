import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { heightProfile } from '../../../src/core/geometry/profile';
import { profileCsv } from '../../../src/core/io/profileCsv';

describe('profile CSV', () => {
  it("writes a row a point along the line, in the file's own coordinates, with its colour and its one-value fields", () => {
    const positions = new Float32Array([0.5, 0.1, 1.25, 2, -0.2, 0.75, 9, 9, 9]);
    const geometry = {
      positions,
      colors: new Uint8Array([255, 0, 0, 0, 128, 255, 1, 2, 3]),
      fields: { label: new Uint8Array([3, 5, 7]), 'odd,name': new Float32Array([0.5, 1.5, 2.5]), normal_pair: new Float32Array(6) },
    };
    const profile = heightProfile({ positions, up: '+z', line: [[0, 0, 0], [4, 0, 0]], width: 1, zero: -100 });
    const origin: [number, number, number] = [512_000, 4_100_000, 100];
    const rows = profileCsv(profile, geometry, origin).trim().split('\n');
    expect(rows[0]).toBe('distance,height,x,y,z,red,green,blue,label,"odd,name"');
    expect(rows.slice(1)).toEqual(['0.5,101.25,512000.5,4100000.1,101.25,255,0,0,3,0.5', '2,100.75,512002,4099999.8,100.75,0,128,255,5,1.5']);
  });

  it('reads back as the points it was written from (a file without colours or fields)', async () => {
    const positions = new Float32Array([0.1, 0, 0.3, 1.7, 0.05, 2.9, 3.3, -0.01, 0.123]);
    const profile = heightProfile({ positions, up: '+z', line: [[0, 0, 0], [5, 0, 0]], width: 0.5, zero: 0 });
    const csv = profileCsv(profile, { positions, fields: {} });
    expect(csv.split('\n')[0]).toBe('distance,height,x,y,z');
    // the CSV opens in pointlens itself: a cloud by its x, y, z, with its distance and height as fields
    const read = await parseFiles([{ name: 'profile.csv', bytes: new TextEncoder().encode(csv) }]);
    expect([...read.data.positions]).toEqual([...positions]);
    expect([...read.data.fields.distance]).toEqual([...Float32Array.from(profile.distances)]);
    expect([...read.data.fields.height]).toEqual([...Float32Array.from(profile.heights)]);
  });

  it("gives a profile of a profile CSV opened again its own distance and height, the file's under names of their own, and float32 values their shortest decimals", async () => {
    const positions = new Float32Array([0.1, 0, 0.3, 1.7, 0.05, 2.9]);
    const first = heightProfile({ positions, up: '+z', line: [[0, 0, 0], [5, 0, 0]], width: 0.5, zero: 0 });
    const opened = (await parseFiles([{ name: 'a.profile.csv', bytes: new TextEncoder().encode(profileCsv(first, { positions, fields: {} })) }])).data;
    // the second line starts where the first ends: its distances run the other way
    const second = heightProfile({ positions: opened.positions, up: '+z', line: [[5, 0, 0], [0, 0, 0]], width: 0.5, zero: 1 });
    const csv = profileCsv(second, opened);
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('distance,height,x,y,z,distance_field,height_field');
    // the file's fields read back: no digits a float32 does not hold
    expect(rows[1]).toBe('3.3,1.9,1.7,0.05,2.9,1.7,2.9');
    const again = (await parseFiles([{ name: 'a.profile.profile.csv', bytes: new TextEncoder().encode(csv) }])).data;
    second.distances.forEach((d, k) => expect(again.fields.distance[k]).toBeCloseTo(d, 6));
    second.heights.forEach((h, k) => expect(again.fields.height[k]).toBeCloseTo(h, 6));
    expect([...again.fields.distance_field]).toEqual([...opened.fields.distance].reverse());
  });
});
