import { describe, expect, it } from 'vitest';
import { areaText, volumeText } from '../../../src/features/volume/volumeText';

describe('volume text', () => {
  it('writes a volume in the unit cubed, an area squared', () => {
    expect(volumeText(12, 'ft')).toBe('12.000 ft³');
    expect(volumeText(1234.56, 'm')).toBe('1234.6 m³');
    expect(volumeText(2, 'US ft')).toBe('2.000 US ft³');
    expect(volumeText(2, '')).toBe('2.000 units³');
    expect(areaText(100, 'ft')).toBe('100.0 ft²');
  });
});
