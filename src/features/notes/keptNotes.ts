// Notes kept in the browser, as views are: each file's notes under `pointlens.notes:<name>|<points>`,
// as the notes file holds them, so that opening the same file again, on its own or beside others,
// brings its notes back on it.
import { readNotesJson, writeNotesJson } from '../../core/notes/notesJson';
import { notesOf } from '../../state/notes';
import { connectKeptPerFile, keptKey } from '../../state/keptPerFile';
import type { fileKey } from '../../state/savedViews';
import { nextId, notesOnLayer, recordsOf } from './notes';

export const KEPT_NOTES_PREFIX = 'pointlens.notes:';

export const keptNotesKey = (layer: Parameters<typeof fileKey>[0]) => keptKey(KEPT_NOTES_PREFIX, layer);

/** Starts keeping the notes in `storage`; returns a function that stops. */
export function connectKeptNotes(storage: Storage = localStorage): () => void {
  return connectKeptPerFile(
    {
      prefix: KEPT_NOTES_PREFIX,
      what: 'notes',
      changed: (state, previous) => state.notes.notes !== previous.notes.notes,
      write: (state, ids) => {
        const records = recordsOf(notesOf(state).filter((n) => ids.has(n.layerId)));
        return records.length ? writeNotesJson(records) : null;
      },
      restore: (state, layer, text) => {
        const read = readNotesJson(text);
        if ('problem' in read) return read.problem;
        const notes = state.notes.notes;
        return { notes: { ...state.notes, notes: [...notes, ...notesOnLayer(read.notes, layer, nextId(notes))] } };
      },
    },
    storage,
  );
}
