// The manifest's checks on what the app relies on, here the classifier's voting contract.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/core/ml/manifest';

const shipped = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));

function withViews(views: unknown) {
  const copy = structuredClone(shipped);
  const i = copy.models.findIndex((m: { id: string }) => m.id === 'classifier');
  copy.models[i].input.views = views;
  return { copy, i };
}

describe('validateManifest: input.views', () => {
  it('accepts the shipped manifest and a positive whole number of views', () => {
    expect(() => validateManifest(shipped)).not.toThrow();
    expect(() => validateManifest(withViews(12).copy)).not.toThrow();
  });

  it('names the bad field when views is not a positive integer', () => {
    for (const bad of [0, -3, 2.5, '3']) {
      const { copy, i } = withViews(bad);
      expect(() => validateManifest(copy)).toThrow(`models/manifest.json: models[${i}].input.views must be a positive integer`);
    }
  });
});
