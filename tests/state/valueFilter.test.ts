import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { clipMaskOf, keptCountOf, keptMaskOf } from '../../src/state/clipMask';
import { pickableMask } from '../../src/state/shownMask';
import { INITIAL_APP_DATA, showParseResult, snapshot, useAppStore } from '../../src/state/store';
import { valueFilterIdle } from '../../src/state/valueFilter';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

/** The real ScanNet scan shown z up, coloured by height over `range`, with the filter by value on; its heights. */
async function scanFilteredByHeight(range: [number, number]): Promise<number[]> {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' } });
  store().updateSettings({ colorMode: 'height', scaleRanges: { height: range }, filterByValue: true });
  const p = store().layerData!.geometry.positions;
  return Array.from({ length: p.length / 3 }, (_, i) => p[3 * i + 2]);
}

const count = (values: number[], keep: (v: number, i: number) => boolean) => values.filter(keep).length;

describe('filter by value', () => {
  it("keeps the points whose height lies in the legend's range, as a plain count finds them, in the view, picking and the legend", async () => {
    const z = await scanFilteredByHeight([0.5, 1.2]);
    const inRange = (v: number) => v >= 0.5 && v <= 1.2;
    const kept = keptMaskOf(store())!;
    expect(Array.from(kept)).toEqual(z.map((v) => (inRange(v) ? 1 : 0)));
    expect(keptCountOf(store())).toBe(count(z, inRange));
    expect(count(z, inRange)).toBeGreaterThan(1000);
    expect(count(z, inRange)).toBeLessThan(z.length - 1000);
    expect(pickableMask(store(), 'scan')).toEqual(kept);
    // the legend's histogram is of what the filter looks at, so that it shows what is hidden
    const legend = snapshot(store()).legend;
    if (legend?.kind !== 'scale') throw new Error('a scale legend');
    expect(legend.histogram).toMatchObject({ inRange: count(z, inRange), below: count(z, (v) => v < 0.5), above: count(z, (v) => v > 1.2), missing: 0 });
    // the same mask until something it depends on changes
    store().updateSettings({ pointSize: 5 });
    expect(keptMaskOf(store())).toBe(kept);
  });

  it('follows the range as its ends change, and keeps every point again when switched off', async () => {
    const z = await scanFilteredByHeight([0.5, 1.2]);
    store().updateSettings({ scaleRanges: { height: [1, 2] } });
    expect(keptCountOf(store())).toBe(count(z, (v) => v >= 1 && v <= 2));
    store().updateSettings({ scaleRanges: {} });
    // the full range keeps every point with a height
    expect(keptCountOf(store())).toBe(z.length);
    store().updateSettings({ scaleRanges: { height: [1, 2] }, filterByValue: false });
    expect(keptMaskOf(store())).toBeNull();
  });

  it('keeps a point where both the clip and the filter keep it', async () => {
    const z = await scanFilteredByHeight([0.5, 1.2]);
    const bounds = store().layer!.bounds;
    store().updateClip({ box: { center: [bounds.min[0] + 2, (bounds.min[1] + bounds.max[1]) / 2, 1.5], size: [4, 20, 3], keep: 'inside' } });
    const clip = clipMaskOf(store())!;
    const kept = keptMaskOf(store())!;
    expect(Array.from(kept)).toEqual(z.map((v, i) => (clip[i] && v >= 0.5 && v <= 1.2 ? 1 : 0)));
    const legend = snapshot(store()).legend;
    if (legend?.kind !== 'scale') throw new Error('a scale legend');
    expect(legend.histogram.inRange).toBe(keptCountOf(store()));
    expect(legend.histogram.inRange + legend.histogram.below + legend.histogram.above).toBe(clip.reduce((a, b) => a + b, 0));
  });

  it('follows the field shown, hiding points with no value, and filters nothing in a mode without a scale', async () => {
    const z = await scanFilteredByHeight([0.5, 1.2]);
    const distance = Float32Array.from(z, (v, i) => (i % 10 === 0 ? NaN : v * 2));
    store().attachField('scan', 'distance', distance);
    store().updateSettings({ colorMode: 'field:distance' });
    // the field's own full range: every point with a value
    expect(keptCountOf(store())).toBe(z.length - Math.ceil(z.length / 10));
    store().updateSettings({ scaleRanges: { height: [0.5, 1.2], 'field:distance': [1, 2] } });
    expect(keptCountOf(store())).toBe(count(z, (v, i) => i % 10 !== 0 && Math.fround(v * 2) >= 1 && Math.fround(v * 2) <= 2));
    expect(valueFilterIdle(store())).toBe(false);
    store().updateSettings({ colorMode: 'field:label' });
    expect(keptMaskOf(store())).toBeNull();
    expect(valueFilterIdle(store())).toBe(true);
    // back on a scale, it filters by that scale's range again
    store().updateSettings({ colorMode: 'height' });
    expect(keptCountOf(store())).toBe(count(z, (v) => v >= 0.5 && v <= 1.2));
  });

  it('is off for a file shown in place of the layers', async () => {
    await scanFilteredByHeight([0.5, 1.2]);
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10);
    expect(store().settings.filterByValue).toBe(false);
    expect(keptMaskOf(store())).toBeNull();
  });
});
