import { describe, expect, it } from 'vitest';
import { dipText, extentText, lengthText, lieText, normalText, shareText } from '../../../src/features/planes/planeText';

describe('how the Planes panel words a plane', () => {
  it('says how it lies, with its tilt from up', () => {
    expect(lieText({ orientation: 'horizontal', tilt: 0.31 })).toBe('horizontal (0.3°)');
    expect(lieText({ orientation: 'vertical', tilt: 87.24 })).toBe('vertical (87.2°)');
    expect(lieText({ orientation: 'sloped', tilt: 30 })).toBe('sloped 30°');
  });

  it('gives dip and dip direction as CloudCompare does, the bearing in three digits', () => {
    expect(dipText({ tilt: 30.04, dipDirection: 90 })).toBe('30.0° / 090°');
    expect(dipText({ tilt: 12.5, dipDirection: 359.7 })).toBe('12.5° / 000°');
    expect(dipText({ tilt: 0.3, dipDirection: 189.6 })).toBe('0.3° / 190°');
  });

  it('writes lengths, sizes and shares in the layer\'s unit, or none for the file\'s own', () => {
    expect(lengthText(0.03381, 'm')).toBe('0.034 m');
    expect(lengthText(2.5, '')).toBe('2.500');
    expect(extentText({ extent: [7.321, 7.684] }, 'm')).toBe('7.32 × 7.68 m');
    expect(extentText({ extent: [7.321, 7.684] }, '')).toBe('7.32 × 7.68');
    expect(shareText(4505, 25000)).toBe('4,505 points (18.0%)');
    expect(shareText(1, 3)).toBe('1 point (33.3%)');
    expect(normalText({ normal: [-0.0004, -0.0051, 0.99998] })).toBe('(0.000, -0.005, 1.000)');
  });
});
