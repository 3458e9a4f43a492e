// Dropped files routed as a person means them: a notes file among scans, or in a dropped folder, is
// imported onto the layers its notes name once the scans are open, not read as a scan of an unknown format.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseFolderFiles, parseFiles } from '../../../src/core/io';
import { writeNotesJson, type NoteRecord } from '../../../src/core/notes/notesJson';
import type { ParseResult } from '../../../src/core/types';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import type { FolderFile } from '../../../src/features/load/loadFiles';

/** what loadFiles was handed, the scans shown as layers named after them (the real one reads them in a worker) */
const loaded: string[][] = [];
vi.mock('../../../src/features/load/loadFiles', () => ({
  loadFiles: async (files: readonly File[], { replace = false } = {}) => {
    loaded.push(files.map((f) => f.name));
    for (const [k, f] of files.entries()) showParseResult(f.name, f.name, cloud, 1, replace && k === 0 ? {} : { add: {} });
  },
  // the folder's scans it chooses, each a layer named by its path in the folder, as the real one names them
  loadFolder: async (_folder: string, listing: Promise<readonly FolderFile[]> | readonly FolderFile[]) => {
    const files = await listing;
    const choice = chooseFolderFiles(files.map((f) => f.path));
    loaded.push(choice.read);
    for (const path of choice.read) showParseResult(path, path, cloud, 1, { add: {} });
    return { choice, files: new Map(files.map((f) => [f.path, f.file])) };
  },
}));
const { openDropped, openDroppedFolder, splitDropped } = await import('../../../src/features/load/openDropped');

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

  it("open a folder's scans, then put the notes files in it on the layers they name", async () => {
    const listing = Promise.resolve([
      { path: 'site/survey.notes.json', file: notesFile('survey.notes.json', [note('valve', 'site/b.xyz'), note('pump', 'site/a.xyz')]) },
      { path: 'site/a.xyz', file: scan('a.xyz') },
      { path: 'site/b.xyz', file: scan('b.xyz') },
    ]);
    await openDroppedFolder('site', listing, false);
    expect(loaded).toEqual([['site/a.xyz', 'site/b.xyz']]);
    expect(store().error).toBeNull();
    expect(notesNow()).toEqual([['valve', 'site/b.xyz'], ['pump', 'site/a.xyz']]);
    expect(store().notice).toBe('2 notes imported, 1 onto site/b.xyz and 1 onto site/a.xyz.');
  });
});
