import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { countKept } from '../../src/core/geometry/clip';
import { findStrayPoints } from '../../src/core/geometry/strayPoints';
import { parseFiles } from '../../src/core/io';
import { clipMaskOf, keptCountOf, keptMaskOf } from '../../src/state/clipMask';
import { INITIAL_APP_DATA, showParseResult, snapshot, useAppStore, type AppState } from '../../src/state/store';
import { recognitionPart } from '../../src/features/stray/stray';
import { markedStrayOf } from '../../src/state/shownMask';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

/** The real ScanNet fixture shown, its stray points found (loosely, so that there are many) as the panel records them. */
async function scanWithStrayFound(hidden: boolean): Promise<Uint8Array> {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' } });
  const positions = store().layerData!.geometry.positions;
  const found = findStrayPoints(positions, { sigma: 1 });
  const view = { status: 'done', layerId: 'scan', k: found.k, sigma: 1, count: found.count, points: found.stray.length, meanDistance: found.meanDistance, threshold: found.threshold, unit: '', ms: 1, hidden } as const;
  store().setStray(view, { layerId: 'scan', positions, stray: found.stray });
  return found.stray;
}

describe('hidden stray points', () => {
  it('are left out of the kept mask with what the clip cuts away, and come back when shown again', async () => {
    const stray = await scanWithStrayFound(false);
    const n = stray.length;
    const strayCount = countKept(stray);
    expect(strayCount).toBeGreaterThan(0);
    expect(keptMaskOf(store())).toBeNull();
    const view = store().stray;
    if (view?.status !== 'done') throw new Error('the search is recorded as done');
    store().setStray({ ...view, hidden: true });
    expect(keptCountOf(store())).toBe(n - strayCount);
    // with a section on, a point is kept where both keep it
    const bounds = store().layer!.bounds;
    store().updateClip({ section: (bounds.min[2] + bounds.max[2]) / 2 });
    const clip = clipMaskOf(store())!;
    const kept = keptMaskOf(store())!;
    for (let i = 0; i < n; i++) expect(kept[i]).toBe(clip[i] && !stray[i] ? 1 : 0);
    // the same mask is handed out until something changes: the legend and the view select it
    expect(keptMaskOf(store())).toBe(kept);
    store().setStray({ ...view, hidden: false });
    expect(keptMaskOf(store())).toBe(clip);
  });

  it('leave recognition a copy of the other points with their fields, and none where nothing is hidden', async () => {
    const stray = await scanWithStrayFound(true);
    const part = recognitionPart(store())!;
    const n = stray.length;
    expect(part.kept.length).toBe(n - countKept(stray));
    for (const i of part.kept) expect(stray[i]).toBe(0);
    const whole = store().layerData!.geometry;
    expect(part.geometry.fields.label.length).toBe(part.kept.length);
    expect(part.geometry.positions[0]).toBe(whole.positions[3 * part.kept[0]]);
    const view = store().stray;
    if (view?.status !== 'done') throw new Error('the search is recorded as done');
    store().setStray({ ...view, hidden: false });
    expect(recognitionPart(store())).toBeNull();
  });

  it('go with their layer when another becomes active, and come back with it', async () => {
    const stray = await scanWithStrayFound(true);
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
    expect(store().stray).toBeNull();
    expect(keptMaskOf(store())).toBeNull();
    store().activateLayer('scan');
    expect(store().stray).toMatchObject({ status: 'done', hidden: true });
    expect(keptCountOf(store())).toBe(stray.length - countKept(stray));
    // the snapshot the test hook reads keeps to plain data
    expect(Object.values(snapshot(store())).some((v) => ArrayBuffer.isView(v))).toBe(false);
  });

  it('mark nothing on a layer whose points changed since the search', async () => {
    await scanWithStrayFound(true);
    const s = store();
    const positions = s.layerData!.geometry.positions.slice();
    useAppStore.setState({ layerData: { ...s.layerData!, geometry: { ...s.layerData!.geometry, positions } } } as Partial<AppState>);
    expect(keptMaskOf(store())).toBeNull();
  });

  it('are marked only where their points are drawn: not on a hidden layer, nor where the legend hides their class or the clip cuts them away', async () => {
    const stray = await scanWithStrayFound(false);
    const strayIndices = [...stray.keys()].filter((i) => stray[i]);
    expect([...markedStrayOf(store())!]).toEqual(strayIndices);
    store().updateLayer('scan', { visible: false });
    expect(markedStrayOf(store())).toBeNull();
    store().updateLayer('scan', { visible: true });
    // the class of the first stray point hidden in the legend: its stray points are not marked, the others are
    const labels = store().layerData!.geometry.fields.label;
    const hiddenClass = labels[strayIndices[0]];
    store().updateSettings({ colorMode: 'field:label', hiddenLabels: { 'field:label': [hiddenClass] } });
    const marked = [...markedStrayOf(store())!];
    expect(marked).toEqual(strayIndices.filter((i) => labels[i] !== hiddenClass));
    expect(marked.length).toBeGreaterThan(0);
    store().updateSettings({ hiddenLabels: {} });
    const bounds = store().layer!.bounds;
    store().updateClip({ section: (bounds.min[2] + bounds.max[2]) / 2 });
    const clip = clipMaskOf(store())!;
    expect([...markedStrayOf(store())!]).toEqual(strayIndices.filter((i) => clip[i]));
  });
});
