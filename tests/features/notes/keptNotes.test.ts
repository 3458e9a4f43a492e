// Notes kept in the browser over the store, with a storage of the test's own: which notes come back
// on which layer, and what is said of kept notes that cannot be read or kept.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { writeNotesJson } from '../../../src/core/notes/notesJson';
import type { ParseResult } from '../../../src/core/types';
import { connectKeptNotes, keptNotesKey } from '../../../src/features/notes/keptNotes';
import { editNote, placeNote, removeNote, saveNote, toggleAddingNote } from '../../../src/features/notes/notes';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { memoryStorage } from '../memoryStorage';

const store = () => useAppStore.getState();
const clouds = new Map<number, ParseResult>();
/** An .xyz file of `n` points on a slope, read as the app reads it. */
async function readClouds(): Promise<void> {
  for (const n of [5, 10]) {
    const text = Array.from({ length: n }, (_, i) => `${i} ${i % 3} ${i / 2}`).join('\n');
    clouds.set(n, await parseFiles([{ name: 'cloud.xyz', bytes: new TextEncoder().encode(text) }]));
  }
}
const cloud = (n: number) => clouds.get(n)!;
const KEY_A = keptNotesKey({ fileName: 'a.xyz', points: 10 });
const KEY_B = keptNotesKey({ fileName: 'b.xyz', points: 5 });

function pin(layerId: string, index: number, text: string) {
  toggleAddingNote(true);
  placeNote(layerId, index);
  saveNote(text);
}
/** each note as its text, its layer and its point */
const notesNow = () => store().notes.notes.map((n) => [n.text, n.layerId, n.position.map((v) => Math.round(v * 1000) / 1000)]);

let stop: () => void = () => undefined;
beforeAll(readClouds);
beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null }));
afterEach(() => stop());

describe('kept notes', () => {
  it('are kept under the file of their layer, as a notes file, and edits and removals kept too', () => {
    const storage = memoryStorage();
    stop = connectKeptNotes(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    pin('a', 4, 'valve 3');
    pin('a', 6, 'crack');
    expect(KEY_A).toBe('pointlens.notes:a.xyz|10');
    const kept = JSON.parse(storage.items.get(KEY_A)!);
    expect(kept).toMatchObject({ kind: 'pointlens-notes', notes: [{ text: 'valve 3', layer: 'a.xyz', point: [4, 1, 2] }, { text: 'crack', layer: 'a.xyz' }] });
    editNote(store().notes.notes[0].id, 'valve 4');
    removeNote(store().notes.notes[1].id);
    expect(JSON.parse(storage.items.get(KEY_A)!).notes.map((n: { text: string }) => n.text)).toEqual(['valve 4']);
    removeNote(store().notes.notes[0].id);
    expect(storage.items.has(KEY_A)).toBe(false);
  });

  it('come back on the layer of the same file when it is opened again, beside another file or alone', () => {
    const storage = memoryStorage();
    stop = connectKeptNotes(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    pin('a', 4, 'on a');
    pin('b', 2, 'on b');
    // the layer removed leaves its file's notes kept
    store().removeLayer('a');
    expect(notesNow()).toEqual([['on b', 'b', [2, 2, 1]]]);
    expect(storage.items.get(KEY_A)).toMatch(/on a/);
    showParseResult('a2', 'a.xyz', cloud(10), 1, { add: {} });
    expect(notesNow()).toEqual([['on b', 'b', [2, 2, 1]], ['on a', 'a2', [4, 1, 2]]]);
    // every layer replaced: the file opened alone brings its notes, the other's stay kept
    showParseResult('b2', 'b.xyz', cloud(5), 1);
    expect(notesNow()).toEqual([['on b', 'b2', [2, 2, 1]]]);
    expect(storage.items.get(KEY_A)).toMatch(/on a/);
  });

  it('come back once where the same file is opened twice, and not on another file of the same name', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_A, writeNotesJson([{ text: 'door', layer: 'a.xyz', point: [1, 1, 0.5], unit: null }]));
    stop = connectKeptNotes(storage);
    showParseResult('other', 'a.xyz', cloud(5), 1);
    expect(store().notes.notes).toEqual([]);
    showParseResult('a', 'a.xyz', cloud(10), 1, { add: {} });
    showParseResult('again', 'a.xyz', cloud(10), 1, { add: {} });
    expect(notesNow()).toEqual([['door', 'a', [1, 1, 0.5]]]);
  });

  it('that cannot be read are left out with a word, and stay stored until a note is written over them', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_A, '{"kind": "pointlens-notes", "version": 1, "notes": [{"text": "x", "point": [1, 2]}]}');
    storage.setItem(KEY_B, 'not json');
    stop = connectKeptNotes(storage);
    showParseResult('a', 'a.xyz', cloud(10), 1);
    expect(store().notes.notes).toEqual([]);
    expect(store().notice).toBe("The notes kept for a.xyz could not be read (Note 1's point is not three numbers (x, y, z)) and were left out.");
    showParseResult('b', 'b.xyz', cloud(5), 1, { add: {} });
    expect(store().notice).toBe('The notes kept for b.xyz could not be read (The file is not JSON) and were left out.');
    expect(storage.items.get(KEY_A)).toMatch(/"point": \[1, 2\]/);
    pin('a', 1, 'new');
    expect(JSON.parse(storage.items.get(KEY_A)!).notes.map((n: { text: string }) => n.text)).toEqual(['new']);
  });

  it('that cannot be written are said once to last only while the page is open', () => {
    stop = connectKeptNotes(memoryStorage({ full: true }));
    showParseResult('a', 'a.xyz', cloud(10), 1);
    pin('a', 1, 'one');
    expect(store().notice).toMatch(/^The notes could not be kept in this browser \(The quota has been exceeded\); they last until the page is closed\.$/);
    store().dismissNotice();
    pin('a', 2, 'two');
    expect(store().notice).toBeNull();
    expect(store().notes.notes).toHaveLength(2);
  });
});
