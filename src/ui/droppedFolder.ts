// A drop's folders, walked into their files. The browser hands a dropped folder to `files` as one
// empty entry; only its file-system entry (`webkitGetAsEntry`, which must be asked for while the
// drop event lasts) reaches what is inside. Typed by shape, so that tests can walk made-up trees.
import { MAX_FOLDER_DEPTH, MAX_FOLDER_FILES, tooManyFiles } from '../core/io';
import type { FolderFile } from '../features/load/loadFiles';

export interface EntryLike {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  file?: (ok: (file: File) => void, fail: (error: Error) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: EntryLike[]) => void, fail: (error: Error) => void) => void };
}

function fileOf(entry: EntryLike): Promise<File> {
  return new Promise((ok, fail) => entry.file!(ok, fail));
}

/** All entries of a folder: a reader hands them over in batches until it hands over none. */
async function childrenOf(entry: EntryLike): Promise<EntryLike[]> {
  const reader = entry.createReader!();
  const all: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) return all;
    all.push(...batch);
    if (all.length > MAX_FOLDER_FILES) return all;
  }
}

/** The entries of a drop, where it holds a folder; null for a drop of files alone. Call while the drop event lasts. */
export function droppedFolderEntries(data: DataTransfer): EntryLike[] | null {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.() as EntryLike | null).filter((e): e is EntryLike => !!e);
  return entries.some((e) => e.isDirectory) ? entries : null;
}

/**
 * The files of every dropped entry (folders walked, files as they are), with their paths from the
 * dropped folder's name; throws once more than MAX_FOLDER_FILES are found, counted over the whole drop.
 */
export async function filesOfEntries(entries: EntryLike[]): Promise<FolderFile[]> {
  const files: FolderFile[] = [];
  const visit = async (entry: EntryLike, path: string, depth: number): Promise<void> => {
    if (entry.isFile && entry.file) {
      if (files.length >= MAX_FOLDER_FILES) throw tooManyFiles();
      files.push({ path, file: await fileOf(entry) });
    } else if (entry.isDirectory && entry.createReader && depth < MAX_FOLDER_DEPTH) {
      for (const child of await childrenOf(entry)) await visit(child, `${path}/${child.name}`, depth + 1);
    }
  };
  for (const entry of entries) await visit(entry, entry.name, 0);
  return files;
}
