// The loop every file-taking command shares: one JSON line per file on stdout (each file the app
// would open of a folder given); a bad file's message on stderr, then on to the next; exit code 1
// when any file failed.
import { basename } from 'node:path';
import { InputError, type InputFile, type ParseResult } from '../core/types';
import { inputSets, withoutCoveredCompanions, type InputSet } from './readInputs';

export async function eachFile(
  paths: string[],
  handle: (files: InputFile[], path: string) => Promise<Record<string, unknown>>,
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
    const message = e instanceof InputError ? named(e.message, path) : e instanceof Error ? (e.stack ?? e.message) : String(e);
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
        process.stdout.write(JSON.stringify(await handle(inputs.files, inputs.path)) + '\n');
      } catch (e) {
        report(e, at);
      }
    }
  }
  return failed ? 1 : 0;
}

/** What reading a file said (points dropped, a layout guessed, a part left out), for its JSON line. */
export function readWarnings(r: Pick<ParseResult, 'warnings'>): { warnings?: string[] } {
  return r.warnings.length ? { warnings: r.warnings } : {};
}

/** What reading the reference a file was measured or aligned to said, for each file's JSON line: it is read once, and read wrong it gives wrong figures too. */
export function referenceWarnings(reference: Pick<ParseResult, 'warnings'>): { reference_warnings?: string[] } {
  return reference.warnings.length ? { reference_warnings: reference.warnings } : {};
}
