import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { changedSince, volumeRanOn } from '../../../src/features/volume/volume';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
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

/** A volume of the active layer against the scan, as a run that took the store as it is now. */
function doneNow(): Extract<VolumeView, { status: 'done' }> {
  const s = store();
  return {
    status: 'done',
    layerId: s.layer!.id,
    grid: { up: '+y', across: [0, 2], cell: 1, corner: [0, 0], columns: 1, rows: 1, heights: Float64Array.of(1), points: 10, empty: 0, interpolated: 0 },
    volume: { fill: 1, cut: 0, net: 1, area: 1, cells: 1, empty: 0, interpolated: 0 },
    scale: 1,
    base: NaN,
    baseChoice: 'layer',
    between: { baseId: 'scan', baseName: 'scene0000_00.ply', basePoints: 5, matched: 1, onlyActive: 0, onlyBase: 0, baseInterpolated: 0 },
    ran: volumeRanOn(s, 'scan')!,
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
});
