// `--out FILE` of the commands that write what they found (binary PLY, or LAS for a .las name, LAZ for .laz): checked before anything runs, so that a result
// is never computed only to be lost to a path that cannot be written, or written over the file it
// came from.
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliArgs } from './command';

/** What is wrong with writing `out` for the file read at `input`, or undefined where it can be written. */
function outProblem(out: string, input: string): string | undefined {
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

/** A format a command writes: the ending its name must have, and what the file holds, as a refusal says it. */
export interface OutFormat {
  ending: string;
  holds: string;
}

/** What the commands that write points write: PLY, or LAS for a name ending in .las, LAZ (compressed LAS) for .laz (writeOut.ts). */
export const POINTS_OUT: readonly OutFormat[] = [
  { ending: '.ply', holds: 'binary PLY' },
  { ending: '.las', holds: 'LAS 1.4' },
  { ending: '.laz', holds: 'LAZ, compressed LAS 1.4' },
];

/** Why `out` is no name for any of `formats`, or undefined where it is one. */
function endingProblem(out: string, formats: readonly OutFormat[]): string | undefined {
  if (formats.some((f) => out.toLowerCase().endsWith(f.ending))) return undefined;
  if (formats.length === 1) return `--out ${out} would hold ${formats[0].holds}: give a name ending in ${formats[0].ending}`;
  return `--out ${out}: give a name ending in ${formats.map((f) => `${f.ending} (${f.holds})`).join(' or ')}`;
}

/**
 * `--out` of `command`, which writes `what` of one file in one of `formats` (PLY, LAS or LAZ unless told): its path,
 * undefined where it is not given, or null after saying on stderr why it cannot be taken.
 * `alsoRead`: other files the command reads (compare's reference), which it must not write over either.
 */
export function outFlag(command: string, flags: CliArgs['flags'], files: string[], what: string, alsoRead: string[] = [], formats: readonly OutFormat[] = POINTS_OUT): string | undefined | null {
  const out = typeof flags.out === 'string' ? flags.out : undefined;
  if (!out) return undefined;
  const problem =
    files.length !== 1
      ? `--out takes ${what} of one file; give one file`
      : ([files[0], ...alsoRead].map((input) => outProblem(out, input)).find(Boolean) ??
        endingProblem(out, formats));
  if (!problem) return out;
  process.stderr.write(`pointlens ${command}: ${problem}\n`);
  return null;
}
