import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { readNotesJson, writeNotesJson } from '../../../src/core/notes/notesJson';
import type { PointCloud } from '../../../src/core/types';
import { removeLayer, setLayerTransform } from '../../../src/features/layers/layers';
import { chooseTool } from '../../../src/features/measure/measure';
import { cancelNote, editNote, importNotes, noteRecords, placeNote, removeNote, saveNote, toggleAddingNote } from '../../../src/features/notes/notes';
import { notesOf } from '../../../src/state/notes';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { geoKeyRecord, las12 } from '../../core/io/helpers';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/e2e');
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(resolve(FIXTURES, name))) }]);
const store = () => useAppStore.getState();
const positionOf = (index: number) => [...store().layerData!.geometry.positions.subarray(3 * index, 3 * index + 3)];
/** a survey's corner in US survey feet, far from zero */
const SURVEY = [512_345, 4_123_456, 118];

/** Six points of a survey in US survey feet, written as LAS (far from zero, so kept about an origin). */
async function surveyLayer(id: string, options: Parameters<typeof showParseResult>[4] = {}) {
  const positions = new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0, 10, 10, 0, 5, 5, 3, 2, 8, 1]);
  const cloud: PointCloud = { kind: 'points', positions, colors: new Uint8Array(18), fields: { instance: new Uint16Array(6), label: new Uint8Array(6) } };
  const bytes = las12(cloud, SURVEY, [geoKeyRecord([[3076, 9003]])]);
  showParseResult(id, `${id}.las`, await parseFiles([{ name: `${id}.las`, bytes }]), 1, { up: { axis: '+z', source: 'format' }, ...options });
}

function pin(layerId: string, index: number, text: string) {
  toggleAddingNote(true);
  placeNote(layerId, index);
  saveNote(text);
}

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));

describe('notes', () => {
  it('pins a note to the point clicked, given in its file\'s coordinates and unit, and puts the tool down', async () => {
    await surveyLayer('survey');
    toggleAddingNote();
    expect(store().notes.adding).toBe(true);
    placeNote('survey', 4);
    // blank text pins nothing
    saveNote('   ');
    expect(store().notes.notes).toEqual([]);
    saveNote(' crack here ');
    const s = store();
    expect(s.notes.adding).toBe(false);
    expect(s.notes.notes).toEqual([{ id: 1, layerId: 'survey', index: 4, position: positionOf(4), text: 'crack here' }]);
    const [note] = notesOf(s);
    expect(s.layer!.origin).toBeDefined();
    note.inFile.forEach((v, k) => expect(v).toBeCloseTo(positionOf(4)[k] + s.layer!.origin![k], 6));
    expect(note).toMatchObject({ id: 1, text: 'crack here', fileName: 'survey.las', unit: 'ftUS' });
  });

  it('drops the point clicked with Escape, then puts the tool down', async () => {
    await surveyLayer('survey');
    toggleAddingNote();
    placeNote('survey', 1);
    expect(cancelNote()).toBe(true);
    expect(store().notes).toMatchObject({ adding: true, pending: null });
    expect(cancelNote()).toBe(true);
    expect(store().notes.adding).toBe(false);
    expect(cancelNote()).toBe(false);
  });

  it('is drawn where its layer\'s transform puts it, and stays in its file\'s coordinates', async () => {
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1);
    pin('tub', 7, 'drain');
    const [before] = notesOf(store());
    // x is x in the file's axes and the scene's, whichever way is up
    expect(setLayerTransform('tub', { translate: [2, 0, 0], rotateDeg: 0, scale: 1 })).toBeNull();
    const [moved] = notesOf(store());
    moved.at.forEach((v, k) => expect(v - before.at[k]).toBeCloseTo([2, 0, 0][k], 5));
    expect(moved.inFile).toEqual(before.inFile);
    // scaled by 2 about the layer's centre: twice as far from it
    setLayerTransform('tub', { translate: [0, 0, 0], rotateDeg: 0, scale: 2 });
    const [scaled] = notesOf(store());
    const { min, max } = store().layer!.bounds;
    scaled.at.forEach((v, k) => expect(v).toBeCloseTo((min[k] + max[k]) / 2 + 2 * (before.at[k] - (min[k] + max[k]) / 2), 5));
  });

  it('edits and removes a note', async () => {
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1);
    pin('tub', 1, 'one');
    pin('tub', 2, 'two');
    editNote(1, 'first');
    editNote(2, ' ');
    removeNote(1);
    expect(store().notes.notes.map((n) => [n.id, n.text])).toEqual([[2, 'two']]);
  });

  it('goes with its layer, and the notice says so beside the measurements that went', async () => {
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1);
    showParseResult('tub2', 'bathtub_0002.off', await read('bathtub_0001.off'), 1, { add: {} });
    pin('tub', 1, 'rim');
    pin('tub', 2, 'drain');
    pin('tub2', 3, 'tap');
    store().updateMeasure({ done: [{ id: 1, tool: 'height', points: [{ layerId: 'tub', index: 1, position: [0, 0, 0] }] }] });
    removeLayer('tub');
    expect(store().notice).toBe('1 measurement on bathtub_0001.off was removed with it. 2 notes on bathtub_0001.off were removed with it.');
    expect(store().notes.notes.map((n) => n.text)).toEqual(['tap']);
    removeLayer('tub2');
    expect(store().notice).toBe('1 note on bathtub_0002.off was removed with it.');
  });

  it('saves its notes and reads them back onto another layer at the same coordinates', async () => {
    await surveyLayer('survey');
    pin('survey', 4, 'valve 3');
    pin('survey', 5, 'crack');
    const text = writeNotesJson(noteRecords());
    expect(readNotesJson(text)).toEqual({ notes: noteRecords() });
    expect(noteRecords()[0]).toMatchObject({ layer: 'survey.las', unit: 'ftUS' });
    await surveyLayer('again');
    await importNotes(new File([text], 'survey.notes.json'));
    const s = store();
    expect(s.error).toBeNull();
    expect(s.notice).toBe('2 notes imported onto again.las.');
    expect(s.notes.notes.map((n) => [n.text, n.layerId])).toEqual([['valve 3', 'again'], ['crack', 'again']]);
    s.notes.notes.forEach((n, k) => n.position.forEach((v, j) => expect(v).toBeCloseTo(positionOf([4, 5][k])[j], 4)));
  });

  it('refuses a file that is no notes file, or notes in another unit, and counts notes off the layer', async () => {
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1);
    await importNotes(new File(['{"notes": '], 'notes.json'));
    expect(store().error).toBe('Notes not imported from notes.json: The file is not JSON.');
    await surveyLayer('survey');
    await importNotes(new File([writeNotesJson([{ text: 'x', layer: 'a.las', point: [SURVEY[0], SURVEY[1], SURVEY[2]], unit: 'm' }])], 'metres.json'));
    expect(store().error).toBe('Notes not imported from metres.json: they are in metres, survey.las in US survey feet.');
    expect(store().notes.notes).toEqual([]);
    const near = { text: 'near', layer: 'a.las', point: [SURVEY[0] + 1, SURVEY[1] + 1, SURVEY[2]] as [number, number, number], unit: null };
    const far = { ...near, text: 'far', point: [0, 0, 0] as [number, number, number] };
    await importNotes(new File([writeNotesJson([near, far])], 'mixed.json'));
    expect(store().notice).toBe('2 notes imported onto survey.las; 1 of them lies outside its box (pinned on another scan?).');
  });
});

describe('the tools clicks go to', () => {
  it('puts the note down when a measure tool is taken up, and the measure tool when a note is', async () => {
    showParseResult('tub', 'bathtub_0001.off', await read('bathtub_0001.off'), 1);
    toggleAddingNote(true);
    placeNote('tub', 3);
    chooseTool('distance');
    expect(store().notes).toMatchObject({ adding: false, pending: null });
    toggleAddingNote(true);
    expect(store().measure.tool).toBeNull();
  });
});
