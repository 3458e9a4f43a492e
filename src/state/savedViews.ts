// How saved views are kept in the browser's storage: under a key made of the scene's first layer's
// name and point count (the file the scene was opened with, so that opening the same file again
// offers its views, and adding or choosing other layers keeps them), as JSON. What was stored by
// hand or by another version is checked view by view.
import { cameraViewProblem, type Vec3 } from '../core/geometry/cameraView';
import type { SavedView } from './slices/views';
import type { LayerMeta } from './store';

export const SAVED_VIEWS_PREFIX = 'pointlens.views:';
/** the longest name a view keeps */
export const VIEW_NAME_CHARS = 80;

type FileOfLayer = Pick<LayerMeta, 'fileName' | 'points' | 'decimated' | 'stream'>;

/** The point count of a layer's file: a decimated or streamed layer's whole file. */
export function filePointsOf(layer: Omit<FileOfLayer, 'fileName'>): number {
  return layer.stream?.filePoints ?? layer.decimated?.total ?? layer.points;
}

/** What tells a layer's file from another: its name and its file's point count. */
export function fileKey(layer: FileOfLayer): string {
  return `${layer.fileName}|${filePointsOf(layer)}`;
}

/** The key of the scene whose first layer is `first`. */
export function savedViewsKey(first: FileOfLayer): string {
  return `${SAVED_VIEWS_PREFIX}${fileKey(first)}`;
}

/** What `storage` holds under `key`; a browser that refuses its storage holds nothing. */
export function readStorage(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

const isVec3 = (v: unknown): v is Vec3 => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number');

/** A stored entry as a view, or null where it is not one. */
function savedView(entry: unknown): SavedView | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { name, position, target, up } = entry as Record<string, unknown>;
  if (typeof name !== 'string' || !name.trim() || !isVec3(position) || !isVec3(target) || !isVec3(up)) return null;
  const view = { name: name.slice(0, VIEW_NAME_CHARS), position, target, up };
  return cameraViewProblem(view) ? null : view;
}

/**
 * The views stored as `text` (null: none): those that are views, and a word on what was left out,
 * for the person who finds fewer views than they saved.
 */
export function readSavedViews(text: string | null): { views: SavedView[]; problem: string | null } {
  if (text === null) return { views: [], problem: null };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { views: [], problem: 'The saved views of this file could not be read (they are not JSON) and were left out' };
  }
  if (!Array.isArray(json)) return { views: [], problem: 'The saved views of this file could not be read (they are not a list) and were left out' };
  const views = json.map(savedView).filter((v): v is SavedView => v !== null);
  const left = json.length - views.length;
  return { views, problem: left ? `${left} of the ${json.length} saved views of this file could not be read and ${left === 1 ? 'was' : 'were'} left out` : null };
}

export function encodeSavedViews(views: readonly SavedView[]): string {
  return JSON.stringify(views.map(({ name, position, target, up }) => ({ name, position, target, up })));
}

/** "View n" for the lowest n no view is named yet. */
export function nextViewName(views: readonly Pick<SavedView, 'name'>[]): string {
  const taken = new Set(views.map((v) => v.name));
  let n = 1;
  while (taken.has(`View ${n}`)) n++;
  return `View ${n}`;
}
