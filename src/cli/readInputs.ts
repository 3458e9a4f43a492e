// Reads a file from disk as an InputFile together with the files the app would get dropped with
// it: the OBJ's material library, a ScanNet scan's label arrays, and the arrays beside a Pointcept
// scene's coord.npy. A file names its companions itself (`mtllib ../../../../dev/zero`), so they
// are opened only inside the file's own folder, only as regular files, and only up to the read
// budget: what a user drops in the app, never what a file points at. A folder is read as the app
// opens one (core/io/folderFiles). A cloud of records (binary PLY, LAS, LAZ, NPY, a headerless .bin
// scan) is read as the app reads one opened alone: as a stream, kept decimated past the read budget,
// an .npy cloud's arrays or a SemanticKITTI scan's labels beside it counted with it and kept for
// the same points. A .gltf's .bin buffers stay on disk, read by range.
import { closeSync, openSync, readFileSync, readSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { MAX_FOLDER_DEPTH, MAX_FOLDER_FILES, READ_BUDGET_BYTES, SCENE_ARRAY_NAMES, chooseFolderFiles, fileGroups, isCompanion, parseFiles, tooManyFiles, type ParseOptions } from '../core/io';
import { attachNpyCompanions, npyCompanionBytesPerPoint } from '../core/io/npy';
import { kittiLabelsOf, withKittiLabels } from '../core/io/semanticKitti';
import { STREAMED_NAME } from '../core/io/streamFormats';
import type { CompanionTerms } from '../core/io/companionTerms';
import { bufferPath, gltfBufferAddresses } from '../core/io/gltf';
import { formatBytes } from '../core/io/limits';
import { InputError, printable, type InputFile, type RangedFile } from '../core/types';
import { readBudgetBytes } from './readBudget';
import { keptKittiLabels, keptRows } from './keptRows';
import { RAW_RECORDS_NAME, readStreamed, type ReadResult, type StreamCompanions } from './readStreamed';

export interface Inputs {
  /** the main file's path */
  path: string;
  files: InputFile[];
  /** a glTF's buffers, left on disk: only the bytes its accessors span are read */
  ranged: RangedFile[];
  /** companions named by the file that were not read, and why */
  notes: string[];
}

/** A file to be read from disk as a stream when it is parsed (readStreamed), its content read whole where it cannot stream. */
export interface StreamedInput {
  path: string;
  notes: string[];
  stream: true;
  /** the arrays beside an .npy cloud, on disk and by the name they are read under */
  companions: { path: string; name: string }[];
}

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Why `path` is no file to read, or null when it is one. Devices and FIFOs would never end. */
function notAFile(s: Stats | null): string | null {
  if (!s) return 'no such file';
  if (s.isDirectory()) return 'is a folder, not a file';
  if (!s.isFile()) return 'is not a regular file';
  return null;
}

/** Why `path` cannot be read whole as an input file, or null when it can. */
function unreadable(s: Stats | null): string | null {
  const notFile = notAFile(s);
  if (notFile) return notFile;
  if (s!.size > 2 * READ_BUDGET_BYTES) return `is ${formatBytes(s!.size)}; pointlens reads files of up to ${formatBytes(2 * READ_BUDGET_BYTES)}`;
  return null;
}

function read(path: string): InputFile {
  const why = unreadable(stat(path));
  if (why) throw new InputError(`${path}: ${why}`);
  try {
    return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
  } catch (e) {
    throw new InputError(`${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** The file at `path` as one read by range: each read opens it, so that nothing is left open once a command is done with it. */
function ranged(path: string, name: string): RangedFile {
  const why = unreadable(stat(path));
  if (why) throw new InputError(`${path}: ${why}`);
  return {
    name,
    size: statSync(path).size,
    read: (begin, end) => {
      const out = new Uint8Array(Math.max(0, end - begin));
      const fd = openSync(path, 'r');
      try {
        let got = 0;
        for (let n; got < out.length && (n = readSync(fd, out, got, out.length - got, begin + got)); ) got += n;
        return out.subarray(0, got);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** The companions of the main file `main` (a name), named as given: a .gltf's .bin buffers left on disk to be read by range, every other file read whole. */
function companionFiles(main: string, companions: { path: string; name: string }[]): Pick<Inputs, 'files' | 'ranged'> {
  const byRange = (f: { name: string }) => /\.gltf$/i.test(main) && /\.bin$/i.test(f.name);
  return {
    files: companions.filter((f) => !byRange(f)).map((f) => ({ ...read(f.path), name: f.name })),
    ranged: companions.filter(byRange).map((f) => ranged(f.path, f.name)),
  };
}

/** The first 64 kB of a regular file (where an OBJ names its material library); empty otherwise. */
function head(path: string): Uint8Array {
  if (unreadable(stat(path))) return new Uint8Array(0);
  const out = new Uint8Array(1 << 16);
  const fd = openSync(path, 'r');
  try {
    return out.subarray(0, readSync(fd, out, 0, out.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Paths of the files that belong with `path`, whether they exist or not, as the file names them; `bytes`: the file, where it was read already. */
function siblingPaths(path: string, bytes?: Uint8Array): string[] {
  const dir = dirname(path);
  const name = basename(path);
  if (/\.obj$/i.test(name)) {
    const text = new TextDecoder('latin1').decode(head(path));
    const libs = [...text.matchAll(/^mtllib\s+(.+?)\s*$/gm)].map((m) => join(dir, m[1]));
    return [...new Set([...libs, join(dir, name.replace(/\.obj$/i, '.mtl'))])];
  }
  const scan = /^(.*)_vert(_all)?\.npy$/i.exec(name);
  if (scan) {
    const all = scan[2] ?? '';
    return ['sem', 'ins'].map((kind) => join(dir, `${scan[1]}_${kind}_label${all}.npy`));
  }
  const frame = /^(.*)_xyz\.npy$/i.exec(name);
  if (frame) return [join(dir, `${frame[1]}_rgb.npy`)];
  if (/^coord\.npy$/i.test(name)) return SCENE_ARRAY_NAMES.map((array) => join(dir, array));
  // SemanticKITTI keeps a scan's labels in a folder beside its own; copied next to it, they are read
  if (/\.bin$/i.test(name)) return [join(dir, name.replace(/\.bin$/i, '.label'))];
  // a .gltf names its .bin files itself; one too large to read is refused by its own read
  if (/\.gltf$/i.test(name) && (bytes || statSync(path).size <= READ_BUDGET_BYTES)) {
    return gltfBufferAddresses(bytes ?? new Uint8Array(readFileSync(path))).map((uri) => join(dir, bufferPath(uri)));
  }
  return [];
}

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** The files under `folder` (links left alone), as paths that start with its name. */
function folderPaths(folder: string): string[] {
  const paths: string[] = [];
  const visit = (dir: string, rel: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${rel}/${entry.name}`;
      if (entry.isFile()) {
        if (paths.length >= MAX_FOLDER_FILES) throw tooManyFiles();
        paths.push(path);
      } else if (entry.isDirectory() && depth < MAX_FOLDER_DEPTH) visit(join(dir, entry.name), path, depth + 1);
    }
  };
  visit(folder, basename(resolve(folder)), 0);
  return paths;
}

/** One file a command reads, with its companions, read when called (a folder's files one at a time). */
export type InputSet = () => Inputs | StreamedInput;

/** Names of the files the command line reads as a stream: those the app streams, and headerless records. */
const streamedName = (name: string) => STREAMED_NAME.test(name) || RAW_RECORDS_NAME.test(name);

/**
 * Whether the file at `path` is read as a stream: a cloud of records, as the app streams one opened
 * alone, with `companions` only where they are the arrays of an .npy cloud or a headerless scan's
 * SemanticKITTI labels.
 */
function streams(path: string, companions: string[]): boolean {
  const name = basename(path);
  const npyArrays = /\.npy$/i.test(name) && companions.every((c) => /\.npy$/i.test(c) && isCompanion(c, [c]));
  const kittiLabels = RAW_RECORDS_NAME.test(name) && companions.length === 1 && /\.label$/i.test(companions[0]);
  return !notAFile(stat(path)) && streamedName(name) && !isCompanion(name, [name]) && (!companions.length || npyArrays || kittiLabels);
}

/** The file at `path`, as a stream or with its companions. */
function fileSet(path: string): Inputs | StreamedInput {
  if (!streamedName(path)) return readInputs(path);
  const { paths, notes } = companionPaths(path);
  if (!streams(path, paths)) return readInputs(path);
  return { path, notes, stream: true, companions: paths.map((p) => ({ path: p, name: basename(p) })) };
}

/** What the app opens of a folder (core/io/folderFiles): each of its scans or models with the companions beside it. */
function folderSets(folder: string): { sets: InputSet[]; notes: string[] } {
  let choice;
  try {
    choice = chooseFolderFiles(folderPaths(folder));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${folder} ${e.message}`);
    throw e;
  }
  // a chosen path is the folder's name, then its path inside the folder
  const onDisk = (p: string) => join(folder, p.slice(p.indexOf('/') + 1));
  const sets = fileGroups(choice.read).map((group): InputSet => {
    const paths = group.map((i) => choice.read[i]);
    if (streams(onDisk(paths[0]), paths.slice(1))) {
      return () => ({ path: onDisk(paths[0]), notes: [], stream: true, companions: paths.slice(1).map((p) => ({ path: onDisk(p), name: p })) });
    }
    return () => {
      const { files, ranged } = companionFiles(paths[0], paths.slice(1).map((p) => ({ path: onDisk(p), name: p })));
      return { path: onDisk(paths[0]), files: [{ ...read(onDisk(paths[0])), name: paths[0] }, ...files], ranged, notes: [] };
    };
  });
  return { sets, notes: choice.note ? [printable(`${folder}: ${choice.note}`)] : [] };
}

/** The files a command reads for `path`: the file itself, or each that the app would open of a folder. */
export function inputSets(path: string): { sets: InputSet[]; notes: string[] } {
  if (stat(path)?.isDirectory()) return folderSets(path);
  return { sets: [() => fileSet(path)], notes: [] };
}

/** The companions of the file at `path` that exist next to it and can be read, and why the others cannot; `bytes`: the file, where it was read already. */
function companionPaths(path: string, bytes?: Uint8Array): { paths: string[]; notes: string[] } {
  const paths: string[] = [];
  const notes: string[] = [];
  const folder = realPath(dirname(resolve(path)));
  if (!folder || notAFile(stat(path))) return { paths, notes };
  for (const p of siblingPaths(path, bytes)) {
    // links are followed before the check, so that one inside the folder cannot lead out of it
    const real = realPath(p);
    if (!real) continue;
    const why = inside(folder, real) ? unreadable(stat(real)) : "is outside the file's folder";
    if (why) notes.push(printable(`${path}: companion ${p} ${why}; it was not read`));
    else paths.push(p);
  }
  return { paths, notes };
}

/** The file at `path` first, then its companions that exist next to it. */
export function readInputs(path: string): Inputs {
  const main = read(path);
  const { paths, notes } = companionPaths(path, main.bytes);
  const { files, ranged } = companionFiles(main.name, paths.map((p) => ({ path: p, name: basename(p) })));
  return { path, files: [main, ...files], ranged, notes };
}

/**
 * The files beside the streamed cloud at `path`: an .npy cloud's arrays or a SemanticKITTI scan's
 * labels, counted against the budget with it, and of the points kept where it is kept decimated.
 */
function streamCompanions(path: string, companions: StreamedInput['companions']): StreamCompanions {
  const name = basename(path);
  if (RAW_RECORDS_NAME.test(name)) {
    const labels = kittiLabelsOf(name, companions)!;
    const scanBytes = statSync(path).size;
    return {
      // its class and its instance, 32 bits each
      bytesPerPoint: 8,
      attach: (cloud, kept, warnings) => {
        const file = kept ? keptKittiLabels(labels.path, labels.name, kept, scanBytes) : { ...read(labels.path), name: labels.name };
        if ('unused' in file) {
          warnings.push(file.unused);
          return cloud;
        }
        const labelled = withKittiLabels(cloud, name, [file], scanBytes);
        warnings.push(...labelled.warnings);
        return labelled.cloud;
      },
    };
  }
  return {
    bytesPerPoint: companions.reduce((sum, c) => sum + npyCompanionBytesPerPoint(c.name), 0),
    attach: (cloud, kept, warnings) => {
      const files = companions.flatMap((c) => {
        const rows = kept && keptRows(c.path, c.name, kept);
        if (rows && 'unused' in rows) {
          warnings.push(rows.unused);
          return [];
        }
        return [rows || { ...read(c.path), name: c.name }];
      });
      attachNpyCompanions(cloud, name, files, warnings);
      return cloud;
    },
  };
}

/**
 * How the command line asks for a companion of the file at `path`: it reads them from beside the
 * file (readInputs), where the app has them opened together with it.
 */
export function cliTerms(path: string): CompanionTerms {
  const folder = dirname(path);
  return {
    missing: (companion) => {
      const at = join(folder, companion);
      if (inside(resolve(folder), resolve(at))) return `pointlens looked for it at ${at}; put it there`;
      return `pointlens reads a file's companions only from inside its folder (${folder}), and ${companion} lies outside it`;
    },
    together: (_companion, main, folder) => `give pointlens ${main}${folder ? ' or their folder' : ''} instead: it reads a file's companions from beside the file`,
  };
}

/**
 * The geometry of a command's input files, read with `options`, a missing or lone companion asked
 * for in the command line's terms; a file read as a stream keeps what the read budget takes.
 */
export async function parseInputs(inputs: Inputs | StreamedInput, path: string, options: ParseOptions): Promise<ReadResult> {
  if ('stream' in inputs) {
    const companions = inputs.companions.length ? streamCompanions(path, inputs.companions) : undefined;
    const streamed = await readStreamed(path, readBudgetBytes(), { companions, recordValues: options.recordValues, terms: cliTerms(path) });
    if (streamed) return streamed;
    // its content cannot stream (ASCII PLY, a mesh): read whole, as any other file
    inputs = readInputs(path);
  }
  return parseFiles(inputs.files, { ...options, ranged: inputs.ranged, terms: cliTerms(path) });
}

/**
 * Drops the companions that another listed file brings along anyway, so that
 * `pointlens info scans/*` reads each scan once instead of failing on its label arrays.
 */
export function withoutCoveredCompanions(paths: string[]): string[] {
  const covered = new Set(paths.filter((p) => !isCompanion(p, paths)).flatMap((p) => siblingPaths(p).map((s) => resolve(s))));
  return paths.filter((p) => !(isCompanion(p, paths) && covered.has(resolve(p))));
}
