import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { cancelMerge, mergeVisibleLayers } from '../../../src/features/merge/merge';
import { BusyWorker } from '../busyWorker';

const fixture = (name: string) => resolve(import.meta.dirname, '../../fixtures/e2e', name);
const store = () => useAppStore.getState();
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(fixture(name))) }]);

beforeEach(() => {
  useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null });
  BusyWorker.made = [];
  vi.stubGlobal('Worker', BusyWorker);
  // the read budget is read from the page's address
  vi.stubGlobal('location', { search: '' });
});
afterEach(() => vi.unstubAllGlobals());

describe('cancelling a merge', () => {
  it('ends its worker and leaves the layers as they were: none added, none hidden', async () => {
    showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'sample' } });
    showParseResult('odd', 'scene0000_00_odd.ply', await read('scene0000_00_odd.ply'), 1, { add: {}, up: { axis: '+z', source: 'sample' } });
    const layersBefore = store().layers.map((e) => [e.meta.id, e.visible]);
    const merging = mergeVisibleLayers();
    expect(store().merge).toEqual({ status: 'running' });
    cancelMerge();
    await merging;
    expect(BusyWorker.made).toHaveLength(1);
    expect(BusyWorker.made[0].ended).toBe(true);
    expect(store().merge).toEqual({ status: 'error', message: 'cancelled.' });
    expect(store().layers.map((e) => [e.meta.id, e.visible])).toEqual(layersBefore);
  });
});
