// Checked values of string flags, so that every command refuses a bad one the same way.
import type { CliArgs } from './command';

/** `--name` as an integer of at least `min`, or undefined after saying on stderr what is wrong. */
export function integerFlag(command: string, flags: CliArgs['flags'], name: string, min: number): number | undefined {
  const value = Number(flags[name]);
  if (Number.isInteger(value) && value >= min) return value;
  process.stderr.write(`pointlens ${command}: --${name} must be an integer of at least ${min}, not "${flags[name]}"\n`);
  return undefined;
}

/** `--name` as a number above 0 (a length), or undefined after saying on stderr what is wrong. */
export function positiveFlag(command: string, flags: CliArgs['flags'], name: string): number | undefined {
  const value = Number(flags[name]);
  if (typeof flags[name] === 'string' && Number.isFinite(value) && value > 0) return value;
  process.stderr.write(`pointlens ${command}: --${name} must be a number above 0, not "${flags[name]}"\n`);
  return undefined;
}
