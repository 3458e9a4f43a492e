// A folder the person drops or opens: a ShapeNet model's folder with its .json and textures, a
// Pointcept scene's folder with its arrays, a few scans of one building, or a whole dataset. Each
// file of a format pointlens reads opens as a layer, with the companions in its own folder
// (materials, label and attribute arrays; a SemanticKITTI scan's labels in their folder beside
// it), where there are no more than MAX_FOLDER_LAYERS of them; a folder with more is a dataset
// (a KITTI sequence, a folder of rooms), and only its first opens (shallower paths first, then by
// name), the others in that order a step away.
// Plain .txt and .csv files open only where there is nothing else (a dataset's folder keeps class
// lists and mappings as text beside its scans). Textures and other files are never read. What is
// left out is named in a warning.
import { InputError } from '../types';
import { extensionOf } from './detectFormat';
import { supportedExtensions } from './formats';
import { isMainFileName } from './fileGroups';
import { isCompanion } from './parseFiles';
import { kittiLabelPath } from './semanticKitti';
import { npyOwnerTest } from './npy';

export interface FolderChoice {
  /** paths to read: the main files, each a layer, and the companions in their folders (fileGroups pairs them) */
  read: string[];
  /** a warning naming the readable files left out, where there are any */
  note?: string;
  /** a dataset's main files in order, the first of them opened: each read with `filesFor` */
  sequence?: string[];
}

const NAMED = 5;

/** A folder of more files than this to open is a dataset: only its first opens. */
export const MAX_FOLDER_LAYERS = 8;

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

const byDepthThenName = (a: string, b: string) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0);

/** `paths` are relative to the folder, with `/` between parts. */
export function chooseFolderFiles(paths: readonly string[]): FolderChoice {
  // hidden files (.DS_Store, ._name resource forks) are a system's, not the person's
  const candidates = paths.filter((p) => !baseName(p).startsWith('.') && isMainFileName(p, paths)).sort(byDepthThenName);
  if (!candidates.length) throw new InputError(`holds no file pointlens reads (${supportedExtensions().join(' ')}) beside its materials and label arrays`);
  const formatted = candidates.filter((p) => !isPlainText(p));
  const mains = formatted.length ? formatted : candidates;
  const dataset = mains.length > MAX_FOLDER_LAYERS;
  const opened = dataset ? mains.slice(0, 1) : mains;
  const read = filesFor(opened, paths);
  const others = candidates.filter((p) => !opened.includes(p));
  if (!others.length) return { read };
  const named = others.slice(0, NAMED).join(', ') + (others.length > NAMED ? ` and ${others.length - NAMED} more` : '');
  const which = opened.length > 1 ? `${opened.length} files were opened` : `only ${opened[0]} was opened`;
  const them = others.length > 1;
  return { read, note: `${which} from the folder; it also holds ${named}: open ${them ? 'them' : 'it'} on ${them ? 'their' : 'its'} own`, ...(dataset && { sequence: mains }) };
}

/**
 * The paths to read for `mains` of a folder's `paths`: each with the companions in its folder (an
 * array that names its scan, only beside that scan), and a SemanticKITTI scan's labels in theirs.
 */
export function filesFor(mains: readonly string[], paths: readonly string[]): string[] {
  const folders = new Set(mains.map(folderOf));
  const kittiLabels = mains.map(kittiLabelPath).filter((p): p is string => p !== undefined && paths.includes(p));
  const belongs = (p: string) => {
    const owner = npyOwnerTest(p);
    return owner ? mains.some((m) => folderOf(m) === folderOf(p) && owner(m)) : folders.has(folderOf(p));
  };
  return [...mains, ...paths.filter((p) => isCompanion(p, paths) && belongs(p)), ...kittiLabels];
}
