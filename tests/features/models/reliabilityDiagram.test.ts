import { describe, expect, it } from 'vitest';
import { binTitle } from '../../../src/features/models/ReliabilityDiagram';

const bin = (count: number) => ({ low: 0.5, high: 0.6, count, confidence: 0.55, accuracy: 0.5 });

describe('reliability diagram', () => {
  it('counts the shapes or points of a bin in its tooltip, one in the singular', () => {
    expect(binTitle(bin(1), 'shape')).toBe('confidence 0.5–0.6: 1 shape, 50% right');
    expect(binTitle(bin(2), 'shape')).toBe('confidence 0.5–0.6: 2 shapes, 50% right');
    expect(binTitle(bin(12_000), 'point')).toBe('confidence 0.5–0.6: 12,000 points, 50% right');
  });
});
