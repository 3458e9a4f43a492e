// A shape's proportions against its top class's training range: the same numbers as training/'s
// proportions.py on the same clouds, and the unknown decision and words they give.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyObject } from '../../../src/core/ml/classifyObject';
import { validateManifest, type ModelEntry } from '../../../src/core/ml/manifest';
import { checkProportions, logRatios, principalExtents, proportionsReason } from '../../../src/core/ml/proportions';
import type { RunModelOutputs } from '../../../src/core/ml/runModel';

const shipped = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));
const entry = validateManifest(shipped).models.find((m) => m.id === 'classifier') as ModelEntry;

/** A filled box of `dims` from a low-discrepancy sequence, turned and moved: training/tests/test_proportions.py writes the same clouds. */
function box(dims: [number, number, number], n = 500): Float32Array | Float64Array {
  const [a, b] = [0.5, 0.3];
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const p = [((i * 0.6180339887498949) % 1) - 0.5, ((i * 0.7548776662466927) % 1) - 0.5, ((i * 0.5698402909980532) % 1) - 0.5].map((v, k) => v * dims[k]);
    // about z by a, then about x by b
    const x = Math.cos(a) * p[0] - Math.sin(a) * p[1];
    const y = Math.sin(a) * p[0] + Math.cos(a) * p[1];
    const z = p[2];
    out.set([x + 3, Math.cos(b) * y - Math.sin(b) * z - 1, Math.sin(b) * y + Math.cos(b) * z + 2], 3 * i);
  }
  return out;
}

describe('proportions', () => {
  it('gives the log ratios training/ gives for the same turned boxes', () => {
    const expected: Array<[[number, number, number], number[]]> = [
      [[2, 1, 0.1], [-0.6917313637712708, -2.995449491164612, -2.3037181273933416]],
      [[1, 0.3, 0.2], [-1.2022847322642218, -1.6094050762728844, -0.40712034400866265]],
      [[1, 1.2, 0.001], [-0.17914034091912068, -7.08603431677123, -6.9068939758521095]],
    ];
    for (const [dims, want] of expected) {
      const r = logRatios(box(dims));
      [r['e2/e1'], r['e3/e1'], r['e3/e2']].forEach((v, k) => expect(v).toBeCloseTo(want[k], 6));
    }
  });

  it('measures a box by its sides, 96% of each (the 2nd to 98th percentile)', () => {
    const [e1, e2, e3] = principalExtents(box([2, 1, 0.1], 4000));
    expect(e1 / 1.92).toBeCloseTo(1, 1);
    expect(e2 / 0.96).toBeCloseTo(1, 1);
    expect(e3 / 0.096).toBeCloseTo(1, 1);
  });

  it('gives a cloud at one point the proportions of a ball, and refuses no points', () => {
    expect(logRatios(new Float32Array([1, 2, 3, 1, 2, 3]))).toEqual({ 'e2/e1': 0, 'e3/e1': 0, 'e3/e2': 0 });
    expect(() => logRatios(new Float32Array())).toThrow('proportions need at least one point');
  });

  it('says a sheet is flatter than any airplane, and leaves a wing-like slab alone', () => {
    const contract = entry.openSet!.proportions!;
    const [sheet] = checkProportions(contract, 'airplane', box([1, 1.2, 0.001]));
    expect(sheet).toMatchObject({ ratio: 'e3/e1', outside: 'below' });
    expect(sheet.value).toBeLessThan(sheet.range[0]);
    expect(proportionsReason(sheet, 'airplane')).toBe('flatter than any airplane it learned from');
    const [slab] = checkProportions(contract, 'airplane', box([2, 1, 0.3]));
    expect(slab.outside).toBeUndefined();
    expect(proportionsReason(slab, 'airplane')).toBeUndefined();
    expect(proportionsReason({ ...slab, outside: 'above' }, 'night_stand')).toBe('bulkier than any night stand it learned from');
  });
});

describe('classifyObject with proportions', () => {
  // a network that names airplane, close to its training shapes
  const airplane = entry.classes.findIndex((c) => c.name === 'airplane');
  const run: RunModelOutputs = async (_data, dims) => {
    const logits = new Float32Array(dims[0] * entry.classes.length);
    for (let v = 0; v < dims[0]; v++) logits[v * entry.classes.length + airplane] = 5;
    return { [entry.input.outputName]: logits, [entry.openSet!.outputName]: new Float32Array(dims[0]).fill(entry.openSet!.threshold / 4) };
  };
  const classify = (positions: Float32Array) => classifyObject({ kind: 'points', positions, fields: {} }, entry, run, { upAxis: entry.input.upAxis, seed: 1 });

  it('calls a sheet the network puts among airplanes unknown, for its proportions alone', async () => {
    const result = await classify(Float32Array.from(box([100, 120, 0.5], 3000)));
    expect(result.top[0].label).toBe('airplane');
    expect(result.unknown).toBe(true);
    expect(result.unknownBecause).toEqual(['proportions']);
    expect(result.proportions![0].outside).toBe('below');
  });

  it('keeps an airplane-shaped slab the network is sure of', async () => {
    const result = await classify(Float32Array.from(box([2, 1.5, 0.3], 3000)));
    expect(result.unknown).toBe(false);
    expect(result.unknownBecause).toBeUndefined();
    expect(result.proportions![0].outside).toBeUndefined();
  });
});

describe('validateManifest: proportions', () => {
  const cases: Array<[(p: Record<string, any>) => void, string]> = [
    [(p) => (p.ratios = ['e4/e1']), 'openSet.proportions.ratios must list some of e2/e1, e3/e1, e3/e2'],
    [(p) => (p.margin = -1), 'openSet.proportions.margin must be a number of at least 0'],
    [(p) => delete p.ranges.chair, 'openSet.proportions.ranges.chair must give a [least, largest] pair for each of e3/e1'],
    [(p) => (p.ranges.chair = [[0, -1]]), 'openSet.proportions.ranges.chair must give a [least, largest] pair for each of e3/e1'],
  ];
  it.each(cases)('names the bad field: %#', (edit, message) => {
    const copy = structuredClone(shipped);
    const i = copy.models.findIndex((m: { id: string }) => m.id === 'classifier');
    edit(copy.models[i].openSet.proportions);
    expect(() => validateManifest(copy)).toThrow(`models/manifest.json: models[${i}].${message}`);
  });
});
