import { describe, expect, it } from 'vitest';
import { heightsAlongNote } from '../../../src/core/geometry/heightsAlong';

describe('heightsAlongNote', () => {
  it('says along a downward up that heights are signed along it, naming its axis', () => {
    expect(heightsAlongNote('-z')).toBe('heights are measured along up (−z): a point at z = 300 is at −300');
    expect(heightsAlongNote('-y')).toBe('heights are measured along up (−y): a point at y = 300 is at −300');
  });

  it('says nothing along an up pointing the axis’s own way, where the heights are the file’s', () => {
    expect(heightsAlongNote('+z')).toBeNull();
    expect(heightsAlongNote('+y')).toBeNull();
  });
});
