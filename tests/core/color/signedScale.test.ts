import { describe, expect, it } from 'vitest';
import { colorModesFor, type ColorSettings, type ColorSource } from '../../../src/core/color/colorModes';
import { sampleColorMap } from '../../../src/core/color/colorMaps';

const SETTINGS: ColorSettings = { colorMap: 'turbo', uniformColor: [0, 0, 0], upAxis: '+z' };
const mapAt = (id: 'diverging' | 'turbo', t: number) => {
  const c = [0, 0, 0];
  sampleColorMap(id, t, c);
  return c.map(Math.fround);
};
const source = (values: number[]): ColorSource => ({ positions: new Float32Array(3 * values.length), fields: { distance_to_before: Float32Array.from(values) }, overlays: [] });
const f = Math.fround;
const mode = (src: ColorSource) => colorModesFor(src).find((m) => m.id === 'field:distance_to_before')!;

describe('the colour scale of signed distances', () => {
  it('runs blue, white, red: white at the middle, blue below it and red above', () => {
    const [low, mid, high] = [0, 0.5, 1].map((t) => mapAt('diverging', t));
    expect(mid.every((v) => v > 0.95)).toBe(true);
    expect(low[2]).toBeGreaterThan(low[0]);
    expect(high[0]).toBeGreaterThan(high[2]);
  });

  it('is centred on 0 through the diverging map where a distance field goes below 0, whatever map the view chose', () => {
    const src = source([-0.1, 0, 0.05, NaN]);
    const out = new Float32Array(12);
    mode(src).paint(src, SETTINGS, out);
    expect(Array.from(out.subarray(0, 3))).toEqual(mapAt('diverging', 0));
    expect(Array.from(out.subarray(3, 6))).toEqual(mapAt('diverging', 0.5));
    expect(Array.from(out.subarray(6, 9))).toEqual(mapAt('diverging', 0.75));
    expect(mode(src).legend(src, SETTINGS)).toMatchObject({ colorMap: 'diverging', min: f(-0.1), max: f(0.1), full: { min: f(-0.1), max: f(0.05) } });
  });

  it('keeps a range typed into the legend, still in the diverging map', () => {
    const src = source([-0.1, 0.05]);
    expect(mode(src).legend(src, { ...SETTINGS, range: [-0.2, 0.2] })).toMatchObject({ colorMap: 'diverging', min: -0.2, max: 0.2 });
  });

  it('leaves unsigned distances in the view\'s map over their own range', () => {
    const src = source([0, 0.1, 0.2]);
    expect(mode(src).legend(src, SETTINGS)).toMatchObject({ colorMap: 'turbo', min: 0, max: f(0.2) });
    const out = new Float32Array(9);
    mode(src).paint(src, SETTINGS, out);
    expect(Array.from(out.subarray(0, 3))).toEqual(mapAt('turbo', 0));
  });
});
