import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { notS3dis13, withS3disLabel } from '../../../src/core/ml/s3disTruth';
import { scannet20FromNyu40 } from '../../../src/core/ml/scannetLabels';

const room = new URL('../../fixtures/io/Area_6_office_1/', import.meta.url);
const read = async () =>
  (await parseFiles(['coord', 'color', 'segment'].map((a) => ({ name: `${a}.npy`, bytes: new Uint8Array(readFileSync(new URL(`${a}.npy`, room))) })))).data;

describe('S3DIS classes read as ScanNet truth', () => {
  it("maps a real room's segment field: floor, wall, window, door, table, chair, sofa and bookcase scored, the rest ignored", async () => {
    const data = await read();
    const fields = withS3disLabel(data.fields);
    if (typeof fields === 'string') throw new Error(fields);
    expect(fields.segment).toBe(data.fields.segment);
    const truth = scannet20FromNyu40(fields.label);
    // S3DIS id -> ScanNet-20 index (wall 0, floor 1, chair 4, sofa 5, table 6, door 7, window 8, bookshelf 9)
    const expected: Record<number, number> = { 1: 1, 2: 0, 5: 8, 6: 7, 7: 6, 8: 4, 9: 5, 10: 9 };
    const segment = data.fields.segment;
    for (let i = 0; i < segment.length; i++) expect(truth[i]).toBe(expected[segment[i]] ?? -1);
    // the room holds both kinds: scored classes and ceiling / clutter
    expect(truth.some((t) => t === -1)).toBe(true);
    expect(truth.some((t) => t >= 0)).toBe(true);
  });

  it('says why a field is no S3DIS segment: a value past 12, a fraction, or no segment field at all', () => {
    expect(notS3dis13(Int32Array.from([0, 12, -1]))).toBeUndefined();
    expect(notS3dis13(Int32Array.from([0, 13]))).toMatch(/holds 13 at point 2, and S3DIS's 13 classes are numbered 0 to 12/);
    expect(notS3dis13(Float32Array.from([1.5]))).toMatch(/holds 1.5 at point 1/);
    expect(withS3disLabel({ segment: Int16Array.from([40]) })).toMatch(/holds 40/);
    expect(withS3disLabel({ label: Uint16Array.from([1]) })).toMatch(/has no `segment` field/);
  });
});
