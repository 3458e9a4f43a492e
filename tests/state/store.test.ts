import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { describePoint } from '../../src/state/describePoint';
import { boxSetsOf, INITIAL_APP_DATA, sceneBoxesOf, legendOf, showParseResult, snapshot, useAppStore } from '../../src/state/store';
import { DEFAULT_VIEW_SETTINGS, hexToRgb } from '../../src/state/viewSettings';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) });
const CLASSES: { name: string; color: [number, number, number] }[] = [
  { name: 'wall', color: [1, 2, 3] },
  { name: 'floor', color: [4, 5, 6] },
];

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null }));

describe('app store', () => {
  it('gives the test hook only serialisable data', async () => {
    showParseResult('layer-a', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const state = snapshot(useAppStore.getState());
    expect(structuredClone(state)).toEqual(state);
    expect(Object.values(state).some((v) => typeof v === 'function' || ArrayBuffer.isView(v))).toBe(false);
    expect(state).not.toHaveProperty('layerData');
    expect(state.settings).toMatchObject({ ...DEFAULT_VIEW_SETTINGS, colorMode: 'rgb' });
  });

  it('keeps the shown layer when a load fails, and drops the answer of a load that was overtaken', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 12);
    const layer = useAppStore.getState().layer;
    const s = useAppStore.getState();
    s.startLoading(1, 'slow.ply', 'fetching');
    s.startLoading(2, 'broken.ply', 'parsing');
    s.failLoading(1, 'slow.ply could not be fetched');
    expect(useAppStore.getState().error).toBeNull();
    expect(useAppStore.getState().loading?.id).toBe(2);
    s.failLoading(2, 'broken.ply is not a PLY file');
    const after = useAppStore.getState();
    expect(after.layer).toBe(layer);
    expect(after.loading).toBeNull();
    expect(after.error).toBe('broken.ply is not a PLY file');
    after.dismissError();
    expect(useAppStore.getState().error).toBeNull();
  });

  it('describes a parsed scan and replaces the previous layer with everything that belonged to it', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 10);
    useAppStore.getState().updateSettings({ hiddenLabels: { 'field:label': [1] } });
    useAppStore.getState().setClassification({ status: 'running', layerId: 'layer-a', stage: 'classifying', progress: 1 });
    expect(useAppStore.getState().classification?.status).toBe('running');
    showParseResult('layer-b', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20, { sampleId: 'scene0000', up: { axis: '+z', source: 'sample' } });
    const s = useAppStore.getState();
    expect(s.layer).toMatchObject({
      id: 'layer-b',
      fileName: 'scene0000_00.ply',
      format: 'ply',
      kind: 'points',
      points: 25_000,
      faces: 0,
      attributes: ['rgb', 'label', 'instance'],
      parseMs: 20,
      droppedNonFinite: 0,
      // xyz float32, rgb bytes, label and instance as 32-bit integers
      memoryBytes: 25_000 * (12 + 3 + 4 + 4),
    });
    expect(s.layer!.bounds.min[2]).toBeLessThan(s.layer!.bounds.max[2]);
    expect(s.settings).toMatchObject({ colorMode: 'rgb', upAxis: '+z', hiddenLabels: {} });
    expect(s.layer!.up).toEqual({ axis: '+z', source: 'sample' });
    expect(s.classification).toBeNull();
    expect(s.gallery.shown).toEqual({ sampleId: 'scene0000', layerId: 'layer-b' });
    expect(s.layerData?.id).toBe('layer-b');
    expect(s.layerData?.geometry.positions.length).toBe(75_000);
  });

  it('drops a feature answer for a layer no longer shown', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 10);
    useAppStore.getState().setSegmentation({ status: 'cancelled', layerId: 'layer-old', message: 'x' });
    expect(useAppStore.getState().segmentation).toBeNull();
  });

  it('lets a feature attach per-point classes, which become a colour mode, a legend and show when picked', async () => {
    showParseResult('layer-a', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const n = useAppStore.getState().layer!.points;
    const values = new Int32Array(n).map((_, i) => (i < 10 ? 1 : 0));
    const confidence = new Float32Array(n).fill(0.75);
    useAppStore.getState().setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values, confidence, classes: CLASSES }, true);
    const s = useAppStore.getState();
    expect(s.layer!.overlays).toEqual([{ id: 'segmentation', label: 'Predicted class' }]);
    expect(s.layer!.colorModes.map((m) => m.id)).toContain('overlay:segmentation');
    expect(s.settings.colorMode).toBe('overlay:segmentation');
    expect(legendOf(s)).toMatchObject({ kind: 'labels', entries: [{ name: 'wall', count: n - 10 }, { name: 'floor', count: 10 }] });
    const pick = describePoint(s.layerData!, 3);
    expect(pick.overlays.segmentation).toEqual({ className: 'floor', confidence: 0.75 });
    // where the model names a sure threshold, the pick says which side of it the point is
    for (const [sureAbove, sure] of [[0.75, true], [0.8, false]] as const) {
      s.setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values, confidence, classes: CLASSES, sureAbove }, false);
      expect(describePoint(useAppStore.getState().layerData!, 3).overlays.segmentation).toEqual({ className: 'floor', confidence: 0.75, sure });
    }
    expect(Object.keys(pick.fields)).toEqual(['label', 'instance']);
    expect(() => s.setOverlay('layer-a', { id: 'bad', label: 'Bad', values: new Int32Array(3), classes: [] })).toThrow(/3 values for 25000 points/);
  });

  it('counts in the legend only the points a clip keeps, those not yet given a class left out', async () => {
    showParseResult('layer-a', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const n = useAppStore.getState().layer!.points;
    // points 0..9 floor, 10..19 not predicted yet, the rest wall; the clip keeps the first 15 and the last 5
    const values = new Int32Array(n).map((_, i) => (i < 10 ? 1 : i < 20 ? -1 : 0));
    const counts = Float64Array.of(n - 20, 10);
    useAppStore.getState().setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values, classes: CLASSES, counts }, true);
    const kept = new Uint8Array(n).map((_, i) => (i < 15 || i >= n - 5 ? 1 : 0));
    const s = useAppStore.getState();
    expect(legendOf(s)).toMatchObject({ entries: [{ name: 'wall', count: n - 20 }, { name: 'floor', count: 10 }] });
    expect(legendOf(s, kept)).toMatchObject({ entries: [{ name: 'wall', count: 5 }, { name: 'floor', count: 10 }] });
    expect((legendOf(s, kept) as { entries: unknown[] }).entries).toHaveLength(2);
  });

  it('says which points of an overlay changed, one revision at a time', async () => {
    showParseResult('layer-a', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const n = useAppStore.getState().layer!.points;
    useAppStore.getState().setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values: new Int32Array(n), classes: CLASSES });
    const before = useAppStore.getState().layerData!;
    expect(before.changed).toBeNull();
    useAppStore.getState().touchOverlay('layer-a', Int32Array.of(5, 9));
    const after = useAppStore.getState().layerData!;
    expect(after.revision).toBe(before.revision + 1);
    expect([...after.changed!]).toEqual([5, 9]);
    useAppStore.getState().touchOverlay('layer-other', Int32Array.of(1));
    expect(useAppStore.getState().layerData).toBe(after);
  });

  it("draws the classified object's box with its best class", async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 10);
    useAppStore.getState().setClassification({
      status: 'done',
      layerId: 'layer-a',
      model: { id: 'classifier', name: 'c', task: 'classification', backend: 'wasm', loadMs: 1, warmupMs: 1, providerReason: 'WASM was asked for' },
      upAxis: '+y',
      top: [{ label: 'bathtub', index: 1, probability: 0.9 }],
      uncertain: false,
      unknown: false,
      views: 1,
      box: { center: [0, 0, 0], size: [1, 2, 3] },
      preprocessMs: 1,
      inferenceMs: 1,
    });
    const sets = boxSetsOf(useAppStore.getState(), sceneBoxesOf(useAppStore.getState()));
    expect(sets.classification.boxes).toEqual([{ center: [0, 0, 0], size: [1, 2, 3], label: 'bathtub', classIndex: 1, score: 0.9, points: useAppStore.getState().layer!.points }]);
    expect(sets.detections).toBeUndefined();
    const c = useAppStore.getState().classification!;
    if (c.status !== 'done') throw new Error('classified');
    useAppStore.getState().setClassification({ ...c, unknown: true, oodScore: 400 });
    expect(boxSetsOf(useAppStore.getState(), undefined).classification.boxes[0].label).toBe('unknown (closest: bathtub)');
  });

  it('draws a scene\'s boxes square to its walls only where the setting asks and a box carries them', () => {
    const square = { center: [1, 1, 0.5] as [number, number, number], size: [2, 1, 1] as [number, number, number], turn: { axis: 2 as const, radians: 0.5 } };
    const found = [
      { center: [1, 1, 0.5] as [number, number, number], size: [2.2, 1.9, 1] as [number, number, number], label: 'bed', classIndex: 3, score: 0.8, points: 40, square },
      { center: [3, 3, 0.5] as [number, number, number], size: [1, 1, 1] as [number, number, number], label: 'chair', classIndex: 4, score: 0.6, points: 20 },
    ];
    const s = useAppStore.getState();
    expect(boxSetsOf(s, found).detections.boxes).toBe(found);
    const drawn = boxSetsOf({ ...s, settings: { ...s.settings, boxesSquareToWalls: true } }, found).detections.boxes;
    expect(drawn[0]).toMatchObject({ label: 'bed', center: square.center, size: square.size, turn: square.turn });
    expect(drawn[1]).toBe(found[1]);
  });

  it('gives the shown layer a computed field as a colour mode, counted in its memory, and replaces one of the same name', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 12);
    const before = useAppStore.getState().layer!;
    const values = new Float32Array(before.points).fill(0.5);
    useAppStore.getState().attachField('layer-a', 'distance_to_room', values);
    const after = useAppStore.getState().layer!;
    expect(after.attributes).toContain('distance_to_room');
    expect(after.colorModes.map((m) => m.id)).toContain('field:distance_to_room');
    expect(after.bytes).toBe(before.bytes + values.byteLength);
    useAppStore.getState().attachField('layer-a', 'distance_to_room', values.slice());
    expect(useAppStore.getState().layer!.bytes).toBe(after.bytes);
    expect(useAppStore.getState().layerData!.geometry.fields.distance_to_room).not.toBe(values);
    // an answer for a layer no longer shown is dropped, and one of the wrong length refused
    useAppStore.getState().attachField('layer-b', 'distance_to_other', values);
    expect(useAppStore.getState().layer!.attributes).not.toContain('distance_to_other');
    expect(() => useAppStore.getState().attachField('layer-a', 'x', new Float32Array(3))).toThrow(/3 values for/);
  });

  it('takes a computed field away again, with its colour mode and its memory, and leaves a layer without it as it is', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 12);
    const before = useAppStore.getState().layer!;
    useAppStore.getState().attachField('layer-a', 'distance_to_room_x', new Float32Array(before.points));
    useAppStore.getState().detachField('layer-a', 'distance_to_room_x');
    const after = useAppStore.getState().layer!;
    expect(after.attributes).not.toContain('distance_to_room_x');
    expect(after.colorModes.map((m) => m.id)).not.toContain('field:distance_to_room_x');
    expect(after.bytes).toBe(before.bytes);
    expect('distance_to_room_x' in useAppStore.getState().layerData!.geometry.fields).toBe(false);
    const data = useAppStore.getState().layerData;
    useAppStore.getState().detachField('layer-a', 'distance_to_room_x');
    expect(useAppStore.getState().layerData).toBe(data);
  });

  it('draws a computed label field with the names of its ids through the legend, and forgets the names with the field', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 12);
    const n = useAppStore.getState().layer!.points;
    const planes = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1));
    const classes = [
      { id: -1, name: 'no plane', color: [9, 9, 9] as [number, number, number] },
      { id: 1, name: 'plane 1', color: [200, 0, 0] as [number, number, number] },
    ];
    useAppStore.getState().attachField('layer-a', 'plane', planes, classes);
    useAppStore.getState().updateSettings({ colorMode: 'field:plane' });
    const legend = legendOf(useAppStore.getState());
    expect(legend?.kind === 'labels' && legend.entries.map((e) => [e.name, e.count])).toEqual([
      ['no plane', Math.ceil(n / 3)],
      ['plane 1', n - Math.ceil(n / 3)],
    ]);
    expect(useAppStore.getState().layerData!.geometry.fieldClasses).toEqual({ plane: classes });
    // the same name as a measure, then gone: no names stay behind for it
    useAppStore.getState().attachField('layer-a', 'plane', new Float32Array(n));
    expect(useAppStore.getState().layerData!.geometry.fieldClasses).toBeUndefined();
    useAppStore.getState().attachField('layer-a', 'plane', planes, classes);
    useAppStore.getState().detachField('layer-a', 'plane');
    expect(useAppStore.getState().layerData!.geometry.fieldClasses).toBeUndefined();
  });

  it('reads a field computed after a point was inspected into the inspected point, and takes it away again', async () => {
    showParseResult('layer-a', 'bathtub_0001.off', await parseFiles([read('bathtub_0001.off')]), 12);
    const s = useAppStore.getState();
    s.setPick(describePoint(s.layerData!, 5));
    const values = Float32Array.from({ length: s.layer!.points }, (_, i) => i / 8);
    useAppStore.getState().attachField('layer-a', 'distance_to_room', values);
    expect(useAppStore.getState().pick).toMatchObject({ layerId: 'layer-a', index: 5, fields: { distance_to_room: 5 / 8 } });
    useAppStore.getState().detachField('layer-a', 'distance_to_room');
    expect(useAppStore.getState().pick!.fields).not.toHaveProperty('distance_to_room');
    expect(useAppStore.getState().pick!.index).toBe(5);
    // a point inspected on another layer is left as it is
    const elsewhere = { ...describePoint(useAppStore.getState().layerData!, 2), layerId: 'layer-b' };
    useAppStore.getState().setPick(elsewhere);
    useAppStore.getState().attachField('layer-a', 'distance_to_room', values);
    expect(useAppStore.getState().pick).toBe(elsewhere);
  });

  it('reads classes a model gave after a point was inspected into the inspected point', async () => {
    showParseResult('layer-a', 'scene0000_00.ply', await parseFiles([read('scene0000_00.ply')]), 20);
    const s = useAppStore.getState();
    s.setPick(describePoint(s.layerData!, 3));
    expect(useAppStore.getState().pick!.overlays).toEqual({});
    const values = new Int32Array(s.layer!.points).fill(1);
    useAppStore.getState().setOverlay('layer-a', { id: 'segmentation', label: 'Predicted class', values, classes: CLASSES });
    expect(useAppStore.getState().pick).toMatchObject({ index: 3, overlays: { segmentation: { className: 'floor' } } });
  });

  it('reads #rrggbb colours', () => {
    expect(hexToRgb('#15171c')).toEqual([0x15, 0x17, 0x1c]);
  });
});
