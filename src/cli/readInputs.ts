// Reads a file from disk as an InputFile together with the files the app would get dropped with
// it: the OBJ's material library, and a ScanNet scan's label arrays.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

function siblingPaths(path: string, main: InputFile): string[] {
  const dir = dirname(path);
  const name = basename(path);
  if (/\.obj$/i.test(name)) {
    const head = new TextDecoder('latin1').decode(main.bytes.subarray(0, 1 << 16));
    const libs = [...head.matchAll(/^mtllib\s+(.+?)\s*$/gm)].map((m) => join(dir, m[1]));
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
  const main = read(path);
  return [main, ...siblingPaths(path, main).filter((p) => existsSync(p)).map(read)];
}
