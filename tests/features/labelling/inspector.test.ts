import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { validateManifest } from '../../../src/core/ml/manifest';
import { CORRECTED, redoLabelEdit, setSelectionClass, startLabelling, undoLabelEdit } from '../../../src/features/labelling/labelling';
import { describePoint } from '../../../src/state/describePoint';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

const root = resolve(import.meta.dirname, '../../..');
const manifest = validateManifest(JSON.parse(readFileSync(resolve(root, 'models/manifest.json'), 'utf8')));
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, labellingData: null }));

describe('the inspector after a label edit', () => {
  it("reads the picked point's corrected class again after the edit, its undo and its redo", async () => {
    const bytes = new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/e2e/scene0000_00.ply')));
    showParseResult('scan', 'scene0000_00.ply', await parseFiles([{ name: 'scene0000_00.ply', bytes }]), 20);
    store().setModels({ status: 'ready', entries: manifest.models });
    startLabelling('empty');
    const index = 7;
    store().setPick(describePoint(store().layerData!, index));
    const corrected = () => store().pick?.overlays[CORRECTED]?.className;
    const before = corrected();
    // started from nothing, the point has no class: said in words, not as an id
    expect(before).toBe('unlabelled');
    // the person selects the picked point and gives it the class "chair"
    const data = store().labellingData!;
    data.selection[index] = 1;
    store().updateLabelling({ selected: 1 }, data);
    const chair = manifest.models.find((m) => m.task === 'semantic-segmentation')!.classes.findIndex((c) => c.name === 'chair');
    setSelectionClass(chair);
    expect(corrected()).toBe('chair');
    undoLabelEdit();
    expect(corrected()).toBe(before);
    redoLabelEdit();
    expect(corrected()).toBe('chair');
  });
});
