// `--values N` for every command that reads files: how many float32 values a point a headerless
// .bin holds, where the count the reader finds from the values is not the file's.
import type { CliArgs, CliFlag } from './command';
import { decimalValue } from './flags';
import { RECORD_VALUES } from '../core/io/rawRecords';
import type { ParseOptions } from '../core/io';

export const VALUES_FLAG: CliFlag = {
  type: 'string',
  description: `float32 values a point in a headerless .bin (${RECORD_VALUES[0]}-${RECORD_VALUES[1]}); default: found from the values`,
};

/** The parse options `--values` gives, or undefined after saying on stderr what is wrong. */
export function valuesFlag(command: string, flags: CliArgs['flags']): ParseOptions | undefined {
  if (flags.values === undefined) return {};
  const n = decimalValue(flags.values);
  if (Number.isInteger(n) && n >= RECORD_VALUES[0] && n <= RECORD_VALUES[1]) return { recordValues: n };
  process.stderr.write(`pointlens ${command}: --values must be a whole number from ${RECORD_VALUES[0]} to ${RECORD_VALUES[1]}, not "${flags.values}"\n`);
  return undefined;
}
