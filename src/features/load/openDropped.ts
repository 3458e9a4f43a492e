// Files dropped on the page or chosen with Open: a notes file (`*.notes.json`, as the Notes panel
// saves them) is no scan, so it is imported onto the layers its notes name rather than refused as
// an unknown format; dropped with its scan, the scan opens first and the notes go on it. A folder
// is opened the same way: its scans first, then the notes files in it onto them.
import { importNotes } from '../notes/notes';
import { openFolder } from './folderSequence';
import { loadFiles, type FolderFile } from './loadFiles';

const NOTES_FILE = /\.notes\.json$/i;

/** The files that open as layers, and the notes files among them. */
export function splitDropped(files: readonly File[]): { scans: File[]; notes: File[] } {
  return { scans: files.filter((f) => !NOTES_FILE.test(f.name)), notes: files.filter((f) => NOTES_FILE.test(f.name)) };
}

/** Opens the scans (`replace`: in place of the layers shown), then imports the notes onto the layers they name. */
export async function openDropped(files: readonly File[], replace: boolean): Promise<void> {
  const { scans, notes } = splitDropped(files);
  if (scans.length) await loadFiles(scans, { replace });
  for (const file of notes) await importNotes(file, { byName: true });
}

/** Opens a folder dropped or chosen (`listing`: its files, maybe still being listed), then imports the notes files in it onto the layers they name. */
export async function openDroppedFolder(folder: string, listing: Promise<readonly FolderFile[]> | readonly FolderFile[], replace: boolean): Promise<void> {
  await openFolder(folder, listing, { replace });
  // a listing that failed was said by the folder's open
  const files = await Promise.resolve(listing).catch(() => []);
  for (const { file } of files.filter((f) => NOTES_FILE.test(f.path))) await importNotes(file, { byName: true });
}
