import { describe, expect, it } from 'vitest';
import { earlierSelectionNote, selectionName } from '../../../src/features/gallery/evaluatedSelection';

describe("an evaluation's selection", () => {
  it('is named in the filters’ words', () => {
    expect(selectionName({ dataset: '', label: '' })).toBe('all datasets');
    expect(selectionName({ dataset: 'ModelNet40', label: '' })).toBe('ModelNet40');
    expect(selectionName({ dataset: '', label: 'flower_pot' })).toBe('flower pot of all datasets');
    expect(selectionName({ dataset: 'ModelNet40', label: 'flower_pot' })).toBe('ModelNet40 flower pot');
  });

  it('is said where the objects evaluated are not the ones shown, and not where they are', () => {
    const evaluated = { ids: ['a', 'b', 'c'], selection: { dataset: '', label: '' } };
    expect(earlierSelectionNote(evaluated, ['c', 'a', 'b'])).toBeUndefined();
    expect(earlierSelectionNote(evaluated, ['a', 'b'])).toBe('These figures are of the earlier selection, all datasets (3 objects), not of the one shown: Evaluate for its own.');
    expect(earlierSelectionNote({ ids: ['a'], selection: { dataset: 'ShapeNetCore', label: '' } }, ['b'])).toBe(
      'These figures are of the earlier selection, ShapeNetCore (1 object), not of the one shown: Evaluate for its own.',
    );
  });
});
