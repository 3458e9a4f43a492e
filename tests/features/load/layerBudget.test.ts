import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { refuseOverBudget } from '../../../src/features/load/layerBudget';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
/** what the fixture's arrays take: 25,000 points of xyz, rgb, label and instance */
const SCAN_BYTES = 25_000 * 23;

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {} }));

describe('a layer against the read budget', () => {
  it('refuses a layer past the budget, takes its preview away and gives the layer active before back', async () => {
    showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20);
    const odd = await read('scene0000_00_odd.ply');
    showParseResult('preview', 'scene0000_00_odd.ply', odd, 0, { add: {}, preview: true });
    expect(useAppStore.getState().layer?.memoryBytes).toBe(SCAN_BYTES);
    const message = refuseOverBudget('scene0000_00_odd.ply', SCAN_BYTES, { preview: 'preview', before: 'scan' }, 2 * SCAN_BYTES - 1);
    expect(message).toMatch(/^scene0000_00_odd\.ply was not added: it takes 562 kB once read and the layer shown takes 562 kB, more than the 1\.1 MB read budget together\./);
    const s = useAppStore.getState();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['scan']);
    expect(s.layer?.id).toBe('scan');
    expect(s.parked).toEqual({});
  });

  it('counts a layer read again in place out of the budget, and keeps it where the new read is refused', async () => {
    showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20);
    showParseResult('again', 'scene0000_00_odd.ply', await read('scene0000_00_odd.ply'), 20, { add: {} });
    // the layer read again does not count against its own new read
    expect(refuseOverBudget('scene0000_00_odd.ply', SCAN_BYTES, { replaces: 'again', before: 'again' }, 2 * SCAN_BYTES)).toBeNull();
    const message = refuseOverBudget('scene0000_00_odd.ply', 2 * SCAN_BYTES, { replaces: 'again', before: 'again' }, 2 * SCAN_BYTES);
    expect(message).toMatch(/^scene0000_00_odd\.ply was not added/);
    const s = useAppStore.getState();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['scan', 'again']);
    expect(s.layer?.id).toBe('again');
  });

  it('lets in a layer the budget has room for', async () => {
    showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20);
    expect(refuseOverBudget('scene0000_00_odd.ply', SCAN_BYTES, { before: 'scan' }, 2 * SCAN_BYTES)).toBeNull();
    expect(useAppStore.getState().layers.map((e) => e.meta.id)).toEqual(['scan']);
  });
});
