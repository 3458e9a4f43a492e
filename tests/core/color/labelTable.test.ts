import { describe, expect, it } from 'vitest';
import { countLabels, labelColor, labelName, labelTableFromClasses, paletteColor } from '../../../src/core/color/labelTable';

describe('label tables', () => {
  const table = labelTableFromClasses([
    { name: 'wall', color: [174, 199, 232] },
    { name: 'floor', color: [152, 223, 138] },
  ]);

  it('name and colour classes by index, from the manifest', () => {
    expect(labelName(table, 1)).toBe('floor');
    expect(labelColor(table, 0)).toEqual([174, 199, 232]);
  });

  it('fall back to the palette and a generic name for ids outside the table', () => {
    expect(labelName(table, 7, 'instance')).toBe('instance 7');
    expect(labelColor(table, 7)).toEqual(paletteColor(7));
  });

  it('palette colours are stable, valid and distinct for neighbouring ids', () => {
    expect(paletteColor(3)).toEqual(paletteColor(3));
    const colors = Array.from({ length: 40 }, (_, i) => paletteColor(i));
    for (const c of colors) for (const v of c) expect(Number.isInteger(v) && v >= 0 && v <= 255).toBe(true);
    for (let i = 1; i < colors.length; i++) {
      const d = Math.hypot(...colors[i].map((v, k) => v - colors[i - 1][k]));
      expect(d).toBeGreaterThan(40);
    }
    expect(new Set(colors.map((c) => c.join())).size).toBe(40);
  });

  it('count labels sorted by id', () => {
    expect([...countLabels(new Int32Array([5, 1, 5, 0, 5]))]).toEqual([
      [0, 1],
      [1, 1],
      [5, 3],
    ]);
  });
});
