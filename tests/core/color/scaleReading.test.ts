import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorModesFor, type ColorSettings, type ColorSource } from '../../../src/core/color/colorModes';
import { HISTOGRAM_BINS, inRangeMask, valueHistogram, valueRange, type ScaleReading } from '../../../src/core/color/scaleReading';
import { parseFiles } from '../../../src/core/io';
import type { PointCloud } from '../../../src/core/types';

const SCAN = resolve(import.meta.dirname, '../../fixtures/e2e/scene0000_00.ply');
const SETTINGS: ColorSettings = { colorMap: 'turbo', uniformColor: [200, 200, 200], upAxis: '+z' };

async function scan(): Promise<ColorSource> {
  const g = (await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(SCAN)) }])).data as PointCloud;
  return { positions: g.positions, colors: g.colors, fields: g.fields, overlays: [] };
}

const heights = (src: ColorSource) => Array.from({ length: src.positions.length / 3 }, (_, i) => src.positions[3 * i + 2]);
const heightReading = (src: ColorSource, settings = SETTINGS) => colorModesFor(src).find((m) => m.id === 'height')!.reading!(src, settings);

describe('values a scale colour mode reads', () => {
  it('count the heights of a real scan in 64 slices of a range as a plain count of each slice does', async () => {
    const src = await scan();
    const z = heights(src);
    const [lo, hi] = [0.4, 1.9];
    const h = valueHistogram(heightReading(src), [lo, hi]);
    expect(h.counts).toHaveLength(HISTOGRAM_BINS);
    const width = (hi - lo) / HISTOGRAM_BINS;
    for (const bin of [0, 17, 40, 63]) {
      const inBin = z.filter((v) => v >= lo && v <= hi && Math.min(HISTOGRAM_BINS - 1, Math.floor((v - lo) / width)) === bin).length;
      expect(h.counts[bin]).toBe(inBin);
    }
    expect(h.below).toBe(z.filter((v) => v < lo).length);
    expect(h.above).toBe(z.filter((v) => v > hi).length);
    expect(h.inRange).toBe(z.filter((v) => v >= lo && v <= hi).length);
    expect(h.below + h.inRange + h.above).toBe(z.length);
    expect(h.missing).toBe(0);
  });

  it('count only the points a mask keeps, and the top of the range in the last slice', async () => {
    const src = await scan();
    const reading = heightReading(src);
    const [min, max] = valueRange(reading);
    const everyOther = Uint8Array.from({ length: src.positions.length / 3 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    const h = valueHistogram(reading, [min, max], HISTOGRAM_BINS, everyOther);
    expect(h.inRange).toBe(Math.ceil(src.positions.length / 6));
    expect(h.below + h.above).toBe(0);
    const highest = heights(src).filter((v, i) => i % 2 === 0 && v === max).length;
    expect(h.counts[HISTOGRAM_BINS - 1]).toBeGreaterThanOrEqual(highest);
    expect(highest).toBeGreaterThan(0);
  });

  it('keep the heights in a range, ends included, as a plain comparison does, and the same points downwards along -z', async () => {
    const src = await scan();
    const z = heights(src);
    const [lo, hi] = [z[100], z[2000]].sort((a, b) => a - b);
    const mask = inRangeMask(heightReading(src), [lo, hi]);
    expect(Array.from(mask)).toEqual(z.map((v) => (v >= lo && v <= hi ? 1 : 0)));
    expect(mask[100] & mask[2000]).toBe(1);
    const down = inRangeMask(heightReading(src, { ...SETTINGS, upAxis: '-z' }), [-hi, -lo]);
    expect(down).toEqual(mask);
  });

  it('count a point with no value apart, and keep it out of every range', () => {
    const reading: ScaleReading = { values: new Float32Array([-1, NaN, 0.5, Infinity, 2, 1]), stride: 1, offset: 0, sign: 1, shift: 0 };
    expect(valueRange(reading)).toEqual([-1, 2]);
    expect(valueHistogram(reading, [0, 1], 4)).toEqual({ counts: [0, 0, 1, 1], inRange: 2, below: 1, above: 1, missing: 2 });
    expect(Array.from(inRangeMask(reading, [-Infinity, Infinity]))).toEqual([1, 0, 1, 1, 1, 1]);
    expect(Array.from(inRangeMask(reading, [-5, 5]))).toEqual([1, 0, 1, 0, 1, 1]);
  });

  it('put every value of a flat field in the first slice of its one-value range', () => {
    const reading: ScaleReading = { values: new Float32Array([3, 3, 3, 4]), stride: 1, offset: 0, sign: 1, shift: 0 };
    expect(valueHistogram(reading, [3, 3], 8)).toMatchObject({ counts: [3, 0, 0, 0, 0, 0, 0, 0], inRange: 3, above: 1 });
  });

  it('count every value in a range open at an end', () => {
    const reading: ScaleReading = { values: new Float32Array([-7, 3, NaN, 4, 9]), stride: 1, offset: 0, sign: 1, shift: 0 };
    expect(valueHistogram(reading, [-Infinity, 4], 1)).toEqual({ counts: [3], inRange: 3, below: 0, above: 1, missing: 1 });
    expect(valueHistogram(reading, [0, Infinity], 4)).toEqual({ counts: [3, 0, 0, 0], inRange: 3, below: 1, above: 0, missing: 1 });
  });

  it("give the scale legend the histogram of the points the clip keeps", async () => {
    const src = await scan();
    const kept = Uint8Array.from({ length: src.positions.length / 3 }, (_, i) => (src.positions[3 * i] > 4 ? 1 : 0));
    const mode = colorModesFor(src).find((m) => m.id === 'height')!;
    const legend = mode.legend({ ...src, kept }, { ...SETTINGS, range: [0.5, 1.5] });
    if (legend?.kind !== 'scale') throw new Error('no scale');
    expect(legend.histogram).toEqual(valueHistogram(heightReading(src), [0.5, 1.5], HISTOGRAM_BINS, kept));
    expect(legend.histogram.inRange + legend.histogram.below + legend.histogram.above).toBe(kept.reduce((a, b) => a + b, 0));
  });
});
