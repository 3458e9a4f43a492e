// A region of a decimated LAS read again in full has the fields of the layer it refines: a LAS's
// fields from user data on are there only where some point's is not 0, which the region's points
// and the decimated layer's can answer differently.
import { describe, expect, it } from 'vitest';
import type { Bounds } from '../../../src/core/geometry/bounds';
import { lasHeaderOf } from '../../../src/core/io/lasHeader';
import { lasRecords } from '../../../src/core/io/lasRecords';
import { PointStream, type KeepRule } from '../../../src/core/io/recordStream';
import type { PointCloud } from '../../../src/core/types';
import { lasFile } from './helpers';

const N = 400;
/** points 200 on: the region read again */
const REGION: Bounds = { min: [1.995, -1, -1], max: [5, 1, 1] };
/** the one point with user data: inside the region, and not among every 4th point the layer keeps */
const USER_DATA_POINT = 201;

/** Points along x, 1 cm apart; a scan angle only on the first 100 (outside the region), user data on one point. */
function lineTile(): Uint8Array {
  const positions = Float32Array.from({ length: 3 * N }, (_, k) => (k % 3 === 0 ? (k / 3) * 0.01 : 0));
  const cloud: PointCloud = { kind: 'points', positions, fields: { instance: new Uint16Array(N), label: new Uint8Array(N) } };
  return lasFile(cloud, {
    minor: 4,
    format: 6,
    fill(dv, at, i) {
      dv.setUint8(at + 14, 0x11);
      if (i < 100) dv.setInt16(at + 18, 500 + i, true);
      if (i === USER_DATA_POINT) dv.setUint8(at + 17, 42);
    },
  });
}

function read(bytes: Uint8Array, keep: KeepRule, fields?: ReadonlySet<string>): PointCloud {
  const stream = new PointStream(lasRecords(lasHeaderOf(bytes)), keep);
  stream.push(bytes);
  return stream.finish(fields).data as PointCloud;
}

describe('a LAS region read again in full', () => {
  const bytes = lineTile();
  const layer = read(bytes, { every: 4 });
  const region = { every: 1, box: REGION, max: N };

  it('decides its fields by its own points when no layer is given (the layer and the region disagree)', () => {
    expect(Object.keys(layer.fields)).toContain('scan_angle');
    expect(Object.keys(layer.fields)).not.toContain('user_data');
    const own = read(bytes, region);
    expect(own.positions.length / 3).toBe(200);
    expect(Object.keys(own.fields)).not.toContain('scan_angle');
    expect(Object.keys(own.fields)).toContain('user_data');
  });

  it("has the fields of the layer it refines, in the layer's order: one the layer has is there (zeros where its points have none), one it lacks is left out", () => {
    const detail = read(bytes, region, new Set(Object.keys(layer.fields)));
    expect(Object.keys(detail.fields)).toEqual(Object.keys(layer.fields));
    expect(detail.fields.scan_angle).toBeInstanceOf(Float32Array);
    expect(Array.from(detail.fields.scan_angle)).toEqual(new Array(200).fill(0));
    expect(detail.fields.user_data).toBeUndefined();
  });
});
