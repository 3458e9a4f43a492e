// Reads a file from disk as an InputFile together with the files the app would get dropped with
// it: the OBJ's material library, and a ScanNet scan's label arrays.
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isCompanion } from '../core/io';
import { InputError, type InputFile } from '../core/types';

function read(path: string): InputFile {
  try {
    return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${path}: is a directory, not a file`);
    throw new InputError(`${path}: cannot be read (${code ?? (e as Error).message})`);
  }
}

/** The first 64 kB of a file (where an OBJ names its material library); empty when unreadable. */
function head(path: string): Uint8Array {
  const out = new Uint8Array(1 << 16);
  try {
    const fd = openSync(path, 'r');
    try {
      return out.subarray(0, readSync(fd, out, 0, out.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return new Uint8Array(0);
  }
}

/** Paths of the files that belong with `path`, whether they exist or not. */
function siblingPaths(path: string): string[] {
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
  return [];
}

/** The file at `path` first, then its companions that exist next to it. */
export function readInputs(path: string): InputFile[] {
  return [read(path), ...siblingPaths(path).filter((p) => existsSync(p)).map(read)];
}

/**
 * Drops the companions that another listed file brings along anyway, so that
 * `pointlens info scans/*` reads each scan once instead of failing on its label arrays.
 */
export function withoutCoveredCompanions(paths: string[]): string[] {
  const covered = new Set(paths.filter((p) => !isCompanion(p)).flatMap((p) => siblingPaths(p).map((s) => resolve(s))));
  return paths.filter((p) => !(isCompanion(p) && covered.has(resolve(p))));
}
