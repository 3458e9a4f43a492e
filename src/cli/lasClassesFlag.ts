// `--las-classes FIELD` of every command that writes points (`--out` of POINTS_OUT): the field a LAS
// or LAZ `--out` takes its classes from, as the Export panel's "LAS classes from" does, in place of
// the file's classification (kept whole as source_classification): one the file has (a PLY's label,
// a LAS extra dimension) or one the command computes (clusters, planes, the segmenter's pred,
// merge's source). A field the points lack, or one of decimals (compare's distance), is refused when
// the file is written, naming those that can be taken.
import type { CliArgs, CliFlag } from './command';
import { lasWriter } from './writeOut';

export const LAS_CLASSES_FLAG: CliFlag = {
  type: 'string',
  description: "with --out ending in .las or .laz: the field whose values (0 to 255) are the points' LAS classes, in place of the file's classification",
};

/** `--las-classes`: the field named, undefined where it is not given, or null after saying on stderr why it cannot be taken. */
export function lasClassesFlag(command: string, flags: CliArgs['flags'], out: string | undefined): string | undefined | null {
  const field = flags['las-classes'];
  if (field === undefined) return undefined;
  const problem =
    typeof field !== 'string' || !field
      ? '--las-classes takes the name of a field, such as cluster'
      : !out || !lasWriter(out)
        ? `--las-classes ${field} names the field a LAS's classes come from: give --out with a name ending in .las or .laz`
        : undefined;
  if (!problem) return field as string;
  process.stderr.write(`pointlens ${command}: ${problem}\n`);
  return null;
}
