// The height profile's line kept in the browser over the store, with a storage of the test's own:
// its corners in the file's coordinates and the corridor's width, back on the layer of the same file.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import type { ParseResult } from '../../../src/core/types';
import { connectKeptProfile } from '../../../src/features/profile/keptProfile';
import { addProfilePoint, clearProfile, finishProfile, toggleProfileDrawing } from '../../../src/features/profile/profile';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { memoryStorage } from '../memoryStorage';

const store = () => useAppStore.getState();
const KEY = 'pointlens.profile:a.xyz|10';
let cloud: ParseResult;
let stop: () => void = () => undefined;

function drawLine(layer: string, ...corners: number[]) {
  toggleProfileDrawing(true);
  for (const i of corners) addProfilePoint(layer, i);
  finishProfile();
}
const lineNow = () => store().profile.line?.map((p) => [p.index, ...p.position]);

beforeAll(async () => {
  const text = Array.from({ length: 10 }, (_, i) => `${i} ${i % 3} ${i / 2}`).join('\n');
  cloud = await parseFiles([{ name: 'cloud.xyz', bytes: new TextEncoder().encode(text) }]);
});
beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));
afterEach(() => stop());

describe("the profile's kept line", () => {
  it('is kept with its width under the file, comes back on its layer when the file opens again, and goes when cleared', () => {
    const storage = memoryStorage();
    stop = connectKeptProfile(storage);
    showParseResult('a', 'a.xyz', cloud, 1);
    drawLine('a', 1, 8);
    store().updateProfile({ width: 0.5 });
    expect(JSON.parse(storage.items.get(KEY)!)).toEqual({ kind: 'pointlens-profile-line', version: 1, line: [{ index: 1, point: [1, 1, 0.5] }, { index: 8, point: [8, 2, 4] }], width: 0.5 });
    showParseResult('b', 'b.xyz', cloud, 1);
    expect(store().profile.line).toBeNull();
    showParseResult('a2', 'a.xyz', cloud, 1);
    expect(lineNow()).toEqual([[1, 1, 1, 0.5], [8, 8, 2, 4]]);
    expect(store().profile.width).toBe(0.5);
    clearProfile();
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('comes back on a layer parked beside the active one, which keeps its own', () => {
    const storage = memoryStorage({ initial: { [KEY]: '{"kind":"pointlens-profile-line","version":1,"line":[{"index":2,"point":[2,2,1]},{"index":5,"point":[5,2,2.5]}],"width":null}' } });
    stop = connectKeptProfile(storage);
    showParseResult('a', 'a.xyz', cloud, 1);
    showParseResult('b', 'b.xyz', cloud, 1, { add: {} });
    expect(store().profile.line).toBeNull();
    store().activateLayer('a');
    expect(lineNow()).toEqual([[2, 2, 2, 1], [5, 5, 2, 2.5]]);
  });

  it('that cannot be read is left out with a word naming the file', () => {
    stop = connectKeptProfile(memoryStorage({ initial: { [KEY]: '{"kind":"pointlens-profile-line","version":1,"line":[{"index":2,"point":[2,2,1]}],"width":null}' } }));
    showParseResult('a', 'a.xyz', cloud, 1);
    expect(store().profile.line).toBeNull();
    expect(store().notice).toBe("The height profile's line kept for a.xyz could not be read (the line has 1 corner, not two or more) and was left out.");
  });
});
