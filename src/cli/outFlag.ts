// `--out FILE` of `pointlens segment`: checked before the model runs, so that a result is never
// computed only to be lost to a path that cannot be written, or written over the file it came from.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What is wrong with writing `out` for the file read at `input`, or undefined where it can be written. */
export function outProblem(out: string, input: string): string | undefined {
  const target = resolve(out);
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) return `--out ${out} is a folder: give the name of the file to write`;
    if (existsSync(input) && realpathSync(target) === realpathSync(input)) return `--out ${out} is the file being read: give another name, or it would be written over`;
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `--out ${out} cannot be written: there is no folder ${folder}`;
  try {
    accessSync(existsSync(target) ? target : folder, constants.W_OK);
  } catch {
    return `--out ${out} cannot be written: ${existsSync(target) ? 'the file' : `the folder ${folder}`} is not writable`;
  }
  return undefined;
}
