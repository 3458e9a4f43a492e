import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { decodeView, encodeView, persistSettings, SETTINGS_KEY } from '../../src/state/persistSettings';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../src/state/store';
import { DEFAULT_VIEW_SETTINGS } from '../../src/state/viewSettings';
import { memoryStorage } from '../features/memoryStorage';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });

let stop: (() => void) | undefined;
beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null }));
afterEach(() => stop?.());

describe('view settings (de)serialisation', () => {
  it('reads back what it wrote, less the up axis (the file decides it)', () => {
    const settings = { ...DEFAULT_VIEW_SETTINGS, pointSize: 7.5, colorMode: 'field:label', meshMode: 'wireframe' as const, upAxis: '+z' as const, showBoxes: false };
    const { upAxis: _, ...expected } = settings;
    expect(decodeView(encodeView(settings, 'scene.ply'))).toEqual({ settings: expected, fileName: 'scene.ply' });
  });

  it('leaves out what it does not know, what has the wrong type and broken text', () => {
    const text = JSON.stringify({ settings: { pointSize: '4', showGrid: false, meshMode: 'solid', upAxis: 'x', colour: 'red', background: '#000000' } });
    expect(decodeView(text)).toEqual({ settings: { showGrid: false, background: '#000000' }, fileName: undefined });
    expect(decodeView('{not json')).toEqual({ settings: {} });
    expect(decodeView(null)).toEqual({ settings: {} });
    expect(decodeView('[1,2]')).toEqual({ settings: {} });
  });
});

describe('persistSettings', () => {
  it('keeps the colour scale ranges that are two finite numbers in order, and leaves out the rest', () => {
    const scaleRanges = { height: [0.5, 2.5], 'field:intensity': [300, 100], 'field:a': [1], 'field:b': [0, 'x'], 'field:c': [0, null], confidence: 'wide' };
    expect(decodeView(JSON.stringify({ settings: { scaleRanges } })).settings).toEqual({ scaleRanges: { height: [0.5, 2.5] } });
    expect(decodeView(JSON.stringify({ settings: { scaleRanges: null } })).settings).toEqual({ scaleRanges: {} });
  });

  it('keeps a headerless .bin count of values a point that the reader allows, or 0 for found', () => {
    for (const recordValues of [0, 3, 16]) expect(decodeView(JSON.stringify({ settings: { recordValues } })).settings).toEqual({ recordValues });
    for (const recordValues of [2, 17, 4.5, -1]) expect(decodeView(JSON.stringify({ settings: { recordValues } })).settings).toEqual({});
  });

  it('saves each change and restores it on the next start', () => {
    const storage = memoryStorage();
    stop = persistSettings(storage);
    useAppStore.getState().updateSettings({ pointSize: 9, showAxes: true });
    stop();
    useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null });
    stop = persistSettings(storage);
    expect(useAppStore.getState().settings).toMatchObject({ pointSize: 9, showAxes: true });
  });

  it('restores the colour mode on the same file once that file offers it, and not on another file', async () => {
    const scan = await parseFiles([read('scene0000_00.ply')]);
    const storage = memoryStorage({ initial: { [SETTINGS_KEY]: encodeView({ ...DEFAULT_VIEW_SETTINGS, colorMode: 'overlay:segmentation' }, 'scene0000_00.ply') } });
    stop = persistSettings(storage);
    showParseResult('layer-a', 'scene0000_00.ply', scan, 1);
    expect(useAppStore.getState().settings.colorMode).toBe('rgb');
    // the file's first colour mode is what is saved until the wanted one can apply
    expect(decodeView(storage.getItem(SETTINGS_KEY)).settings.colorMode).toBe('overlay:segmentation');
    const n = scan.data.positions.length / 3;
    useAppStore.getState().setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values: new Int32Array(n), classes: [{ name: 'wall', color: [1, 2, 3] }] });
    expect(useAppStore.getState().settings.colorMode).toBe('overlay:segmentation');

    stop();
    useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null });
    stop = persistSettings(memoryStorage({ initial: { [SETTINGS_KEY]: encodeView({ ...DEFAULT_VIEW_SETTINGS, colorMode: 'height' }, 'other.ply') } }));
    showParseResult('layer-b', 'scene0000_00.ply', scan, 1);
    expect(useAppStore.getState().settings.colorMode).toBe('rgb');
  });
});
