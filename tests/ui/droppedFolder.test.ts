import { describe, expect, it } from 'vitest';
import { MAX_FOLDER_FILES } from '../../src/core/io';
import { filesOfEntries, type EntryLike } from '../../src/ui/droppedFolder';

/** A made-up file-system entry tree shaped as the browser's: readers hand entries over in batches of `batch`. */
function tree(name: string, children: (EntryLike | string)[], batch = 2, later = true): EntryLike {
  const entries = children.map((c) => (typeof c === 'string' ? fileEntry(c, later) : c));
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          const next = entries.slice(at, at + batch);
          at += batch;
          if (later) setTimeout(() => ok(next));
          else ok(next);
        },
      };
    },
  };
}

/** `later`: the file is handed over on a later turn, as the browser does; otherwise at once (fast enough for thousands). */
function fileEntry(name: string, later = true): EntryLike {
  return { name, isFile: true, isDirectory: false, file: (ok) => (later ? setTimeout(() => ok(new File([name], name))) : ok(new File([name], name))) };
}

describe('dropped folders', () => {
  it('walks every batch of every sub-folder into paths that start at the dropped folder', async () => {
    const root = tree('Area_6_office_1', ['coord.npy', 'color.npy', 'segment.npy', tree('notes', ['a.txt', tree('deeper', ['b.ply'])])]);
    const files = await filesOfEntries([root]);
    expect(files.map((f) => f.path)).toEqual([
      'Area_6_office_1/coord.npy',
      'Area_6_office_1/color.npy',
      'Area_6_office_1/segment.npy',
      'Area_6_office_1/notes/a.txt',
      'Area_6_office_1/notes/deeper/b.ply',
    ]);
    await expect(files[4].file.text()).resolves.toBe('b.ply');
  });

  it('takes files dropped beside a folder as they are', async () => {
    const files = await filesOfEntries([fileEntry('chair.obj'), tree('materials', ['chair.mtl'])]);
    expect(files.map((f) => f.path)).toEqual(['chair.obj', 'materials/chair.mtl']);
  });

  it('stops walking a folder of more than the file limit, with a message', async () => {
    const huge = tree('dataset', Array.from({ length: MAX_FOLDER_FILES + 1 }, (_, i) => `f${i}.ply`), 5000, false);
    await expect(filesOfEntries([huge])).rejects.toThrow(`holds more than ${MAX_FOLDER_FILES.toLocaleString('en')} files: open the folder of one scan or model instead`);
  });

  it('counts the limit over every folder of one drop, not each folder alone', async () => {
    const half = (name: string) => tree(name, Array.from({ length: MAX_FOLDER_FILES / 2 + 1 }, (_, i) => `f${i}.ply`), 5000, false);
    await expect(filesOfEntries([half('a')])).resolves.toHaveLength(MAX_FOLDER_FILES / 2 + 1);
    await expect(filesOfEntries([half('a'), half('b')])).rejects.toThrow(/holds more than/);
  });
});
