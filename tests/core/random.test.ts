import { describe, expect, it } from 'vitest';
import { createRng, shuffle } from '../../src/core/random';

describe('shuffle', () => {
  it('keeps every item once, and the same seed gives the same order', () => {
    const a = shuffle(Uint32Array.from({ length: 100 }, (_, i) => i), createRng(3));
    const b = shuffle(Uint32Array.from({ length: 100 }, (_, i) => i), createRng(3));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
