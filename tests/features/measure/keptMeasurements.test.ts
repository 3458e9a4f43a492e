// Measurements kept in the browser over the store, with a storage of the test's own: kept in the
// file's coordinates, back on the layer of the same file, placed as that layer is now, and a word
// on what cannot be read or kept.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import type { ParseResult } from '../../../src/core/types';
import { connectKeptMeasurements } from '../../../src/features/measure/keptMeasurements';
import { addMeasurePoint, chooseTool } from '../../../src/features/measure/measure';
import { measurementsOf } from '../../../src/state/measurements';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { memoryStorage } from '../memoryStorage';

const store = () => useAppStore.getState();
const clouds = new Map<number, ParseResult>();
const cloud = (n: number) => clouds.get(n)!;
const KEY_A = 'pointlens.measurements:a.xyz|10';
const KEY_B = 'pointlens.measurements:b.xyz|5';

function measure(tool: 'distance' | 'height', ...points: [string, number][]) {
  chooseTool(tool);
  for (const [layer, index] of points) addMeasurePoint(layer, index);
  chooseTool(null);
}
/** each measurement of the active layer as its kind, its points' layers and its value */
const measuredNow = () => measurementsOf(store()).map((m) => [m.tool, m.points.map((p) => `${p.layerId}:${p.index}`).join(' '), Math.round(m.value * 1000) / 1000]);

let stop: () => void = () => undefined;
beforeAll(async () => {
  for (const n of [5, 10]) {
    const text = Array.from({ length: n }, (_, i) => `${i} ${i % 3} ${i / 2}`).join('\n');
    clouds.set(n, await parseFiles([{ name: 'cloud.xyz', bytes: new TextEncoder().encode(text) }]));
  }
});
beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));
afterEach(() => stop());

describe('kept measurements', () => {
  it("are kept under their layer's file in its coordinates, and come back with the same values when it opens again", () => {
    const storage = memoryStorage();
    stop = connectKeptMeasurements(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    measure('distance', ['a', 0], ['a', 4]);
    measure('height', ['a', 6]);
    const before = measuredNow();
    expect(JSON.parse(storage.items.get(KEY_A)!)).toEqual({
      kind: 'pointlens-measurements',
      version: 1,
      measurements: [
        { tool: 'distance', points: [{ index: 0, point: [0, 0, 0] }, { index: 4, point: [4, 1, 2] }] },
        { tool: 'height', points: [{ index: 6, point: [6, 0, 3] }] },
      ],
    });
    showParseResult('b', 'b.xyz', cloud(5), 1);
    expect(measuredNow()).toEqual([]);
    showParseResult('a2', 'a.xyz', cloud(10), 1);
    expect(measuredNow()).toEqual(before.map(([tool, points, value]) => [tool, (points as string).replaceAll('a:', 'a2:'), value]));
  });

  it("come back on the layer of their file, beside another, and follow that layer's transform as it is now", () => {
    const storage = memoryStorage();
    stop = connectKeptMeasurements(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    store().updateLayer('a', { transform: { translate: [5, 0, 0], rotateDeg: 30, scale: 2 } });
    measure('distance', ['a', 0], ['a', 4]);
    // taken where the layer is drawn: twice as long as in the file
    expect(measuredNow()).toEqual([['distance', 'a:0 a:4', Math.round(Math.hypot(4, 1, 2) * 2000) / 1000]]);
    // the layer removed leaves its file's measurements kept
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    store().removeLayer('a');
    expect(storage.items.get(KEY_A)).toMatch(/"index":4,"point":\[4,1,2\]/);
    measure('distance', ['b', 0], ['b', 1]);
    showParseResult('a2', 'a.xyz', cloud(10), 1, { add: {} });
    expect(measuredNow()).toEqual([['distance', 'a2:0 a2:4', Math.round(Math.hypot(4, 1, 2) * 1000) / 1000]]);
    store().updateLayer('a2', { transform: { translate: [0, 0, 0], rotateDeg: 0, scale: 3 } });
    expect(measuredNow()).toEqual([['distance', 'a2:0 a2:4', Math.round(Math.hypot(4, 1, 2) * 3000) / 1000]]);
    // b's stay with b
    store().activateLayer('b');
    expect(measuredNow()).toEqual([['distance', 'b:0 b:1', Math.round(Math.hypot(1, 1, 0.5) * 1000) / 1000]]);
    expect(JSON.parse(storage.items.get(KEY_B)!).measurements).toHaveLength(1);
  });

  it('that join two files are kept with neither', () => {
    const storage = memoryStorage();
    stop = connectKeptMeasurements(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    measure('distance', ['a', 1], ['b', 2]);
    expect(measuredNow()).toHaveLength(1);
    expect(storage.items.has(KEY_A)).toBe(false);
    expect(storage.items.has(KEY_B)).toBe(false);
  });

  it('that cannot be read are left out with a word naming the file, and stay stored until others are written over them', () => {
    const past = '{"kind":"pointlens-measurements","version":1,"measurements":[{"tool":"distance","points":[{"index":12,"point":[1,2,3]},{"index":1,"point":[1,1,0.5]}]}]}';
    const storage = memoryStorage({ initial: { [KEY_A]: past, [KEY_B]: 'not json' } });
    stop = connectKeptMeasurements(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    expect(measuredNow()).toEqual([]);
    expect(store().notice).toBe("The measurements kept for a.xyz could not be read (measurement 1's point 1 is number 12, past the file's 10 points) and were left out.");
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    expect(store().notice).toBe('The measurements kept for b.xyz could not be read (they are not JSON) and were left out.');
    expect(storage.items.get(KEY_A)).toBe(past);
    store().activateLayer('a');
    measure('height', ['a', 3]);
    expect(JSON.parse(storage.items.get(KEY_A)!).measurements).toEqual([{ tool: 'height', points: [{ index: 3, point: [3, 0, 1.5] }] }]);
  });

  it('that cannot be written are said once to last only while the page is open', () => {
    stop = connectKeptMeasurements(memoryStorage({ full: true }));
    showParseResult('a', 'a.xyz', cloud(10), 1);
    measure('height', ['a', 1]);
    expect(store().notice).toBe('The measurements could not be kept in this browser (The quota has been exceeded); they last until the page is closed.');
    store().dismissNotice();
    measure('height', ['a', 2]);
    expect(store().notice).toBeNull();
    expect(measuredNow()).toHaveLength(2);
  });
});
