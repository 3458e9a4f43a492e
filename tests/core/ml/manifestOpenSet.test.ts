// The manifest's checks of the classifier's calibration and open-set contract.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/core/ml/manifest';

const shipped = JSON.parse(readFileSync(new URL('../../../models/manifest.json', import.meta.url), 'utf8'));

function classifierWith(edit: (entry: Record<string, any>) => void) {
  const copy = structuredClone(shipped);
  const i = copy.models.findIndex((m: { id: string }) => m.id === 'classifier');
  edit(copy.models[i]);
  return { copy, i };
}

const bin = (count: number, confidence: number | null, accuracy: number | null) => ({ low: 0.9, high: 1, count, confidence, accuracy });

describe('validateManifest: calibration and open set', () => {
  it('accepts a temperature, a reliability diagram and an open-set contract', () => {
    const { copy } = classifierWith((m) => {
      m.calibration = { temperature: 0.8, reliability: { split: 'test', bins: 1, before: [bin(3, 0.95, 2 / 3)], after: [bin(0, null, null)] } };
      m.openSet = { score: 'energy', outputName: 'mahalanobis', threshold: -4.5 };
    });
    const entry = validateManifest(copy).models.find((m) => m.id === 'classifier')!;
    expect(entry.calibration?.temperature).toBe(0.8);
    expect(entry.openSet?.score).toBe('energy');
  });

  it('names the bad field', () => {
    const cases: Array<[(m: Record<string, any>) => void, string]> = [
      [(m) => (m.calibration = { temperature: 0 }), 'calibration.temperature must be a positive number'],
      [(m) => (m.calibration = { temperature: 1, reliability: { before: [bin(2, 1.5, 1)], after: [] } }), 'calibration.reliability.before[0].confidence must be in 0..1'],
      [(m) => (m.calibration = { temperature: 1, reliability: { before: [], after: [bin(0, 0.5, null)] } }), 'calibration.reliability.after[0].confidence must be null in an empty bin'],
      [(m) => (m.openSet = { score: 'entropy', outputName: 'x', threshold: 1 }), 'openSet.score must be one of max_softmax, max_logit, energy, mahalanobis, knn'],
      [(m) => (m.openSet = { score: 'mahalanobis', outputName: 'mahalanobis', threshold: '12' }), 'openSet.threshold must be a number'],
      [(m) => (m.openSet = { score: 'mahalanobis', threshold: 12 }), 'openSet.outputName must name the model output'],
      [(m) => (m.openSet.neighbours = { outputName: 'bank_similarity', file: '', bytes: 10, rows: 3 }), 'openSet.neighbours.file must be a non-empty string'],
      [(m) => (m.openSet.neighbours = { outputName: 'bank_similarity', file: 'bank.json', bytes: 10, rows: 2.5 }), 'openSet.neighbours.rows must be a positive integer'],
    ];
    for (const [edit, message] of cases) {
      const { copy, i } = classifierWith(edit);
      expect(() => validateManifest(copy)).toThrow(`models/manifest.json: models[${i}].${message}`);
    }
  });
});
