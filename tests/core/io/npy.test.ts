import { describe, expect, it } from 'vitest';
import { parseNpyArray, parseNpyCloud } from '../../../src/core/io/npy';
import type { PointCloud } from '../../../src/core/types';
import { concat, fixture, npy, utf8 } from './helpers';

const vert = () => fixture('scene0000_00_vert.npy');
const sem = { name: 'scene0000_00_sem_label.npy', bytes: fixture('scene0000_00_sem_label.npy') };
const ins = { name: 'scene0000_00_ins_label.npy', bytes: fixture('scene0000_00_ins_label.npy') };

describe('npy', () => {
  it('reads the ScanNet arrays: float32 (2000, 6), uint32 labels', () => {
    const a = parseNpyArray(vert());
    expect(a.shape).toEqual([2000, 6]);
    expect(a.dtype).toBe('f4');
    expect(parseNpyArray(sem.bytes).dtype).toBe('u4');
  });

  it('turns a _vert.npy with its label siblings into a z-up cloud with label and instance fields', () => {
    const r = parseNpyCloud(vert(), { name: 'scene0000_00_vert.npy', companions: [sem, ins] });
    const c = r.data as PointCloud;
    const a = parseNpyArray(vert()).data;
    expect(c.positions.length).toBe(6000);
    expect(Array.from(c.positions.slice(0, 3))).toEqual(Array.from(a.slice(0, 3)));
    expect(Array.from(c.colors!.slice(0, 3))).toEqual(Array.from(a.slice(3, 6)));
    expect(c.fields.label).toBeInstanceOf(Int32Array);
    expect(Array.from(c.fields.label)).toEqual(Array.from(parseNpyArray(sem.bytes).data));
    expect(Array.from(c.fields.instance)).toEqual(Array.from(parseNpyArray(ins.bytes).data));
    expect(r.upAxis).toBe('z');
    expect(r.warnings).toEqual([]);
  });

  it('reads float64 points and int64 labels, and warns about siblings that do not fit', () => {
    const a = parseNpyArray(vert()).data;
    const f8 = npy('<f8', [2000, 6], Float64Array.from(a));
    const labels = parseNpyArray(sem.bytes).data;
    const i8 = npy('<i8', [2000], BigInt64Array.from(Array.from(labels), (v) => BigInt(v)));
    const r = parseNpyCloud(f8, { name: 'x_vert.npy', companions: [{ name: 'x_sem_label.npy', bytes: i8 }, { name: 'y_ins_label.npy', bytes: ins.bytes }] });
    const c = r.data as PointCloud;
    expect(c.positions).toEqual(parseNpyCloud(vert(), { name: 'a.npy', companions: [] }).data.positions);
    expect(Array.from(c.fields.label)).toEqual(Array.from(labels));
    expect(r.warnings).toEqual(['y_ins_label.npy does not belong to x_vert.npy; its labels were not used']);
    const short = npy('<u4', [10], Uint32Array.from(labels.slice(0, 10)));
    const w = parseNpyCloud(vert(), { name: 'scene0000_00_vert.npy', companions: [{ name: 'scene0000_00_ins_label.npy', bytes: short }] });
    expect(w.warnings?.[0]).toMatch(/holds 10 labels .* for 2000 points/);
  });

  it('refuses 1-D arrays, truncated data and non-number types', () => {
    expect(() => parseNpyCloud(sem.bytes, { name: 'scene0000_00_sem_label.npy', companions: [] })).toThrow(/shape \(2000\), not a point cloud.*label file/);
    expect(() => parseNpyArray(vert().subarray(0, 5000))).toThrow(/truncated: its header declares shape \(2000, 6\)/);
    expect(() => parseNpyArray(npy('<U4', [1, 3], new Uint8Array(48)))).toThrow(/not a number type/);
  });

  it('quotes no more than a short piece of a header that repeats itself (found by fuzzing: a 1209-character message)', () => {
    const junk = "\x93NUMPY\x01\x00v{'descr': '<f4', 'fortran_order': False, 's".repeat(20);
    const header = utf8(`{'descr': '<f4', 'fortran_order': False, 'shape': (2000${junk}, 6), }\n`);
    const pre = new Uint8Array(10);
    pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(pre.buffer).setUint16(8, header.length, true);
    let message = '';
    try {
      parseNpyArray(concat(pre, header));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^has a bad NumPy shape \(2000.*…\)$/);
    expect(message.length).toBeLessThan(200);
  });
});
