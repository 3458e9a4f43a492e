import { describe, expect, it } from 'vitest';
import { COLOR_MAP_IDS, colorMapGradient, sampleColorMap } from '../../../src/core/color/colorMaps';

const at = (id: (typeof COLOR_MAP_IDS)[number], t: number) => {
  const c = [0, 0, 0];
  sampleColorMap(id, t, c);
  return c;
};
const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

describe('colour maps', () => {
  it('stay in 0..1 and clamp outside 0..1', () => {
    for (const id of COLOR_MAP_IDS) {
      for (let t = -0.5; t <= 1.5; t += 0.01) for (const v of at(id, t)) expect(v >= 0 && v <= 1).toBe(true);
      expect(at(id, -3)).toEqual(at(id, 0));
      expect(at(id, 7)).toEqual(at(id, 1));
      expect(at(id, Number.NaN)).toEqual(at(id, 0));
    }
  });

  it('viridis runs from dark purple to yellow with rising luminance', () => {
    expect(at('viridis', 0).map((v) => Math.round(v * 255))).toEqual([0x44, 0x01, 0x54]);
    expect(at('viridis', 1).map((v) => Math.round(v * 255))).toEqual([0xfd, 0xe7, 0x25]);
    let previous = -1;
    for (let t = 0; t <= 1; t += 0.05) {
      const l = luminance(at('viridis', t));
      expect(l).toBeGreaterThan(previous);
      previous = l;
    }
  });

  it('turbo runs from dark blue through green to dark red', () => {
    expect(luminance(at('turbo', 0))).toBeLessThan(0.15);
    const [rb, gb, bb] = at('turbo', 0.15);
    expect(bb).toBeGreaterThan(Math.max(rb, gb) + 0.3);
    const [rm, gm, bm] = at('turbo', 0.5);
    expect(gm).toBeGreaterThan(Math.max(bm, 0.8));
    expect(rm).toBeLessThan(gm);
    const [r1, g1, b1] = at('turbo', 1);
    expect(r1).toBeGreaterThan(g1 + 0.3);
    expect(r1).toBeGreaterThan(b1 + 0.3);
    expect(luminance(at('turbo', 0.5))).toBeGreaterThan(luminance(at('turbo', 0)));
  });

  it('writes at an offset without touching the rest', () => {
    const out = new Float32Array(9).fill(-1);
    sampleColorMap('viridis', 1, out, 3);
    expect([...out.subarray(0, 3)]).toEqual([-1, -1, -1]);
    expect([...out.subarray(6)]).toEqual([-1, -1, -1]);
    expect(out[3]).toBeCloseTo(0xfd / 255, 5);
  });

  it('gives a CSS gradient for legends', () => {
    expect(colorMapGradient('viridis', 3)).toBe('linear-gradient(to right, rgb(68,1,84), rgb(33,145,140), rgb(253,231,37))');
  });
});
