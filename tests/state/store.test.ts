import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { describePoint } from '../../src/state/describePoint';
import { attachOverlay, showParseResult } from '../../src/state/layerActions';
import { getLayerData } from '../../src/state/layerRegistry';
import { INITIAL_VIEWER_DATA, snapshot, useViewerStore } from '../../src/state/store';
import { DEFAULT_VIEW_SETTINGS, hexToRgb } from '../../src/state/viewSettings';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });

beforeEach(() => useViewerStore.setState(INITIAL_VIEWER_DATA));

describe('viewer store', () => {
  it('holds only serialisable data', () => {
    const state = snapshot(useViewerStore.getState());
    expect(structuredClone(state)).toEqual(state);
    expect(Object.values(state).some((v) => typeof v === 'function')).toBe(false);
    expect(state.settings).toEqual(DEFAULT_VIEW_SETTINGS);
  });

  it('keeps the shown layer when a load fails', async () => {
    const result = await parseFiles([read('bathtub_0001.off')]);
    const id = showParseResult('bathtub_0001.off', result, 12);
    const layer = useViewerStore.getState().layer;
    useViewerStore.getState().startLoading('broken.ply', 'parsing');
    useViewerStore.getState().failLoading('broken.ply is not a PLY file');
    const s = useViewerStore.getState();
    expect(s.layer).toBe(layer);
    expect(s.layer?.id).toBe(id);
    expect(s.loading).toBeNull();
    expect(s.error).toBe('broken.ply is not a PLY file');
    s.dismissError();
    expect(useViewerStore.getState().error).toBeNull();
  });

  it('describes a parsed scan and replaces the previous layer with everything attached to it', async () => {
    const first = showParseResult('bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 10);
    useViewerStore.getState().updateSettings({ hiddenLabels: { 'field:label': [1] } });
    useViewerStore.getState().setBoxSet({ id: 'detections', title: 'Objects', boxes: [] });
    useViewerStore.getState().setResult('classification', { top: ['bathtub'] });
    const id = showParseResult('scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const s = useViewerStore.getState();
    expect(s.layer).toMatchObject({
      id,
      fileName: 'scene0000_00.ply',
      format: 'ply',
      kind: 'points',
      points: 25_000,
      faces: 0,
      attributes: ['rgb', 'label', 'instance'],
      parseMs: 20,
      droppedNonFinite: 0,
    });
    expect(s.layer!.bounds.min[2]).toBeLessThan(s.layer!.bounds.max[2]);
    expect(s.settings).toMatchObject({ colorMode: 'rgb', upAxis: 'z', hiddenLabels: {} });
    expect(s.boxSets).toEqual({});
    expect(s.results).toEqual({});
    expect(getLayerData(first)).toBeUndefined();
    expect(getLayerData(id)?.geometry.positions.length).toBe(75_000);
  });

  it('lets a feature attach per-point classes, which become a colour mode and show when picked', async () => {
    const id = showParseResult('scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const n = useViewerStore.getState().layer!.points;
    const values = new Int32Array(n).map((_, i) => (i < 10 ? 1 : 0));
    const confidence = new Float32Array(n).fill(0.75);
    attachOverlay(id, { id: 'segmentation', label: 'Predicted class', values, confidence, classes: [{ name: 'wall', color: [1, 2, 3] }, { name: 'floor', color: [4, 5, 6] }] }, true);
    const s = useViewerStore.getState();
    expect(s.layer!.overlays).toEqual([{ id: 'segmentation', label: 'Predicted class' }]);
    expect(s.layer!.colorModes.map((m) => m.id)).toContain('overlay:segmentation');
    expect(s.settings.colorMode).toBe('overlay:segmentation');
    const pick = describePoint(getLayerData(id)!, 3);
    expect(pick.overlays.segmentation).toEqual({ className: 'floor', confidence: 0.75 });
    expect(Object.keys(pick.fields)).toEqual(['label', 'instance']);
    expect(() => attachOverlay(id, { id: 'bad', label: 'Bad', values: new Int32Array(3), classes: [] })).toThrow(/3 values for 25000 points/);
  });

  it('keeps box sets by id', () => {
    const box = { center: [0, 0, 0] as [number, number, number], size: [1, 1, 1] as [number, number, number], label: 'chair', classIndex: 4, score: 0.9, points: 120 };
    const s = useViewerStore.getState();
    s.setBoxSet({ id: 'object', title: 'Object', boxes: [box] });
    s.setBoxSet({ id: 'object', title: 'Object', boxes: [box, box] });
    expect(useViewerStore.getState().boxSets.object.boxes).toHaveLength(2);
  });

  it('reads #rrggbb colours', () => {
    expect(hexToRgb('#15171c')).toEqual([0x15, 0x17, 0x1c]);
  });
});
