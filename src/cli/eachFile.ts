// The loop every file-taking command shares: one JSON line per file on stdout; a bad file's
// message on stderr, then on to the next; exit code 1 when any file failed.
import { InputError, type InputFile } from '../core/types';
import { readInputs, withoutCoveredCompanions } from './readInputs';

export async function eachFile(
  paths: string[],
  handle: (files: InputFile[], path: string) => Promise<Record<string, unknown>>,
): Promise<number> {
  if (!paths.length) {
    process.stderr.write('pointlens: no file given\n');
    return 2;
  }
  let failed = false;
  for (const path of withoutCoveredCompanions(paths)) {
    try {
      const inputs = readInputs(path);
      for (const note of inputs.notes) process.stderr.write(`pointlens: ${note}\n`);
      const result = await handle(inputs.files, inputs.path);
      process.stdout.write(JSON.stringify(result) + '\n');
    } catch (e) {
      failed = true;
      const message = e instanceof InputError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`pointlens: ${message}\n`);
    }
  }
  return failed ? 1 : 0;
}
