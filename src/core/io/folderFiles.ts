// A folder the person drops or opens holds more than one layer's files: a ShapeNet model's folder
// has its .json and textures, a Pointcept scene's folder its arrays, a dataset's folder many scans.
// Reading all of it would read textures and every other scan before anything is shown, so only one
// file is opened with the companions in its own folder (materials, label and attribute arrays): the
// first of a format pointlens reads, shallower paths first, then by name, and plain .txt or .csv
// files only where there is nothing else (a dataset's folder holds class lists and mappings as text
// beside its scans). The other readable files are named in a warning.
import { InputError } from '../types';
import { extensionOf } from './detectFormat';
import { supportedExtensions } from './formats';
import { isCompanion } from './parseFiles';

export interface FolderChoice {
  /** paths to read: the main file first, then its companions */
  read: string[];
  /** a warning naming the readable files left out, where there are any */
  note?: string;
}

const NAMED = 5;

/** Listing stops here: a folder this large is a dataset, not a scan, and listing it would not end soon. */
export const MAX_FOLDER_FILES = 20_000;
/** Sub-folders deeper than this are not looked into (a link loop, or a dataset's tree). */
export const MAX_FOLDER_DEPTH = 16;

/** Said after the folder's name, as chooseFolderFiles' refusal is. */
export function tooManyFiles(): InputError {
  return new InputError(`holds more than ${MAX_FOLDER_FILES.toLocaleString('en')} files: open the folder of one scan or model instead`);
}

const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const depthOf = (path: string) => path.split('/').length;
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isPlainText = (path: string) => ['.txt', '.csv'].includes(extensionOf(path));

/** `paths` are relative to the folder, with `/` between parts. */
export function chooseFolderFiles(paths: readonly string[]): FolderChoice {
  const readable = new Set(supportedExtensions());
  // hidden files (.DS_Store, ._name resource forks) are a system's, not the person's
  const candidates = paths
    .filter((p) => !baseName(p).startsWith('.') && readable.has(extensionOf(p)) && !isCompanion(p))
    .sort((a, b) => Number(isPlainText(a)) - Number(isPlainText(b)) || depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  const main = candidates[0];
  if (!main) throw new InputError(`holds no file pointlens reads (${[...readable].join(' ')}) beside its materials and label arrays`);
  const companions = paths.filter((p) => folderOf(p) === folderOf(main) && isCompanion(p));
  const others = candidates.slice(1);
  if (!others.length) return { read: [main, ...companions] };
  const named = others.slice(0, NAMED).join(', ') + (others.length > NAMED ? ` and ${others.length - NAMED} more` : '');
  return { read: [main, ...companions], note: `only ${main} was opened from the folder; it also holds ${named}: open ${others.length > 1 ? 'them' : 'it'} on ${others.length > 1 ? 'their' : 'its'} own` };
}
