// A folder of many scans (a dataset: a KITTI sequence, a folder of rooms) opens at its first scan;
// the others are a step away, each read with its companions in place of the layer that shows the
// sequence, in the order the first was chosen in. The folder's files are kept (as Blobs, not read)
// for as long as that layer is shown.
import { filesFor } from '../../core/io';
import type { InputFile } from '../../core/types';
import { useAppStore } from '../../state/store';
import { loadFolder, readInPlaceOf, type FolderFile } from './loadFiles';

let files = new Map<string, File>();
/** every path of the folder, listed once: each step looks among them for its scan's companions */
let paths: string[] = [];
let scans: string[] = [];
/** the scan the steps taken so far lead to, ahead of the one shown while it is read (or where it failed) */
let target: number | undefined;
/** steps being read: each replaces the sequence's layer with a new one */
let reading = 0;

function forget(): void {
  files = new Map();
  paths = [];
  scans = [];
  target = undefined;
  useAppStore.getState().setSequence(null);
}

// the sequence's layer removed by the person: its folder's files are let go
useAppStore.subscribe((s, prev) => {
  const id = s.sequence?.layerId;
  if (id && reading === 0 && prev.layers.some((e) => e.meta.id === id) && !s.layers.some((e) => e.meta.id === id)) forget();
});

/** Opens a folder (loadFolder); a dataset's folder becomes a sequence on the layer of its first scan. */
export async function openFolder(folder: string, listing: Promise<readonly FolderFile[]> | readonly FolderFile[], options: { replace?: boolean } = {}): Promise<void> {
  const opened = await loadFolder(folder, listing, options);
  const sequence = opened?.choice.sequence;
  const layer = useAppStore.getState().layer;
  if (!opened || !sequence || layer?.fileName !== sequence[0]) return;
  forget();
  files = opened.files;
  paths = [...files.keys()];
  scans = sequence;
  useAppStore.getState().setSequence({ layerId: layer.id, folder, index: 0, count: sequence.length, path: sequence[0] });
}

/** Shows the scan `delta` steps on from the one the steps so far lead to (the first and last stop there). */
export async function stepSequence(delta: number): Promise<void> {
  const { sequence, layers } = useAppStore.getState();
  if (!sequence) return;
  if (!layers.some((e) => e.meta.id === sequence.layerId)) return forget();
  const index = Math.min(sequence.count - 1, Math.max(0, (target ?? sequence.index) + delta));
  if (index === (target ?? sequence.index)) return;
  target = index;
  const path = scans[index];
  const read = () => Promise.all(filesFor([path], paths).map(async (p): Promise<InputFile> => ({ name: p, bytes: new Uint8Array(await files.get(p)!.arrayBuffer()) })));
  reading++;
  const id = await readInPlaceOf(sequence.layerId, path, read, 'sequence').finally(() => reading--);
  const now = useAppStore.getState().sequence;
  if (id && now && target === index) {
    target = undefined;
    useAppStore.getState().setSequence({ ...now, layerId: id, index, path });
  }
}
