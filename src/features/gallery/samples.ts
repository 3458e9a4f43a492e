// The bundled samples (samples/index.json, served beside the app) and how the app opens: a
// `?url=` or `?sample=` link goes straight to that file, otherwise the index's default sample
// shows; on the very first visit the help comes up too and goes away when the person opens a file
// of their own.
import { findSample, validateSampleIndex, type SampleEntry, type SampleIndex } from '../../core/samples';
import { useAppStore } from '../../state/store';
import { rewriteAddress } from '../load/address';
import { loadUrlGroups, loadUrls } from '../load/loadFiles';

const VISITED_KEY = 'pointlens.visited';

let index: Promise<SampleIndex> | undefined;

/** An address below the app's own base, e.g. `samples/index.json`. */
export function appUrl(path: string): string {
  return new URL(`${import.meta.env.BASE_URL}${path}`, location.href).href;
}

export function sampleUrls(entry: SampleEntry): string[] {
  return [entry.file, ...entry.companions].map((f) => appUrl(`samples/${f}`));
}

export function thumbnailUrl(entry: SampleEntry): string {
  return appUrl(`samples/thumbs/${entry.id}.png`);
}

/** The validated index, fetched once; a failed fetch can be retried. */
export function sampleIndex(): Promise<SampleIndex> {
  if (!index) {
    index = fetch(appUrl('samples/index.json')).then(async (res) => {
      if (!res.ok) throw new Error(`samples/index.json: the server answered ${res.status}`);
      return validateSampleIndex(await res.json());
    });
    index.catch(() => {
      index = undefined;
    });
  }
  return index;
}

/**
 * Opens a sample with the up axis its index entry gives: in place of the layers shown, or beside
 * them with `add` (Shift on a card). `openedByApp`: the app opens it by itself, and the person's
 * first file replaces it.
 */
export async function loadSample(entry: SampleEntry, { add = false, openedByApp = false } = {}): Promise<void> {
  rewriteAddress((p) => {
    p.delete('url');
    p.set('sample', entry.id);
  });
  await loadUrls(sampleUrls(entry), { upAxis: entry.upAxis, sampleId: entry.id, add: add && useAppStore.getState().layers.length > 0, openedByApp });
}

/** Opens sample `id`, or the default one unless the person opened something while the index came. */
async function openSample(id: string | null): Promise<void> {
  try {
    const samples = await sampleIndex();
    const entry = findSample(samples, id ?? samples.default);
    if (!entry) throw new Error(`There is no sample "${id}" (samples/index.json)`);
    const { layer, loading } = useAppStore.getState();
    if (id === null && (layer || loading)) return;
    await loadSample(entry, { openedByApp: id === null });
  } catch (e) {
    useAppStore.getState().showError(e instanceof Error ? e.message : String(e));
  }
}

/** What the app shows when it opens; call once. Settles once that is shown (or has failed). */
export function openFromAddress(storage: Storage = localStorage): Promise<void> {
  const params = new URLSearchParams(location.search);
  const urls = params.getAll('url');
  if (urls.length) {
    // `?url=a.obj&url=a.mtl` opens a file with its companions; `?url=a.ply&url=b.ply`, a layer each
    return loadUrlGroups(urls);
  }
  if (params.has('sample')) return openSample(params.get('sample'));
  const firstVisit = !storage.getItem(VISITED_KEY);
  storage.setItem(VISITED_KEY, '1');
  if (firstVisit) {
    useAppStore.getState().toggleHelp(true);
    // the person's first file closes it, even one dropped before the default sample starts
    const stop = useAppStore.subscribe((state, previous) => {
      if (!state.loading || state.loading.id === previous.loading?.id || state.loading.openedByApp) return;
      state.toggleHelp(false);
      stop();
    });
  }
  return openSample(null);
}
