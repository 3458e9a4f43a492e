// The loop every file-taking command shares: one JSON line per file on stdout (each file the app
// would open of a folder given); a bad file's message on stderr, then on to the next; exit code 1
// when any file failed.
import { basename } from 'node:path';
import { InputError } from '../core/types';
import { inputSets, withoutCoveredCompanions, type InputSet, type Inputs, type StreamedInput } from './readInputs';
import type { ReadResult } from './readStreamed';

export async function eachFile(
  paths: string[],
  handle: (inputs: Inputs | StreamedInput, path: string) => Promise<Record<string, unknown>>,
): Promise<number> {
  if (!paths.length) {
    process.stderr.write('pointlens: no file given\n');
    return 2;
  }
  let failed = false;
  // a reader names the file in its messages, by its name alone (that is what the app shows); a later
  // step (the segmenter's grid, say) does not name it: either way the line names it by its path, so
  // that two files of one name in different folders are told apart
  const named = (message: string, path: string) => {
    const name = basename(path);
    if (message.startsWith(`${name} `)) return `${path}${message.slice(name.length)}`;
    return message.includes(name) ? message : `${path}: ${message}`;
  };
  const report = (e: unknown, path: string) => {
    failed = true;
    // the system's refusal (a disk full, a path that cannot be opened) is the user's to fix: its words
    // are enough, where a stack is kept for what is our own fault
    const message =
      e instanceof InputError ? named(e.message, path) : isSystemError(e) ? `${path}: ${e.message}` : e instanceof Error ? (e.stack ?? e.message) : String(e);
    process.stderr.write(`pointlens: ${message}\n`);
  };
  const say = (notes: string[]) => notes.forEach((note) => process.stderr.write(`pointlens: ${note}\n`));
  for (const path of withoutCoveredCompanions(paths)) {
    let sets: InputSet[];
    try {
      const found = inputSets(path);
      say(found.notes);
      sets = found.sets;
    } catch (e) {
      report(e, path);
      continue;
    }
    for (const set of sets) {
      let at = path;
      try {
        const inputs = set();
        at = inputs.path;
        say(inputs.notes);
        process.stdout.write(JSON.stringify(await handle(inputs, inputs.path)) + '\n');
      } catch (e) {
        report(e, at);
      }
    }
  }
  return failed ? 1 : 0;
}

/** An error the operating system gave (Node's fs and the like: a `code` such as ENOENT and the call that failed). */
function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** What reading a file said (points dropped, a layout guessed, a part left out, a cloud kept decimated and how), for its JSON line. */
export function readWarnings(r: Pick<ReadResult, 'warnings' | 'decimated'>): { decimated?: ReadResult['decimated']; warnings?: string[] } {
  return { ...(r.decimated && { decimated: r.decimated }), ...(r.warnings.length ? { warnings: r.warnings } : {}) };
}

/** What reading the reference a file was measured or aligned to said, for each file's JSON line: it is read once, and read wrong it gives wrong figures too. */
export function referenceWarnings(reference: Pick<ReadResult, 'warnings' | 'decimated'>): { reference_decimated?: ReadResult['decimated']; reference_warnings?: string[] } {
  return { ...(reference.decimated && { reference_decimated: reference.decimated }), ...(reference.warnings.length ? { reference_warnings: reference.warnings } : {}) };
}
