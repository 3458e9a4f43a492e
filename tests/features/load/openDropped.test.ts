// Dropped files routed as a person means them: a notes file among scans is imported onto the layers
// its notes name once the scans are open, not read as a scan of an unknown format.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { writeNotesJson, type NoteRecord } from '../../../src/core/notes/notesJson';
import type { ParseResult } from '../../../src/core/types';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';

/** what loadFiles was handed, the scans shown as layers named after them (the real one reads them in a worker) */
const loaded: string[][] = [];
vi.mock('../../../src/features/load/loadFiles', () => ({
  loadFiles: async (files: readonly File[], { replace = false } = {}) => {
    loaded.push(files.map((f) => f.name));
    for (const [k, f] of files.entries()) showParseResult(f.name, f.name, cloud, 1, replace && k === 0 ? {} : { add: {} });
  },
}));
const { openDropped, splitDropped } = await import('../../../src/features/load/openDropped');

let cloud: ParseResult;
const store = () => useAppStore.getState();
const note = (text: string, layer: string, point: NoteRecord['point'] = [1, 1, 0.5]): NoteRecord => ({ text, layer, point, unit: null });
const notesFile = (name: string, notes: NoteRecord[]) => new File([writeNotesJson(notes)], name);
const scan = (name: string) => new File(['0 0 0'], name);
const notesNow = () => store().notes.notes.map((n) => [n.text, n.layerId]);

beforeAll(async () => {
  const text = Array.from({ length: 10 }, (_, i) => `${i} ${i % 3} ${i / 2}`).join('\n');
  cloud = await parseFiles([{ name: 'cloud.xyz', bytes: new TextEncoder().encode(text) }]);
});
beforeEach(() => {
  loaded.length = 0;
  useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null });
});

describe('dropped files', () => {
  it('tell notes files from scans by their name', () => {
    const { scans, notes } = splitDropped([scan('a.xyz'), notesFile('a.NOTES.json', []), scan('b.json'), notesFile('room.notes.json', [])]);
    expect(scans.map((f) => f.name)).toEqual(['a.xyz', 'b.json']);
    expect(notes.map((f) => f.name)).toEqual(['a.NOTES.json', 'room.notes.json']);
  });

  it('open the scan first, then put the notes dropped with it on it', async () => {
    await openDropped([notesFile('a.notes.json', [note('valve', 'a.xyz')]), scan('a.xyz')], false);
    expect(loaded).toEqual([['a.xyz']]);
    expect(notesNow()).toEqual([['valve', 'a.xyz']]);
    expect(store().notice).toBe('1 note imported onto a.xyz.');
  });

  it('put each note on the layer it names, the others on the active layer, said in the notice', async () => {
    await openDropped([scan('a.xyz'), scan('b.xyz')], false);
    store().activateLayer('b.xyz');
    await openDropped([notesFile('survey.notes.json', [note('one', 'a.xyz'), note('two', 'b.xyz'), note('three', 'c.xyz'), note('four', 'a.xyz', [50, 0, 0])])], false);
    expect(store().error).toBeNull();
    expect(notesNow()).toEqual([['one', 'a.xyz'], ['four', 'a.xyz'], ['two', 'b.xyz'], ['three', 'b.xyz']]);
    expect(store().notice).toBe(
      "4 notes imported, 2 onto a.xyz and 2 onto b.xyz (the active layer: no open layer is c.xyz); 1 of them lies outside their layer's box (pinned on another scan?).",
    );
  });

  it('say where notes naming no open file went, and refuse notes with no scan open', async () => {
    await openDropped([notesFile('lone.notes.json', [note('x', 'a.xyz')])], false);
    expect(loaded).toEqual([]);
    expect(store().error).toBe('Notes not imported from lone.notes.json: no scan is open to pin them on (open the scan, then drop its notes).');
    await openDropped([scan('room.xyz'), notesFile('other.notes.json', [note('x', 'gone.xyz'), note('y', '')])], false);
    expect(store().notice).toBe('2 notes imported onto room.xyz (the active layer: no open layer is gone.xyz).');
  });
});
