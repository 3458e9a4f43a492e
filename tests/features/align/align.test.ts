import { describe, expect, it } from 'vitest';
import { undoableAlignment } from '../../../src/features/align/align';
import { IDENTITY_TRANSFORM, type LayerTransform } from '../../../src/core/layers/transform';
import type { AlignmentView } from '../../../src/state/slices/alignment';

const SET: LayerTransform = { translate: [-0.3, 0.2, 0.07], rotateDeg: -7, scale: 1 };
const done: AlignmentView = { status: 'done', layerId: 'odd', reference: 'even.ply', transform: SET, previous: IDENTITY_TRANSFORM, adjustScale: false, scaleFound: 1, rmsBefore: 0.2, rmsAfter: 0.01, overlap: 1, sampled: 25_000, iterations: 20, converged: true, unit: 'm', ms: 300 };
const layers = (transform: LayerTransform) => [{ meta: { id: 'even' }, transform: IDENTITY_TRANSFORM }, { meta: { id: 'odd' }, transform }];

describe('undoing an alignment', () => {
  it('is offered while the layer is where the alignment put it', () => {
    expect(undoableAlignment({ alignment: done, layers: layers({ ...SET, translate: [-0.3, 0.2, 0.07] }) })).toBe(done);
  });

  it('is offered for a scale it adjusted while the layer keeps that scale, and not once it is scaled by hand since', () => {
    const scaled: AlignmentView = { ...done, transform: { ...SET, scale: 0.909091 }, adjustScale: true, scaleFound: 0.909091 };
    expect(undoableAlignment({ alignment: scaled, layers: layers({ ...SET, scale: 0.909091 }) })).toBe(scaled);
    expect(undoableAlignment({ alignment: scaled, layers: layers({ ...SET, scale: 0.9 }) })).toBeNull();
  });

  it('is not offered once the layer has been moved since, undone, or the alignment did not end', () => {
    expect(undoableAlignment({ alignment: done, layers: layers({ ...SET, rotateDeg: -6 }) })).toBeNull();
    expect(undoableAlignment({ alignment: { ...done, undone: true }, layers: layers(SET) })).toBeNull();
    expect(undoableAlignment({ alignment: { status: 'error', layerId: 'odd', reference: 'even.ply', message: 'cancelled.' }, layers: layers(SET) })).toBeNull();
    expect(undoableAlignment({ alignment: done, layers: [] })).toBeNull();
  });
});
