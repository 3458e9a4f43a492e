// Files dropped or picked together: several scans or models, each perhaps with its companions (an
// OBJ's material library, a scan's label arrays, a Pointcept scene's arrays). Each main file with
// its own companions becomes one group, opened as a layer of its own. Files of no format pointlens
// reads by name (a model's .json, a texture) go with the first group, whose reader names them as
// unused, as it does for a single file.
import { extensionOf } from './detectFormat';
import { supportedExtensions } from './formats';
import { npyOwnerTest } from './npy';
import { COMPANION_EXTENSIONS, isCompanion } from './parseFiles';

const folderOf = (name: string) => name.slice(0, Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
const baseName = (name: string) => name.slice(folderOf(name).length);
const stem = (name: string) => baseName(name).replace(/\.[^.]*$/, '').toLowerCase();

/** Which main file a companion belongs to: the best match among `mains` (indices into `names`), as each reader would pick it. */
function ownerOf(companion: string, names: readonly string[], mains: number[]): number {
  const sameFolder = mains.filter((m) => folderOf(names[m]) === folderOf(companion));
  const match = (test: (main: string) => boolean) => sameFolder.find((m) => test(names[m])) ?? mains.find((m) => test(names[m]));
  const byExtension = COMPANION_EXTENSIONS.find((c) => c.companion.test(companion));
  if (!byExtension) return match(npyOwnerTest(companion) ?? (() => false)) ?? mains[0];
  // the main file of its own name first (chair.mtl beside chair.obj), else the first of its kind
  const isMain = (main: string) => byExtension.main.test(main);
  return match((m) => isMain(m) && stem(m) === stem(companion)) ?? match(isMain) ?? mains[0];
}

/** Whether a file, by its name, is one a layer is made of: of a format pointlens reads, and no other file's companion. */
export function isMainFileName(name: string, names: readonly string[]): boolean {
  return !isCompanion(name, names) && supportedExtensions().includes(extensionOf(name));
}

/** Groups of indices into `names`: each a main file first, then its companions. */
export function fileGroups(names: readonly string[]): number[][] {
  const mains = names.flatMap((n, i) => (isMainFileName(n, names) ? [i] : []));
  if (mains.length < 2) return [names.map((_, i) => i)];
  const groups = new Map(mains.map((m) => [m, [m]]));
  names.forEach((n, i) => {
    if (groups.has(i)) return;
    groups.get(isCompanion(n, names) ? ownerOf(n, names, mains) : mains[0])!.push(i);
  });
  return [...groups.values()];
}
