import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { clipMask, countKept, keptPrint } from '../../../src/core/geometry/clip';
import { GROUND, GROUND_FIELD, NOT_GROUND } from '../../../src/core/geometry/ground';
import { groundKept } from '../../../src/core/geometry/groundPoints';
import { differenceVolume, gridsBetween, heightAboveFieldName } from '../../../src/core/geometry/gridDifference';
import { las12 } from '../../core/io/helpers';
import { heapCloud } from '../../core/geometry/heapCloud';
import { baseTakenOf, changedSince, volumeRanOn } from '../../../src/features/volume/volume';
import { showField } from '../../../src/features/workerRun';
import { keptMaskOf } from '../../../src/state/clipMask';
import { effectiveColorMode, INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import type { VolumeView } from '../../../src/state/slices/volume';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));

/** A scan shown alone, then the bathtub mesh added beside it (active). */
async function scanThenBathtub() {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' } });
  showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
}

/** The bathtub mesh shown alone, then the scan added beside it (active). */
async function bathtubThenScan() {
  showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, {});
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' }, add: {} });
}

/** A volume of the active layer against layer `baseId` (the scan), as a run that took the store as it is now, that kept the heights above it as `field`. */
function doneNow(baseId = 'scan', field?: string): Extract<VolumeView, { status: 'done' }> {
  const s = store();
  const grid = { up: '+y' as const, across: [0, 2] as [number, number], cell: 1, corner: [0, 0] as [number, number], columns: 1, rows: 1, heights: Float64Array.of(1), points: 10, empty: 0, interpolated: 0 };
  return {
    status: 'done',
    layerId: s.layer!.id,
    grid,
    volume: { fill: 1, cut: 0, net: 1, area: 1, cells: 1, empty: 0, interpolated: 0 },
    scale: 1,
    base: NaN,
    baseChoice: 'layer',
    between: { baseId, baseName: 'base', basePoints: 5, baseTotal: 5, baseLeftBy: '', baseGrid: grid, matched: 1, onlyActive: 0, onlyBase: 0, baseInterpolated: 0, ...(field && { field }) },
    ran: volumeRanOn(s, baseId)!,
    height: 'mean',
    emptyCells: 'empty',
    autoCell: true,
    total: 10,
    unit: '',
    ms: 1,
  };
}

describe('volume kept with its layer', () => {
  it('comes back when its layer is made active again, and a run the stepping down stopped is forgotten', async () => {
    await scanThenBathtub();
    const done = doneNow();
    store().setVolume(done);
    store().activateLayer('scan');
    expect(store().volume).toBeNull();
    store().setVolume({ status: 'running', layerId: 'scan', progress: 0.5 });
    store().activateLayer('tub');
    expect(store().volume).toBe(done);
    store().activateLayer('scan');
    expect(store().volume).toBeNull();
  });

  it('is not stale while nothing changed, nor once its layer comes back', async () => {
    await scanThenBathtub();
    const done = doneNow();
    store().setVolume(done);
    expect(changedSince(store(), done)).toBe(false);
    store().activateLayer('scan');
    store().activateLayer('tub');
    expect(changedSince(store(), store().volume as typeof done)).toBe(false);
  });

  it('is stale once the clip keeps other points', async () => {
    await scanThenBathtub();
    const done = doneNow();
    const { min, max } = store().layer!.bounds;
    store().updateClip({ section: (min[2] + max[2]) / 2 });
    expect(changedSince(store(), done)).toBe(true);
  });

  it("is stale once the layer's transform, or its base layer's, changes", async () => {
    await scanThenBathtub();
    const done = doneNow();
    store().updateLayer('tub', { transform: { translate: [0, 0, 0], rotateDeg: 0, scale: 2 } });
    expect(changedSince(store(), done)).toBe(true);
    store().updateLayer('tub', { transform: { translate: [0, 0, 0], rotateDeg: 0, scale: 1 } });
    expect(changedSince(store(), done)).toBe(false);
    store().updateLayer('scan', { transform: { translate: [1, 0, 0], rotateDeg: 0, scale: 1 } });
    expect(changedSince(store(), done)).toBe(true);
  });

  it("takes the base layer's points its own clip and hidden stray points leave, names what left the others out, and is stale once they change", async () => {
    await scanThenBathtub();
    // the scan clipped halfway up, and every tenth point found stray and hidden, while it is active
    store().activateLayer('scan');
    const positions = store().layerData!.geometry.positions;
    const n = positions.length / 3;
    const { min, max } = store().layer!.bounds;
    const height = (min[2] + max[2]) / 2;
    store().updateClip({ section: height });
    const clipped = clipMask(positions, { box: null, section: { up: '+z', height } });
    store().activateLayer('tub');
    const tubKept = keptMaskOf(store());
    expect(baseTakenOf(store(), 'scan')).toMatchObject({ kept: countKept(clipped), points: n, leftBy: 'its clip' });
    expect(countKept(clipped)).toBeGreaterThan(1000);
    expect(countKept(clipped)).toBeLessThan(n - 1000);
    // reading the base's masks leaves the active layer's as they were
    expect(keptMaskOf(store())).toBe(tubKept);

    store().activateLayer('scan');
    const stray = new Uint8Array(n).map((_, i) => (i % 10 === 0 ? 1 : 0));
    const view = { status: 'done', layerId: 'scan', k: 8, sigma: 1, count: countKept(stray), points: n, meanDistance: 0.01, threshold: 0.02, unit: '', ms: 1, hidden: true } as const;
    store().setStray(view, { layerId: 'scan', positions, stray });
    store().activateLayer('tub');
    const taken = baseTakenOf(store(), 'scan')!;
    expect(taken.leftBy).toBe('its clip and its hidden stray points');
    expect(taken.kept).toBe(clipped.filter((v, i) => v && !stray[i]).length);
    expect(Array.from(taken.mask!)).toEqual(Array.from(clipped, (v, i) => (v && !stray[i] ? 1 : 0)));

    const done = doneNow();
    store().setVolume(done);
    expect(changedSince(store(), done)).toBe(false);
    store().activateLayer('scan');
    store().updateClip({ section: null });
    store().activateLayer('tub');
    expect(changedSince(store(), store().volume as typeof done)).toBe(true);
    expect(baseTakenOf(store(), 'scan')).toMatchObject({ kept: n - countKept(stray), leftBy: 'its hidden stray points' });
  });

  it("is not stale once its own field is shown with the filter by value on, and is once the filter it read keeps other points", async () => {
    await bathtubThenScan();
    // the scan filtered by height, as it was when the volume ran
    store().updateSettings({ colorMode: 'height', scaleRanges: { height: [0.5, 1.2] }, filterByValue: true });
    const field = heightAboveFieldName('bathtub_0001.off');
    const done = doneNow('tub', field);
    store().setVolume(done);
    // the run keeps each point's height above the base (none where the base has no cell under it) and shows it
    const n = store().layerData!.geometry.positions.length / 3;
    const before = keptMaskOf(store());
    store().attachField('scan', field, new Float32Array(n).map((_, i) => (i % 3 ? i / n : NaN)));
    showField('scan', field);
    expect(effectiveColorMode(store())).toBe(`field:${field}`);
    // the filter now reads the field shown: it keeps other points, yet the volume is of the same ones
    expect(keptMaskOf(store())).not.toEqual(before);
    expect(changedSince(store(), done)).toBe(false);
    // the field's own range narrowed picks nothing for the volume either
    store().updateSettings({ scaleRanges: { height: [0.5, 1.2], [`field:${field}`]: [0.2, 0.4] } });
    expect(changedSince(store(), done)).toBe(false);
    // the range the run's filter read, changed: other points
    store().updateSettings({ scaleRanges: { height: [1, 2] } });
    expect(changedSince(store(), done)).toBe(true);
    store().updateSettings({ scaleRanges: { height: [0.5, 1.2] } });
    expect(changedSince(store(), done)).toBe(false);
    // the filter switched off leaves in the points it left out
    store().updateSettings({ filterByValue: false });
    expect(changedSince(store(), done)).toBe(true);
  });

  it('is stale once the filter by value, on another field than its own, keeps other points', async () => {
    await bathtubThenScan();
    store().updateSettings({ colorMode: 'height', filterByValue: true });
    const done = doneNow('tub', heightAboveFieldName('bathtub_0001.off'));
    store().setVolume(done);
    expect(changedSince(store(), done)).toBe(false);
    store().updateSettings({ scaleRanges: { height: [0.5, 1.2] } });
    expect(changedSince(store(), done)).toBe(true);
  });

  it('of the ground points alone takes the kept points that are ground, and is stale once the ground is found again with another split, not while it splits the same', async () => {
    await bathtubThenScan();
    const n = store().layerData!.geometry.positions.length / 3;
    const split = (every: number) => new Uint8Array(n).map((_, i) => (i % every ? GROUND : NOT_GROUND));
    store().attachField('scan', GROUND_FIELD, split(4));
    const s = store();
    const ran = volumeRanOn(s, undefined, undefined, true)!;
    // the ground's print: three points in four, of all the scan's
    expect(ran.kept).toBe(keptPrint(groundKept(split(4), null).mask, n));
    expect(ran.kept).not.toBe(volumeRanOn(s)!.kept);
    const done = { ...doneNow('tub'), between: undefined, baseChoice: 'floor' as const, base: 0, ran, groundFrom: GROUND_FIELD };
    store().setVolume(done);
    expect(changedSince(store(), done)).toBe(false);
    store().attachField('scan', GROUND_FIELD, split(4));
    expect(changedSince(store(), done)).toBe(false);
    store().attachField('scan', GROUND_FIELD, split(5));
    expect(changedSince(store(), done)).toBe(true);
  });
});

describe('volume against a base layer, of the ground points alone', () => {
  // before: a 4 × 2 box 10 high (class 6, building) standing on 10 × 10 of ground (class 2); after: the ground alone
  const inBox = (x: number, y: number) => x >= 3 && x < 7 && y >= 4 && y < 6;
  const survey = async (id: string, height: (x: number, y: number) => number, classOf: (x: number, y: number) => number, add: boolean) => {
    const positions = heapCloud(10, 10, height);
    const n = positions.length / 3;
    const label = new Uint8Array(n).map((_, i) => classOf(positions[3 * i], positions[3 * i + 1]));
    const cloud = { kind: 'points' as const, positions, colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label } };
    const name = `${id}.las`;
    showParseResult(id, name, await parseFiles([{ name, bytes: las12(cloud) }]), 1, { up: { axis: '+z', source: 'sample' }, ...(add && { add: {} }) });
  };
  const cutAgainst = (baseKept: Uint8Array | null) => {
    const positionsOf = (id: string) => (store().layer?.id === id ? store().layerData! : store().parked[id]!.data).geometry.positions;
    const { grid, baseGrid } = gridsBetween(positionsOf('after'), positionsOf('before'), { up: '+z', cell: 0.5, height: 'mean', kept: null, unit: '' }, baseKept);
    return differenceVolume(grid, baseGrid).cut;
  };

  it("takes the base's ground points where it holds a ground: the box that stood on the survey before is not cut, as it is from all its points", async () => {
    await survey('before', (x, y) => (inBox(x, y) ? 10 : 0), (x, y) => (inBox(x, y) ? 6 : GROUND), false);
    await survey('after', () => 0, () => GROUND, true);
    const all = baseTakenOf(store(), 'before')!;
    expect(all).toMatchObject({ kept: 201 * 201 });
    expect(all).not.toHaveProperty('groundFrom');
    expect(cutAgainst(all.mask)).toBeCloseTo(80, 6);
    const ground = baseTakenOf(store(), 'before', true)!;
    // the box's 80 × 40 samples left out
    expect(ground).toMatchObject({ kept: 201 * 201 - 80 * 40, points: 201 * 201, groundFrom: 'classification' });
    expect(cutAgainst(ground.mask)).toBe(0);
    // a run of the ground points is of other base points than one of all: each is stale to the other
    expect(volumeRanOn(store(), 'before', undefined, true)!.baseKept).not.toBe(volumeRanOn(store(), 'before')!.baseKept);
  });

  it('takes all the points of a base with no ground classes, and says it has none', async () => {
    await survey('before', (x, y) => (inBox(x, y) ? 10 : 0), () => 0, false);
    await survey('after', () => 0, () => GROUND, true);
    const taken = baseTakenOf(store(), 'before', true)!;
    expect(taken).toMatchObject({ kept: 201 * 201, groundFrom: null, mask: null });
    expect(cutAgainst(taken.mask)).toBeCloseTo(80, 6);
  });
});
