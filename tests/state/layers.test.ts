import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../src/core/io';
import { layerDataOf, layerSettings, pointBudgetsOf } from '../../src/state/layerStack';
import { INITIAL_APP_DATA, showParseResult, snapshot, useAppStore } from '../../src/state/store';
import { INITIAL_CLIP } from '../../src/state/slices/clip';
import { EMPTY_STACK } from '../../src/core/labelling/labelEdits';
import { emptyLabels } from '../../src/core/labelling/startLabels';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();
const CLASSES: { name: string; color: [number, number, number] }[] = [
  { name: 'wall', color: [1, 2, 3] },
  { name: 'floor', color: [4, 5, 6] },
];

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));

/** A scan shown alone (up +z, as its sample), then the bathtub mesh added beside it. */
async function scanThenBathtub() {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { up: { axis: '+z', source: 'sample' } });
  showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
}

describe('layers', () => {
  it('adds a file beside the one shown: it becomes active, the first stays listed and visible with its arrays', async () => {
    await scanThenBathtub();
    const s = store();
    expect(s.layers.map((e) => [e.meta.id, e.visible])).toEqual([['scan', true], ['tub', true]]);
    expect(s.layer?.id).toBe('tub');
    expect(s.layerData?.id).toBe('tub');
    expect(layerDataOf(s, 'scan')?.geometry.positions.length).toBe(75_000);
    // each layer keeps its own colour mode: the scan its file colours, the mesh (no colours) its height
    expect(layerSettings(s, 'scan').colorMode).toBe('rgb');
    expect(layerSettings(s, 'tub').colorMode).toBe(s.settings.colorMode);
    expect(s.settings.colorMode).not.toBe('rgb');
    // the test hook still gets plain data only
    const snap = snapshot(s);
    expect(structuredClone(snap)).toEqual(snap);
    expect(snap).not.toHaveProperty('parked');
  });

  it("gives each layer its tools' state back when it is made active again, and forgets the runs that stop", async () => {
    await scanThenBathtub();
    const n = store().layers[0].meta.points;
    // the bathtub's classification is running, its clip box set and a measurement taken
    store().setClassification({ status: 'running', layerId: 'tub', stage: 'classifying', progress: 0.5 });
    store().setComparison({ status: 'running', layerId: 'tub', reference: 'scene0000_00.ply', progress: 0.3 });
    store().setAlignment({ status: 'running', layerId: 'tub', reference: 'scene0000_00.ply', iteration: 4, rms: 0.1, progress: 0.02 });
    store().updateClip({ section: 0.4 });
    store().updateMeasure({ done: [{ id: 1, tool: 'distance', points: [{ layerId: 'tub', index: 0, position: [0, 0, 0] }, { layerId: 'tub', index: 1, position: [1, 0, 0] }] }] });
    store().activateLayer('scan');
    let s = store();
    expect(s.layer?.id).toBe('scan');
    expect(s.settings.colorMode).toBe('rgb');
    expect(s.clip).toEqual(INITIAL_CLIP);
    expect(s.measure.done).toEqual([]);
    expect(s.classification).toBeNull();
    // the scan's segmentation: its overlay goes with its arrays, its view with the layer
    store().setOverlay('scan', { id: 'segmentation', label: 'Predicted class', values: new Int32Array(n), classes: CLASSES }, true);
    store().setSegmentation({ status: 'offered', layerId: 'scan', estimateS: 12 });
    expect(store().layers[0].meta.colorModes.map((m) => m.id)).toContain('overlay:segmentation');
    // the bathtub's classification answers late: it names a layer no longer active and is dropped
    store().setClassification({ status: 'error', layerId: 'tub', message: 'late' });
    expect(store().classification).toBeNull();
    store().activateLayer('tub');
    s = store();
    expect(s.layer?.id).toBe('tub');
    expect(s.clip.section).toBe(0.4);
    expect(s.measure.done.map((m) => m.id)).toEqual([1]);
    expect(s.classification).toBeNull();
    expect(s.segmentation).toBeNull();
    // a distance measurement it stopped is not forgotten without a word
    expect(s.comparison).toEqual({ status: 'error', layerId: 'tub', reference: 'scene0000_00.ply', message: 'stopped when another layer was made active: measure again.' });
    expect(s.alignment).toEqual({ status: 'error', layerId: 'tub', reference: 'scene0000_00.ply', message: 'stopped when another layer was made active: align again.' });
    expect(layerSettings(s, 'scan').colorMode).toBe('overlay:segmentation');
    store().activateLayer('scan');
    s = store();
    expect(s.segmentation).toEqual({ status: 'offered', layerId: 'scan', estimateS: 12 });
    expect(s.layerData?.overlays.map((o) => o.id)).toEqual(['segmentation']);
    expect(s.settings.colorMode).toBe('overlay:segmentation');
  });

  it("keeps a layer's planes with it, and forgets a plane search the layer's stepping down stopped", async () => {
    await scanThenBathtub();
    const done = {
      status: 'done' as const,
      layerId: 'tub',
      planes: [],
      points: 10,
      total: 10,
      distance: 0.1,
      spacing: 0.05,
      autoDistance: true,
      minPoints: 3,
      maxPlanes: 8,
      seed: 1,
      up: '+y',
      unit: '',
      ms: 5,
    };
    store().setPlanes(done);
    store().activateLayer('scan');
    expect(store().planes).toBeNull();
    store().setPlanes({ status: 'running', layerId: 'scan', progress: 0.5 });
    store().activateLayer('tub');
    expect(store().planes).toEqual(done);
    store().activateLayer('scan');
    expect(store().planes).toBeNull();
  });

  it("keeps a layer's ground split with it, and forgets a ground search the layer's stepping down stopped", async () => {
    await scanThenBathtub();
    const done = {
      status: 'done' as const,
      layerId: 'tub',
      ground: 6,
      notGround: 4,
      total: 10,
      cell: 1,
      maxWindow: 18,
      slope: 0.15,
      threshold: 0.5,
      scalar: 1.25,
      columns: 2,
      rows: 2,
      objectCells: 1,
      lowNoise: 0,
      noiseDepth: 5,
      noiseCell: 10,
      up: '+y' as const,
      unit: '',
      ms: 5,
    };
    store().setGround(done);
    store().activateLayer('scan');
    expect(store().ground).toBeNull();
    store().setGround({ status: 'running', layerId: 'scan', progress: 0.5 });
    store().activateLayer('tub');
    expect(store().ground).toEqual(done);
    store().activateLayer('scan');
    expect(store().ground).toBeNull();
  });

  it("keeps a layer's clusters and their names with it, and forgets a clustering or a naming the layer's stepping down stopped", async () => {
    await scanThenBathtub();
    const done = {
      status: 'done' as const,
      layerId: 'tub',
      clusters: [{ points: 10, min: [0, 0, 0] as [number, number, number], max: [1, 1, 1] as [number, number, number], box: { center: [0.5, 0.5, 0.5] as [number, number, number], size: [1, 1, 1] as [number, number, number], yaw: 0 } }],
      points: 10,
      clustered: 10,
      withoutPlanes: false,
      tooSmall: 0,
      distance: 0.1,
      spacing: 0.05,
      autoDistance: true,
      minPoints: 1,
      up: '+y' as const,
      unit: '',
      ms: 5,
    };
    const named = { ...done, naming: { status: 'done' as const, names: [{ label: 'bathtub', probability: 0.9, unknown: false }] } };
    store().setClusters(named);
    store().activateLayer('scan');
    expect(store().clusters).toBeNull();
    store().setClusters({ status: 'running', layerId: 'scan', progress: 0.5 });
    store().activateLayer('tub');
    expect(store().clusters).toEqual(named);
    store().setClusters({ ...done, naming: { status: 'running', named: 0, of: 1 } });
    store().activateLayer('scan');
    expect(store().clusters).toBeNull();
    store().activateLayer('tub');
    expect(store().clusters).toEqual({ ...done, naming: undefined });
  });

  it("keeps a layer's corrected labels, selection and edits with it, the selection tool put down", async () => {
    await scanThenBathtub();
    store().activateLayer('scan');
    const n = store().layers[0].meta.points;
    const selection = new Uint8Array(n).fill(1, 0, 10);
    store().updateLabelling({ source: 'empty', tool: 'lasso', selected: 10 }, { layerId: 'scan', labels: emptyLabels(n), selection, stack: EMPTY_STACK });
    store().activateLayer('tub');
    expect(store().labelling.source).toBeNull();
    expect(store().labellingData).toBeNull();
    store().activateLayer('scan');
    const s = store();
    expect(s.labelling).toMatchObject({ source: 'empty', tool: null, selected: 10 });
    expect(s.labellingData?.selection).toBe(selection);
  });

  it('names the sample of the active layer to the gallery, and no sample while a file of the person is active', async () => {
    showParseResult('sample', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { sampleId: 'scannet-scene0000' });
    showParseResult('file', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
    expect(store().gallery.shown).toBeNull();
    store().activateLayer('sample');
    expect(store().gallery.shown).toEqual({ sampleId: 'scannet-scene0000', layerId: 'sample' });
    showParseResult('sample2', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {}, sampleId: 'modelnet-bathtub' });
    expect(store().gallery.shown).toEqual({ sampleId: 'modelnet-bathtub', layerId: 'sample2' });
  });

  it('stands each layer on its own up axis: the View panel sets the active one\'s, and each gets its own back when made active', async () => {
    await scanThenBathtub();
    const tubUp = store().layer!.up.axis;
    expect(store().settings.upAxis).toBe(tubUp);
    expect(layerSettings(store(), 'scan').upAxis).toBe('+z');
    store().updateSettings({ upAxis: '-x' });
    store().activateLayer('scan');
    expect(store().settings.upAxis).toBe('+z');
    expect(layerSettings(store(), 'tub').upAxis).toBe('-x');
    store().activateLayer('tub');
    expect(store().settings.upAxis).toBe('-x');
  });

  it('removes a layer: the last one listed becomes active, and the pick on a removed layer goes', async () => {
    await scanThenBathtub();
    showParseResult('tub2', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
    store().activateLayer('tub');
    store().setPick({ layerId: 'tub', index: 3, position: [0, 0, 0], fields: {}, overlays: {} });
    store().removeLayer('tub');
    let s = store();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['scan', 'tub2']);
    expect(s.layer?.id).toBe('tub2');
    expect(s.pick).toBeNull();
    expect(Object.keys(s.parked)).toEqual(['scan']);
    store().removeLayer('scan');
    store().removeLayer('tub2');
    s = store();
    expect(s.layers).toEqual([]);
    expect(s.layer).toBeNull();
    expect(s.layerData).toBeNull();
  });

  it('drops the measurements with a point on a removed layer, on every layer, and keeps the others', async () => {
    await scanThenBathtub();
    showParseResult('tub2', 'bathtub_0001.off', await read('bathtub_0001.off'), 10, { add: {} });
    const at = (layerId: string, index: number) => ({ layerId, index, position: [index, 0, 0] as [number, number, number] });
    // the scan's: one within itself, one reaching to the first bathtub
    store().activateLayer('scan');
    store().updateMeasure({ done: [{ id: 1, tool: 'distance', points: [at('scan', 0), at('scan', 1)] }, { id: 2, tool: 'distance', points: [at('scan', 0), at('tub', 1)] }] });
    // the second bathtub's, active: one to the first bathtub, one to the scan, and one in hand on the first bathtub
    store().activateLayer('tub2');
    store().updateMeasure({ tool: 'area', current: [at('tub', 5)], done: [{ id: 3, tool: 'distance', points: [at('tub2', 0), at('tub', 1)] }, { id: 4, tool: 'distance', points: [at('tub2', 0), at('scan', 1)] }] });
    store().removeLayer('tub');
    let s = store();
    expect(s.layer?.id).toBe('tub2');
    expect(s.measure.done.map((m) => m.id)).toEqual([4]);
    expect(s.measure.current).toEqual([]);
    expect(s.parked.scan.features.measured.map((m) => m.id)).toEqual([1]);
    store().activateLayer('scan');
    s = store();
    expect(s.measure.done.map((m) => m.id)).toEqual([1]);
  });
  it("puts a file's finished layer in the place of its preview, and a file shown alone replaces every layer", async () => {
    await scanThenBathtub();
    showParseResult('preview', 'big.ply', await read('scene0000_00.ply'), 0, { add: {}, preview: true });
    store().activateLayer('tub');
    store().activateLayer('preview');
    showParseResult('final', 'big.ply', await read('scene0000_00.ply'), 30, { add: { replaces: 'preview' } });
    let s = store();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['scan', 'tub', 'final']);
    expect(Object.keys(s.parked).sort()).toEqual(['scan', 'tub']);
    showParseResult('alone', 'bathtub_0001.off', await read('bathtub_0001.off'), 10);
    s = store();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['alone']);
    expect(s.parked).toEqual({});
  });

  it('moves, hides and colours a layer through its entry, and shares the point budget between the visible clouds', async () => {
    await scanThenBathtub();
    showParseResult('scan2', 'scene0000_00.ply', await read('scene0000_00.ply'), 20, { add: {} });
    store().updateSettings({ pointBudget: 30_000 });
    // the mesh draws all its vertices, outside the budget; the two scans of 25,000 points share it
    expect(pointBudgetsOf(store())).toEqual({ scan: 15_000, scan2: 15_000 });
    store().updateLayer('scan2', { visible: false, transform: { translate: [1, 0, 0], rotateDeg: 90, scale: 2 } });
    expect(pointBudgetsOf(store())).toEqual({ scan: 25_000 });
    expect(store().layers[2].transform.scale).toBe(2);
    store().updateLayer('scan', { colorMode: 'height' });
    expect(layerSettings(store(), 'scan').colorMode).toBe('height');
  });
});

describe('a layer read in place of another', () => {
  const MOVED = { translate: [1, 2, 0] as [number, number, number], rotateDeg: 30, scale: 1 };
  const detected = { axis: '+z' as const, source: 'detected' as const };

  /** The fixture scan, its points shifted by `dx` metres along x. */
  const shifted = async (dx: number) => {
    const result = await read('scene0000_00.ply');
    const p = result.data.positions;
    for (let i = 0; i < p.length; i += 3) p[i] += dx;
    return result;
  };

  /** Scan `a` shown, moved, hidden and coloured by height. */
  async function shownAndChanged() {
    showParseResult('a', '000000.bin', await read('scene0000_00.ply'), 1, { up: detected });
    store().updateLayer('a', { transform: MOVED, visible: false });
    store().updateSettings({ colorMode: 'height' });
  }

  it("gives a sequence's next scan the layer's place, transform, visibility and colour mode, and keeps its framing where the scan fits the same view", async () => {
    showParseResult('first', 'other.off', await read('bathtub_0001.off'), 1, {});
    showParseResult('a', '000000.bin', await read('scene0000_00.ply'), 1, { up: detected, add: {} });
    store().updateLayer('a', { transform: MOVED, visible: false });
    store().updateSettings({ colorMode: 'height' });
    showParseResult('b', '000001.bin', await shifted(0.5), 1, { up: detected, add: { replaces: 'a', inPlace: 'sequence' } });
    let s = store();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['first', 'b']);
    expect(s.layers[1]).toMatchObject({ transform: MOVED, visible: false, colorMode: 'height', framedAs: 'a' });
    expect(s.settings.colorMode).toBe('height');
    // a further step keeps the first scan's framing
    showParseResult('c', '000002.bin', await shifted(1), 1, { up: detected, add: { replaces: 'b', inPlace: 'sequence' } });
    expect(store().layers[1].framedAs).toBe('a');
    // a scan 100 m away (another room of the folder) is framed anew
    showParseResult('d', '000003.bin', await shifted(100), 1, { up: detected, add: { replaces: 'c', inPlace: 'sequence' } });
    s = store();
    expect(s.layers[1].meta.id).toBe('d');
    expect(s.layers[1].framedAs).toBeUndefined();
    expect(s.layers[1]).toMatchObject({ transform: MOVED, visible: false, colorMode: 'height' });
  });

  it("keeps an up axis the person chose for a sequence's next scan, and otherwise takes the one found for that scan", async () => {
    await shownAndChanged();
    // the next scan's own estimate differs: the layer's up was found, not chosen, so the scan's own counts
    showParseResult('b', '000001.bin', await read('scene0000_00.ply'), 1, { up: { axis: '+y', source: 'detected' }, add: { replaces: 'a', inPlace: 'sequence' } });
    expect(store().settings.upAxis).toBe('+y');
    // a new up axis is a new view: not the framing kept
    expect(store().layers[0].framedAs).toBeUndefined();
    // the person chooses +z: the next scan, found +y again, is drawn +z up, in the same view
    store().updateSettings({ upAxis: '+z' });
    showParseResult('c', '000002.bin', await read('scene0000_00.ply'), 1, { up: { axis: '+y', source: 'detected' }, add: { replaces: 'b', inPlace: 'sequence' } });
    const s = store();
    expect(s.settings.upAxis).toBe('+z');
    expect(s.layer?.up.axis).toBe('+y');
    expect(s.layers[0].framedAs).toBe('b');
  });

  it('gives a file read again its transform and visibility, drawn and framed as a file newly read', async () => {
    await shownAndChanged();
    showParseResult('b', '000000.bin', await read('scene0000_00.ply'), 1, { up: detected, add: { replaces: 'a', inPlace: 'reread' } });
    const s = store();
    expect(s.layers.map((e) => e.meta.id)).toEqual(['b']);
    expect(s.layers[0]).toMatchObject({ transform: MOVED, visible: false, colorMode: 'rgb' });
    expect(s.layers[0].framedAs).toBeUndefined();
    expect(s.settings.colorMode).toBe('rgb');
  });
});
