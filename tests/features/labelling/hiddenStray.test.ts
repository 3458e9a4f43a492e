import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { findStrayPoints } from '../../../src/core/geometry/strayPoints';
import { validateManifest } from '../../../src/core/ml/manifest';
import { hiddenSelectedOf, setSelectionClass, startLabelling, undoLabelEdit } from '../../../src/features/labelling/labelling';
import { hideStrayPoints } from '../../../src/features/stray/stray';
import { keptCountOf } from '../../../src/state/clipMask';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

const root = resolve(import.meta.dirname, '../../..');
const manifest = validateManifest(JSON.parse(readFileSync(resolve(root, 'models/manifest.json'), 'utf8')));
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, labellingData: null, parked: {}, strayMarks: null }));

/** The real ScanNet fixture, labelled from nothing, every point selected, its stray points found (loosely: many) and shown. */
async function labelledScanWithStray(): Promise<Uint8Array> {
  const bytes = new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/e2e/scene0000_00.ply')));
  showParseResult('scan', 'scene0000_00.ply', await parseFiles([{ name: 'scene0000_00.ply', bytes }]), 20, { up: { axis: '+z', source: 'sample' } });
  store().setModels({ status: 'ready', entries: manifest.models });
  startLabelling('empty');
  const positions = store().layerData!.geometry.positions;
  const found = findStrayPoints(positions, { sigma: 1 });
  store().setStray(
    { status: 'done', layerId: 'scan', k: found.k, sigma: 1, count: found.count, points: found.stray.length, meanDistance: found.meanDistance, threshold: found.threshold, unit: '', ms: 1, hidden: false },
    { layerId: 'scan', positions, stray: found.stray },
  );
  const data = store().labellingData!;
  data.selection.fill(1);
  store().updateLabelling({ selected: data.selection.length }, data);
  return found.stray;
}

describe('label edits and hidden stray points', () => {
  it('a label edit made while stray points are hidden takes only the points shown, even those selected before', async () => {
    const stray = await labelledScanWithStray();
    expect(stray.some((v) => v === 1)).toBe(true);
    hideStrayPoints(true);
    setSelectionClass(0);
    const classes = store().labellingData!.labels.classes;
    for (let i = 0; i < stray.length; i++) expect(classes[i] === 0).toBe(stray[i] === 0);
  });

  it('counts the selected points hidden since they were selected, which the panel says an edit leaves as they are', async () => {
    const stray = await labelledScanWithStray();
    expect(hiddenSelectedOf(store(), store().labellingData)).toBe(0);
    hideStrayPoints(true);
    expect(hiddenSelectedOf(store(), store().labellingData)).toBe(stray.reduce((n, v) => n + v, 0));
    hideStrayPoints(false);
    expect(hiddenSelectedOf(store(), store().labellingData)).toBe(0);
  });

  it('Ctrl+Z takes back the label edit, not the hiding, which "Show them again" takes back', async () => {
    await labelledScanWithStray();
    const n = store().layerData!.geometry.positions.length / 3;
    hideStrayPoints(true);
    setSelectionClass(0);
    undoLabelEdit();
    expect(store().labellingData!.labels.classes.every((c) => c < 0)).toBe(true);
    expect(keptCountOf(store())).toBeLessThan(n);
    hideStrayPoints(false);
    expect(keptCountOf(store())).toBe(n);
  });
});
