import { describe, expect, it } from 'vitest';
import { parseObj } from '../../../src/core/io/obj';
import { parseOff } from '../../../src/core/io/off';
import { parsePcd } from '../../../src/core/io/pcd';
import { parsePly } from '../../../src/core/io/ply';
import { PointStream } from '../../../src/core/io/recordStream';
import { openRecords } from '../../../src/core/io/streamFormats';
import { inFileCoordinates, offsetFrom, originNear, pointInFile, sceneOrigin } from '../../../src/core/io/shift';
import { parseNpyCloud, npyHeaderOf } from '../../../src/core/io/npy';
import { npyRecords } from '../../../src/core/io/npyRecords';
import { npy } from './helpers';
import { writePly } from '../../../src/core/io/writePly';
import type { PointCloud } from '../../../src/core/types';

describe('survey coordinates kept relative to an origin', () => {
  it('takes an origin only where a coordinate lies beyond 8.4 km of zero (where a float keeps less than a millimetre), on every axis, to whole units', () => {
    expect(originNear([3.2, -8.7, 1.1])).toBeUndefined();
    expect(originNear([8388, 0, 0])).toBeUndefined();
    expect(originNear([8389.2, 0, 0])).toEqual([8389, 0, 0]);
    expect(originNear([512345.6, 4123456.4, 118.7])).toEqual([512346, 4123456, 119]);
    expect(originNear([-20000.2, 5, 0])).toEqual([-20000, 5, 0]);
    expect(originNear([NaN, 4e6, 0])).toBeUndefined();
  });

  it('puts kept positions back in the file coordinates, and layers of two origins side by side', () => {
    expect(Array.from(inFileCoordinates(new Float32Array([0.25, -1.5, 2, 1, 1, 1]), [500000, 4000000, 100]))).toEqual([500000.25, 3999998.5, 102, 500001, 4000001, 101]);
    expect(pointInFile([1, 2, 3], undefined)).toEqual([1, 2, 3]);
    expect(pointInFile([1, 2, 3], [10, 20, 30])).toEqual([11, 22, 33]);
    expect(offsetFrom([500010, 4000000, 100], '+z', sceneOrigin([500000, 4000005, 100], '+z'))).toEqual([10, -5, 0]);
    expect(offsetFrom(undefined, '+z', sceneOrigin([500000, 0, 0], '+z'))).toEqual([-500000, 0, 0]);
    // a y-up export of the same survey (x east, y up, z south) beside the z-up tile: 10 east, 5 north and 2 up of it, along its own axes
    expect(offsetFrom([500010, 102, -4000010], '+y', sceneOrigin([500000, 4000005, 100], '+z'))).toEqual([10, 2, -5]);
  });

  it('writes kept positions as doubles in the file coordinates, which a binary PLY reads back to the millimetre', () => {
    const origin: [number, number, number] = [512345, 4123456, 118];
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array([0.001, 0.002, 0.003, 2.5, -3.25, 1.75, -0.4, 0.6, 2.9]), fields: {} };
    const bytes = writePly(cloud, {}, { origin });
    expect(new TextDecoder().decode(bytes.subarray(0, 120))).toContain('property double x');
    const back = parsePly(bytes);
    // the first vertex's neighbourhood: (512345.001, 4123456.002, 118.003) to whole units
    expect(back.origin).toEqual(origin);
    expect(back.warnings).toEqual([`coordinates are kept relative to (${origin.join(', ')}), its first vertex, to keep millimetres; the panels and exports add it back`]);
    back.data.positions.forEach((v, i) => expect(Math.abs(v - cloud.positions[i])).toBeLessThan(1e-6));
    // written without the origin, the same floats come back as they are
    expect(parsePly(writePly(cloud)).origin).toBeUndefined();
  });

  it('keeps a streamed binary PLY about the same first vertex as a PLY read whole', () => {
    const origin: [number, number, number] = [512345, 4123456, 118];
    const cloud: PointCloud = { kind: 'points', positions: Float32Array.from({ length: 300 }, (_, i) => ((i * 7919) % 1000) / 997 - 0.5), fields: {} };
    const bytes = writePly(cloud, {}, { origin });
    const whole = parsePly(bytes);
    const opening = openRecords(bytes, bytes.length);
    if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('a cloud of doubles streams');
    const stream = new PointStream(opening.records);
    stream.push(bytes);
    const streamed = stream.finish();
    expect(streamed.origin).toEqual(whole.origin);
    expect(streamed.origin).toBeDefined();
    expect(Array.from(streamed.data.positions)).toEqual(Array.from(whole.data.positions));
    streamed.data.positions.forEach((v, i) => expect(Math.abs(v + streamed.origin![i % 3] - (cloud.positions[i] + origin[i % 3]))).toBeLessThan(1e-6));
  });

  it('keeps a PCD of doubles to the millimetre about the middle of its points, and one within 8 km of zero as it is', () => {
    const pcd = (xyz: number[]) => {
      const n = xyz.length / 3;
      const head = new TextEncoder().encode(`VERSION .7\nFIELDS x y z\nSIZE 8 8 8\nTYPE F F F\nCOUNT 1 1 1\nWIDTH ${n}\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS ${n}\nDATA binary\n`);
      const out = new Uint8Array(head.length + 8 * xyz.length);
      out.set(head);
      new DataView(out.buffer).setFloat64(head.length, 0, true);
      xyz.forEach((v, i) => new DataView(out.buffer).setFloat64(head.length + 8 * i, v, true));
      return out;
    };
    const utm = Array.from({ length: 30 }, (_, i) => [500000, 4500000, 100][i % 3] + i * 0.001);
    const r = parsePcd(pcd(utm));
    expect(r.origin).toEqual([500000, 4500000, 100]);
    expect(r.warnings).toEqual(['coordinates are kept relative to (500000, 4500000, 100), the middle of its points, to keep millimetres; the panels and exports add it back']);
    r.data.positions.forEach((v, i) => expect(v + r.origin![i % 3]).toBeCloseTo(utm[i], 6));
    // 8,000 units out is near enough to keep as it is: a float still keeps a millimetre there
    const near = parsePcd(pcd([8000, 8000, 1, 8000.5, 8000.5, 2]));
    expect(near.origin).toBeUndefined();
    expect(near.warnings).toEqual([]);
  });

  it('keeps a text mesh in survey coordinates (OBJ, OFF) to the millimetre, about its first vertex', () => {
    const corners = [[512345.123, 4123456.001, 118.5], [512345.124, 4123456.002, 118.5], [512345.123, 4123456.003, 119.25]];
    const obj = parseObj(new TextEncoder().encode(`${corners.map((c) => `v ${c.join(' ')}`).join('\n')}\nf 1 2 3\n`));
    const off = parseOff(new TextEncoder().encode(`OFF\n3 1 0\n${corners.map((c) => c.join(' ')).join('\n')}\n3 0 1 2\n`));
    for (const r of [obj, off]) {
      expect(r.origin).toEqual([512345, 4123456, 119]);
      expect(r.warnings).toEqual(['coordinates are kept relative to (512345, 4123456, 119), its first vertex, to keep millimetres; the panels and exports add it back']);
      corners.flat().forEach((v, i) => expect(r.data.positions[i] + r.origin![i % 3]).toBeCloseTo(v, 5));
    }
    expect(parseObj(new TextEncoder().encode('v 1 2 3\nv 2 3 4\nv 1 3 5\nf 1 2 3\n')).origin).toBeUndefined();
  });

  describe('a survey whose first point has a coordinate that is no number (a dropped return)', () => {
    // (NaN, NaN, NaN) first, then 40 points of a survey at (500000, 4000000, 100) a millimetre apart
    const survey = Array.from({ length: 120 }, (_, i) => [500000.123, 4000000.456, 100][i % 3] + Math.floor(i / 3) * 0.001);
    const rows = [NaN, NaN, NaN, ...survey];
    const expectSurvey = (r: { origin?: number[]; data: { positions: Float32Array } }) => {
      // kept about the first whole point, so each comes back to the millimetre and the map's z reads as up
      expect(r.origin).toEqual([500000, 4000000, 100]);
      // the reader keeps the first point as it is: loading drops it
      const kept = r.data.positions.subarray(3);
      expect(kept.length).toBe(survey.length);
      kept.forEach((v, i) => expect(Math.abs(v + r.origin![i % 3] - survey[i])).toBeLessThan(1e-4));
    };
    const binaryPly = () => {
      const head = new TextEncoder().encode(`ply\nformat binary_little_endian 1.0\nelement vertex ${rows.length / 3}\nproperty double x\nproperty double y\nproperty double z\nend_header\n`);
      const out = new Uint8Array(head.length + 8 * rows.length);
      out.set(head);
      rows.forEach((v, i) => new DataView(out.buffer).setFloat64(head.length + 8 * i, v, true));
      return out;
    };

    it('keeps a binary PLY, read whole or streamed, about its first whole vertex', () => {
      const bytes = binaryPly();
      expectSurvey(parsePly(bytes));
      const opening = openRecords(bytes, bytes.length);
      if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('a cloud of doubles streams');
      const stream = new PointStream(opening.records);
      stream.push(bytes);
      expectSurvey(stream.finish());
    });

    it('keeps an ASCII PLY about its first whole vertex', () => {
      const lines = Array.from({ length: rows.length / 3 }, (_, i) => rows.slice(3 * i, 3 * i + 3).join(' '));
      const text = `ply\nformat ascii 1.0\nelement vertex ${lines.length}\nproperty double x\nproperty double y\nproperty double z\nend_header\n${lines.join('\n')}\n`;
      expectSurvey(parsePly(new TextEncoder().encode(text)));
    });

    it('keeps an NPY of doubles, read whole or streamed, about its first whole row', () => {
      const bytes = npy('<f8', [rows.length / 3, 3], Float64Array.from(rows));
      expectSurvey(parseNpyCloud(bytes, { name: 'survey.npy', companions: [] }));
      const stream = new PointStream(npyRecords(npyHeaderOf(bytes)!, bytes.length));
      stream.push(bytes);
      expectSurvey(stream.finish());
    });

    it('keeps an OBJ about its first whole vertex', () => {
      const text = Array.from({ length: rows.length / 3 }, (_, i) => `v ${rows.slice(3 * i, 3 * i + 3).join(' ')}`).join('\n');
      expectSurvey(parseObj(new TextEncoder().encode(text)));
    });
  });
});
