// What a feature keeps in the browser per file, as notes, measurements and the profile's line are:
// under `<prefix><name>|<points>` (the key views use for a scene, here for the file of each layer),
// so that opening the same file again, on its own or beside others, brings it back on that layer.
// A file's layer removed leaves what was kept for it; what cannot be read is left out with a word
// and stays stored until something is written over it; a storage that refuses is said once.
import { fileKey, readStorage } from './savedViews';
import { useAppStore, type AppState, type LayerMeta } from './store';

export interface KeptPerFile {
  /** the keys' start, as `pointlens.notes:` */
  prefix: string;
  /** what is kept, as the notices name it ("notes") */
  what: string;
  /** whether what is kept changed from `previous` to `state` */
  changed: (state: AppState, previous: AppState) => boolean;
  /** the text kept for the layers `ids`, all of one file; null where there is nothing to keep */
  write: (state: AppState, ids: ReadonlySet<string>) => string | null;
  /** the state with `text`, kept for `layer`'s file, put back on it; a string says why it cannot be read */
  restore: (state: AppState, layer: LayerMeta, text: string) => Partial<AppState> | string;
}

export const keptKey = (prefix: string, layer: Parameters<typeof fileKey>[0]) => `${prefix}${fileKey(layer)}`;

/** Starts keeping `kept` in `storage` as the store changes; returns a function that stops. */
export function connectKeptPerFile(kept: KeptPerFile, storage: Storage = localStorage): () => void {
  const keyOf = (layer: LayerMeta) => keptKey(kept.prefix, layer);
  /** the layers whose kept state was looked for */
  const seen = new Set<string>();
  /** what each key holds, as last read or written: a change to other files' state writes nothing */
  const held = new Map<string, string | null>();
  /** keys holding what could not be read: kept until something is written over them */
  const unread = new Set<string>();
  let fullSaid = false;

  /** Puts back what was kept for the files of `opened`; whether anything was. */
  const restore = (state: AppState, opened: readonly LayerMeta[]): boolean => {
    let patch: Partial<AppState> = {};
    const problems: string[] = [];
    for (const layer of opened) {
      const key = keyOf(layer);
      const text = readStorage(storage, key);
      held.set(key, text);
      if (text === null) continue;
      const read = kept.restore({ ...state, ...patch }, layer, text);
      if (typeof read === 'string') {
        unread.add(key);
        problems.push(`The ${kept.what} kept for ${layer.fileName} could not be read (${read.replace(/\.$/, '')}) and ${kept.what.endsWith('s') ? 'were' : 'was'} left out.`);
      } else patch = { ...patch, ...read };
    }
    if (problems.length) state.showNotice(problems.join(' '));
    if (!Object.keys(patch).length) return false;
    useAppStore.setState(patch);
    return true;
  };

  const write = (state: AppState) => {
    for (const key of new Set(state.layers.map((e) => keyOf(e.meta)))) {
      const ids = new Set(state.layers.filter((e) => keyOf(e.meta) === key).map((e) => e.meta.id));
      const text = kept.write(state, ids);
      if (held.get(key) === text || (text === null && unread.has(key))) continue;
      try {
        if (text === null) storage.removeItem(key);
        else storage.setItem(key, text);
        held.set(key, text);
        unread.delete(key);
      } catch (e) {
        if (!fullSaid) state.showNotice(`The ${kept.what} could not be kept in this browser (${e instanceof Error ? e.message : String(e)}); ${kept.what.endsWith('s') ? 'they last' : 'it lasts'} until the page is closed.`);
        fullSaid = true;
      }
    }
  };

  return useAppStore.subscribe((state, previous) => {
    if (state.layers !== previous.layers) {
      const openKeys = new Set(state.layers.filter((e) => seen.has(e.meta.id)).map((e) => keyOf(e.meta)));
      const opened = state.layers.map((e) => e.meta).filter((m) => !seen.has(m.id));
      seen.clear();
      state.layers.forEach((e) => seen.add(e.meta.id));
      // the same file opened twice: what was kept for it comes back once
      const fresh = opened.filter((m) => !openKeys.has(keyOf(m)) && openKeys.add(keyOf(m)));
      if (fresh.length && restore(state, fresh)) return;
    }
    if (kept.changed(state, previous)) write(state);
  });
}
