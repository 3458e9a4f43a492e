// Notes kept in the browser, as views are: each file's notes under `pointlens.notes:<name>|<points>`
// (the key views use for a scene, here for the file of each layer), as the notes file holds them, so
// that opening the same file again, on its own or beside others, brings its notes back on it.
import { readNotesJson, writeNotesJson } from '../../core/notes/notesJson';
import { notesOf } from '../../state/notes';
import { fileKey, readStorage } from '../../state/savedViews';
import { useAppStore, type AppState, type LayerMeta } from '../../state/store';
import { nextId, notesOnLayer, recordsOf } from './notes';

export const KEPT_NOTES_PREFIX = 'pointlens.notes:';

export const keptNotesKey = (layer: Parameters<typeof fileKey>[0]) => `${KEPT_NOTES_PREFIX}${fileKey(layer)}`;

/**
 * Starts keeping the notes in `storage`: a layer that opens gets the notes kept for its file (unless
 * a layer of the same file is open already and has them), and every change to the notes is written
 * back for the files open. A file's layer removed leaves its notes kept. Returns a function that stops.
 */
export function connectKeptNotes(storage: Storage = localStorage): () => void {
  /** the layers whose kept notes were looked for */
  const seen = new Set<string>();
  /** what each key holds, as last read or written: a change to other files' notes writes nothing */
  const held = new Map<string, string | null>();
  let fullSaid = false;

  /** Puts back the notes kept for the files of `opened`; whether there were any (then written back as they changed). */
  const restore = (state: AppState, opened: readonly LayerMeta[]): boolean => {
    let notes = state.notes.notes;
    const problems: string[] = [];
    for (const layer of opened) {
      const key = keptNotesKey(layer);
      const text = readStorage(storage, key);
      held.set(key, text);
      if (text === null) continue;
      const read = readNotesJson(text);
      if ('problem' in read) problems.push(`The notes kept for ${layer.fileName} could not be read (${read.problem.replace(/\.$/, '')}) and were left out.`);
      else notes = [...notes, ...notesOnLayer(read.notes, layer, nextId(notes))];
    }
    if (problems.length) state.showNotice(problems.join(' '));
    if (notes === state.notes.notes) return false;
    state.updateNotes({ notes });
    return true;
  };

  const write = (state: AppState) => {
    const placed = notesOf(state);
    for (const key of new Set(state.layers.map((e) => keptNotesKey(e.meta)))) {
      const ids = new Set(state.layers.filter((e) => keptNotesKey(e.meta) === key).map((e) => e.meta.id));
      const records = recordsOf(placed.filter((n) => ids.has(n.layerId)));
      const text = records.length ? writeNotesJson(records) : null;
      if (held.get(key) === text) continue;
      try {
        if (text === null) storage.removeItem(key);
        else storage.setItem(key, text);
        held.set(key, text);
      } catch (e) {
        if (!fullSaid) state.showNotice(`The notes could not be kept in this browser (${e instanceof Error ? e.message : String(e)}); they last until the page is closed.`);
        fullSaid = true;
      }
    }
  };

  return useAppStore.subscribe((state, previous) => {
    if (state.layers !== previous.layers) {
      const openKeys = new Set(state.layers.filter((e) => seen.has(e.meta.id)).map((e) => keptNotesKey(e.meta)));
      const opened = state.layers.map((e) => e.meta).filter((m) => !seen.has(m.id));
      seen.clear();
      state.layers.forEach((e) => seen.add(e.meta.id));
      // the same file opened twice: its notes come back once
      const fresh = opened.filter((m) => !openKeys.has(keptNotesKey(m)) && openKeys.add(keptNotesKey(m)));
      if (fresh.length && restore(state, fresh)) return;
    }
    if (state.notes.notes !== previous.notes.notes) write(state);
  });
}
