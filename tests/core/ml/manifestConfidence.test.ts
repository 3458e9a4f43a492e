// The manifest's checks of the segmenter's sure threshold and the figures it was chosen and tested by.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/core/ml/manifest';

const shipped = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));

function segmenterWith(edit: (confidence: Record<string, any>) => void) {
  const copy = structuredClone(shipped);
  const i = copy.models.findIndex((m: { id: string }) => m.id === 'segmenter');
  edit(copy.models[i].confidence);
  return { copy, i };
}

describe('validateManifest: the segmenter confidence', () => {
  it('accepts the shipped threshold, chosen on validation scans at its target and tested on held-out ones', () => {
    const entry = validateManifest(shipped).models.find((m) => m.id === 'segmenter')!;
    const c = entry.confidence!;
    expect(c.sureAbove).toBeGreaterThan(0);
    // the threshold is what its rule gives: sure validation points right at least the target share of the time
    expect(c.validation.sure_accuracy).toBeGreaterThanOrEqual(c.target);
    expect(c.validation.bins).toHaveLength(10);
    expect(c.test?.bins.reduce((n, b) => n + b.count, 0)).toBe(c.test?.points);
  });

  it('accepts the boxes\' figures: how many boxes were found on validation and test scans and how many matched a true object', () => {
    const boxes = validateManifest(shipped).models.find((m) => m.id === 'segmenter')!.confidence!.boxes!;
    for (const f of [boxes.validation, boxes.test!]) {
      expect(f.boxes).toBeGreaterThan(0);
      expect(f.precision).toBeCloseTo(f.right / f.boxes, 4);
    }
    // no score on the grid made validation boxes right half the time
    expect(boxes.sureAbove).toBeNull();
  });

  it('accepts a model whose threshold reached no target (null)', () => {
    const { copy } = segmenterWith((c) => (c.sureAbove = null));
    expect(validateManifest(copy).models.find((m) => m.id === 'segmenter')!.confidence!.sureAbove).toBeNull();
  });

  it('names the bad field', () => {
    const cases: Array<[(c: Record<string, any>) => void, string]> = [
      [(c) => (c.sureAbove = 1.5), 'confidence.sureAbove must be in (0, 1], or null'],
      [(c) => (c.target = 0), 'confidence.target must be in (0, 1]'],
      [(c) => (c.protocol = ''), 'confidence.protocol must say how it was measured'],
      [(c) => (c.validation.points = 0), 'confidence.validation.points must be a positive whole number'],
      [(c) => (c.test.ece = Number.NaN), 'confidence.test.ece must be in 0..1'],
      [(c) => (c.test.bins[3].accuracy = 2), 'confidence.test.bins[3].accuracy must be in 0..1'],
      [(c) => (c.boxes.target = 2), 'confidence.boxes.target must be in (0, 1]'],
      [(c) => (c.boxes.test.right = c.boxes.test.boxes + 1), 'confidence.boxes.test.right cannot exceed the boxes found or the true ones'],
      [(c) => Object.assign(c.boxes.validation, { boxes: 0, right: 0 }), 'confidence.boxes.validation.precision must be null where no box was found'],
      [(c) => (c.boxes.validation.true_boxes = -1), 'confidence.boxes.validation.true_boxes must be a whole number'],
    ];
    for (const [edit, message] of cases) {
      const { copy, i } = segmenterWith(edit);
      expect(() => validateManifest(copy)).toThrow(`models/manifest.json: models[${i}].${message}`);
    }
  });
});
