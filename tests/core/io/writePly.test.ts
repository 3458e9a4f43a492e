import { describe, expect, it } from 'vitest';
import { parsePly } from '../../../src/core/io/ply';
import { parseXyz } from '../../../src/core/io/xyz';
import { writePly } from '../../../src/core/io/writePly';
import { PointStream } from '../../../src/core/io/recordStream';
import { openRecords } from '../../../src/core/io/streamFormats';
import type { PointCloud } from '../../../src/core/types';
import { fixture, scanFixture } from './helpers';

describe('writePly', () => {
  it('round-trips positions, colours and every field with its type, plus extra fields', async () => {
    const scan = await scanFixture();
    scan.fields.confidence = Float64Array.from(scan.fields.label, (v) => v / 41);
    scan.fields.tiny = Int8Array.from(scan.fields.instance, (v) => -v);
    const predicted = Uint16Array.from(scan.fields.label, (v) => 40 - v);
    const bytes = writePly(scan, { predicted });
    expect(new TextDecoder().decode(bytes.subarray(0, 40))).toMatch(/^ply\nformat binary_little_endian 1.0\n/);
    const back = parsePly(bytes).data as PointCloud;
    expect(back.positions).toEqual(scan.positions);
    expect(back.colors).toEqual(scan.colors);
    for (const name of ['label', 'instance', 'confidence', 'tiny']) {
      expect(back.fields[name]).toBeInstanceOf(scan.fields[name].constructor);
      expect(back.fields[name]).toEqual(scan.fields[name]);
    }
    expect(back.fields.predicted).toEqual(predicted);
  });

  it('writes a mesh with its triangles, which read back as the same faces', () => {
    const positions = Float32Array.of(0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0);
    const indices = Uint32Array.of(0, 1, 2, 2, 1, 3);
    const back = parsePly(writePly({ kind: 'mesh', positions, indices, faceCount: 2, groups: [], fields: {} }, { pred: Int32Array.of(1, 1, 2, 2) }));
    expect(back.data.kind).toBe('mesh');
    if (back.data.kind !== 'mesh') return;
    expect(back.data.indices).toEqual(indices);
    expect(back.data.positions).toEqual(positions);
    expect([...back.data.fields.pred]).toEqual([1, 1, 2, 2]);
  });

  it('states the up it is given in the header, read back whole and streamed; other comments state none', async () => {
    const scan = await scanFixture();
    const bytes = writePly(scan, {}, { up: '-y' });
    expect(new TextDecoder().decode(bytes.subarray(0, 120))).toContain('\ncomment pointlens up -y\n');
    expect(parsePly(bytes).statedUp).toBe('-y');
    const opening = openRecords(bytes, bytes.length);
    if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('expected a stream of records');
    const stream = new PointStream(opening.records);
    stream.push(bytes);
    expect(opening.records.statedUp).toBe('-y');
    expect(stream.finish().statedUp).toBe('-y');
    expect(parsePly(writePly(scan)).statedUp).toBeUndefined();
    const other = new TextEncoder().encode('ply\nformat ascii 1.0\ncomment pointlens up sideways\ncomment up +z\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n');
    expect(parsePly(other).statedUp).toBeUndefined();
  });

  it('states the unit and coordinate system its source declared, read back whole and streamed; a unit it does not know is not read', async () => {
    const scan = await scanFixture();
    const crs = 'PROJCS["NAD83 / Ohio North (ftUS)",\n  UNIT["US survey foot",0.3048006096012192]]';
    const bytes = writePly(scan, {}, { up: '+z', unit: 'ftUS', crs });
    const header = new TextDecoder().decode(bytes.subarray(0, 300));
    expect(header).toContain('\ncomment pointlens unit ftUS\n');
    expect(header).toContain('\ncomment pointlens crs PROJCS["NAD83 / Ohio North (ftUS)", UNIT["US survey foot",0.3048006096012192]]\n');
    const whole = parsePly(bytes);
    expect(whole.unit).toBe('ftUS');
    expect(whole.crs).toBe('PROJCS["NAD83 / Ohio North (ftUS)", UNIT["US survey foot",0.3048006096012192]]');
    const opening = openRecords(bytes, bytes.length);
    if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('expected a stream of records');
    const stream = new PointStream(opening.records);
    stream.push(bytes);
    expect(stream.finish()).toMatchObject({ unit: 'ftUS', crs: whole.crs });
    const plain = parsePly(writePly(scan));
    expect(plain.unit).toBeUndefined();
    expect(plain.crs).toBeUndefined();
    const odd = new TextEncoder().encode('ply\nformat ascii 1.0\ncomment pointlens unit furlong\ncomment pointlens unit toString\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n');
    expect(parsePly(odd).unit).toBeUndefined();
  });

  it('names the classes of its label fields in the header, read back for the fields it has, whole and streamed', async () => {
    const scan = await scanFixture();
    const classes = [{ id: 0, name: 'wall', color: [174, 199, 232] as [number, number, number] }, { id: 20, name: 'shower curtain', color: [1, 2, 3] as [number, number, number] }];
    const pred = Int32Array.from(scan.fields.label, (v) => v % 21);
    const bytes = writePly(scan, { pred }, { classes: { pred: classes, gone: classes } });
    const whole = parsePly(bytes);
    expect(whole.data.fieldClasses).toEqual({ pred: classes });
    const opening = openRecords(bytes, bytes.length);
    if (!opening || opening === 'whole' || 'laz' in opening) throw new Error('expected a stream of records');
    const stream = new PointStream(opening.records);
    stream.push(bytes);
    expect(stream.finish().data.fieldClasses).toEqual({ pred: classes });
    // written again, a cloud keeps naming its own fields' classes
    expect(parsePly(writePly(whole.data)).data.fieldClasses).toEqual({ pred: classes });
    const odd = new TextEncoder().encode('ply\nformat ascii 1.0\ncomment pointlens class pred 1 300 0 0 red\ncomment pointlens class pred x 1 2 3 y\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\nproperty int pred\nend_header\n0 0 0 1\n');
    expect(parsePly(odd).data.fieldClasses).toBeUndefined();
  });

  it('round-trips normals', () => {
    const c = parseXyz(fixture('airplane_0001.txt')).data as PointCloud;
    const back = parsePly(writePly(c)).data as PointCloud;
    expect(back.normals).toEqual(c.normals);
  });

  it('refuses fields of the wrong length or with unusable names', async () => {
    const scan = await scanFixture();
    expect(() => writePly(scan, { short: new Float32Array(3) })).toThrow(/has 3 values for 2000 points/);
    expect(() => writePly(scan, { 'two words': new Float32Array(2000) })).toThrow(/cannot be a PLY property name/);
  });
});
