// The views feature: saves the camera under a name and sends it back there, keeps the scene's
// views in the browser (state/savedViews says under which key), and makes and opens links that
// put the camera at a view of the file they open.
import { decodeUpParam, decodeViewParam, encodeUpParam, encodeViewParam, type CameraView } from '../../core/geometry/cameraView';
import { encodeSavedViews, nextViewName, readSavedViews, readStorage, savedViewsKey, VIEW_NAME_CHARS } from '../../state/savedViews';
import { useAppStore } from '../../state/store';
import { rewriteAddress } from '../load/address';
import { setUpAxis } from '../viewer/viewer';

/** where the camera is now, as the 3D view reports it (null before it shows anything) */
let cameraNow: () => CameraView | null = () => null;

/**
 * Starts the feature: `camera` reads the live camera, and the views of each scene are read from
 * `storage` when it opens and written back at every change. Returns a function that stops keeping them.
 */
export function connectViews(camera: () => CameraView | null, storage: Storage = localStorage): () => void {
  cameraNow = camera;
  /** the layer whose file names the scene: the first of the layers a scene starts with */
  let namedBy: string | null = null;
  return useAppStore.subscribe((state, previous) => {
    const named = state.layers.find((e) => e.meta.id === namedBy);
    let key = state.views.key;
    if (!state.layers.length) key = null;
    else if (named) key = savedViewsKey(named.meta);
    // layers that stay from the scene before keep its views, even where the one that named it went
    else if (!state.layers.some((e) => previous.layers.some((p) => p.meta.id === e.meta.id))) {
      namedBy = state.layers[0].meta.id;
      key = savedViewsKey(state.layers[0].meta);
    }
    if (key !== state.views.key) {
      const { views, problem } = key ? readSavedViews(readStorage(storage, key)) : { views: [], problem: null };
      state.updateViews({ key, saved: views });
      if (problem) state.showNotice(`${problem}.`);
    } else if (key && state.views.key === previous.views.key && state.views.saved !== previous.views.saved) {
      try {
        storage.setItem(key, encodeSavedViews(state.views.saved));
      } catch (e) {
        state.showNotice(`The views could not be kept in this browser (${e instanceof Error ? e.message : String(e)}); they last until the page is closed.`);
      }
    }
  });
}

/** Saves the camera as it is now as the next "View n"; nothing where no file is shown. */
export function saveView(): void {
  const camera = cameraNow();
  const { views, updateViews } = useAppStore.getState();
  if (!camera || !views.key) return;
  updateViews({ saved: [...views.saved, { name: nextViewName(views.saved), ...camera }] });
}

/** Sends the camera to `view`: over a moment with `ease`, else at once. */
function moveCamera(view: CameraView, ease: boolean): void {
  const { views, updateViews } = useAppStore.getState();
  updateViews({ goTo: { view, seq: (views.goTo?.seq ?? 0) + 1, ease } });
}

export function goToView(index: number): void {
  const view = useAppStore.getState().views.saved[index];
  if (view) moveCamera(view, true);
}

/** Names view `index` `name` (cut to its first 80 characters); a blank name leaves the one it had. */
export function renameView(index: number, name: string): void {
  const { views, updateViews } = useAppStore.getState();
  const named = name.trim().slice(0, VIEW_NAME_CHARS);
  if (!named || !views.saved[index]) return;
  updateViews({ saved: views.saved.map((v, i) => (i === index ? { ...v, name: named } : v)) });
}

export function deleteView(index: number): void {
  const { views, updateViews } = useAppStore.getState();
  updateViews({ saved: views.saved.filter((_, i) => i !== index) });
}

/** Why the page's address cannot make a link to a view, or null where it can: a link opens its file by an address or a sample. */
export function linkProblem(search: string = location.search): string | null {
  const params = new URLSearchParams(search);
  return params.has('url') || params.has('sample') ? null : 'A link needs a file opened from an address (?url=) or a sample: one dropped from disk cannot be opened by a link.';
}

/**
 * The page's address with the camera's view as it is now, and the up axis where the person chose
 * another than the file opens with (the view is in the frame that axis makes); null where there is
 * no view (see linkProblem).
 */
export function viewLink(): string | null {
  const camera = cameraNow();
  if (!camera || linkProblem()) return null;
  const { layer, settings } = useAppStore.getState();
  const params = new URLSearchParams(location.search);
  params.delete('view');
  params.delete('up');
  const up = layer && settings.upAxis !== layer.up.axis ? `&up=${encodeUpParam(settings.upAxis)}` : '';
  // the commas are kept as they are, for a link a person can read; a "+" of an exponent would read as a space
  return `${location.origin}${location.pathname}?${params}${up}&view=${encodeViewParam(camera).replaceAll('+', '%2B')}`;
}

/**
 * Turns the file to the up axis a link names and puts the camera at its view once `opened` (what
 * the link opens) is shown: the up first, since the view is in the frame it makes. What cannot be
 * read is said and left out (the file keeps its own up, or is framed as usual). Both leave the
 * address: a reload, or another sample opened later, is shown as usual.
 */
export async function openLinkedView(opened: Promise<void>): Promise<void> {
  const search = new URLSearchParams(location.search);
  const [viewText, upText] = [search.get('view'), search.get('up')];
  if (viewText === null && upText === null) return;
  rewriteAddress((p) => {
    p.delete('view');
    p.delete('up');
  });
  const view = viewText === null ? null : decodeViewParam(viewText);
  const up = upText === null ? null : decodeUpParam(upText);
  await opened;
  const state = useAppStore.getState();
  const problems = [up && 'error' in up && `${up.error}: the file keeps its own.`, view && 'error' in view && `${view.error}: the file is framed as usual.`].filter(Boolean);
  if (problems.length) state.showNotice(problems.join(' '));
  if (!state.layer) return;
  if (up && 'up' in up) setUpAxis(up.up);
  if (view && 'view' in view) moveCamera(view.view, false);
}
