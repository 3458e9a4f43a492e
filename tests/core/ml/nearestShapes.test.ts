// The nearest training shapes from the classifier's bank similarities, and the bank file's checks.
import { describe, expect, it } from 'vitest';
import { namedRows, nearestRows, parseShapeBank, shapeLabel, sourceName } from '../../../src/core/ml/nearestShapes';
import type { BankContract } from '../../../src/core/ml/manifest';

const contract = (rows: number): BankContract => ({ outputName: 'bank_similarity', file: 'classifier_bank.json', bytes: 100, rows });
const row = (label: string, i: number) => ({ class: label, source: 'modelnet40', shape: `${label}/${label}_${String(i).padStart(4, '0')}`, view: 0 });

describe('nearestRows', () => {
  it('ranks rows by cosine distance, nearest first, and keeps k of them', () => {
    const near = nearestRows(Float32Array.from([0.1, 0.9, -0.5, 0.95, 0.3]), 1, 5, 3);
    expect(near.map((n) => n.row)).toEqual([3, 1, 4]);
    expect(near[0].distance).toBeCloseTo(0.05, 6);
    expect(near[2].distance).toBeCloseTo(0.7, 6);
  });

  it("averages a row's distance over the views, as the open-set score averages each view's", () => {
    // row 0 is nearest in the first view only, row 1 in both on average
    const near = nearestRows(Float32Array.from([1.0, 0.8, 0.0, 0.2, 0.9, 0.0]), 2, 3, 2);
    expect(near.map((n) => n.row)).toEqual([1, 0]);
    expect(near[0].distance).toBeCloseTo(0.15, 6);
    expect(near[1].distance).toBeCloseTo(0.4, 6);
  });

  it('gives every row where fewer than k exist, and refuses similarities of another shape', () => {
    expect(nearestRows(Float32Array.from([0.2, 0.4]), 1, 2, 5).map((n) => n.row)).toEqual([1, 0]);
    expect(() => nearestRows(new Float32Array(5), 1, 4, 3)).toThrow(/5 values, not 1 views of 4 rows/);
  });
});

describe('parseShapeBank', () => {
  it('reads the rows the contract counts and names the nearest with them', () => {
    const bank = parseShapeBank(JSON.stringify({ views: 1, rows: [row('chair', 1), row('sofa', 2)] }), contract(2));
    expect(namedRows([{ row: 1, distance: 0.1 }], bank)).toEqual([{ row: 1, distance: 0.1, class: 'sofa', source: 'modelnet40', shape: 'sofa/sofa_0002' }]);
  });

  it('refuses a file that is no JSON, counts other rows than the model, or lacks a field', () => {
    expect(() => parseShapeBank('this is not JSON', contract(2))).toThrow('models/classifier_bank.json is not JSON');
    expect(() => parseShapeBank(JSON.stringify({ views: 1, rows: [row('chair', 1)] }), contract(2))).toThrow('names 1 rows where the model\'s bank has 2');
    expect(() => parseShapeBank(JSON.stringify({ views: 0, rows: [] }), contract(0))).toThrow('views must be a positive integer');
    expect(() => parseShapeBank(JSON.stringify({ views: 1, rows: [{ class: 'chair', source: 'modelnet40', view: 0 }] }), contract(1))).toThrow('row 0 needs a class, source, shape and view');
  });
});

describe('names for the panel', () => {
  it('says the data sets as people know them and shortens long keys', () => {
    expect(sourceName('modelnet40')).toBe('ModelNet40');
    expect(sourceName('sweethome3d')).toBe('Sweet Home 3D');
    expect(sourceName('another')).toBe('another');
    expect(shapeLabel('chair/chair_0459')).toBe('chair_0459');
    expect(shapeLabel('aeroplane/4de5861211ad5b95e7ef9fff09638f8e')).toBe('4de5861211ad5b95e7ef9ff…');
  });
});
