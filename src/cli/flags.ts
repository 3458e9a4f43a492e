// Checked values of string flags, so that every command refuses a bad one the same way.
import type { CliArgs } from './command';

/**
 * A flag's value as a decimal number (digits, a point, an exponent), NaN for anything else: Number()
 * alone takes "0x10" for 16, "" for 0 and " 2 " for 2, values a person did not mean as written.
 */
export function decimalValue(v: unknown): number {
  return typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : NaN;
}

/** `--name` as an integer of at least `min`, or undefined after saying on stderr what is wrong. */
export function integerFlag(command: string, flags: CliArgs['flags'], name: string, min: number): number | undefined {
  const value = decimalValue(flags[name]);
  if (Number.isInteger(value) && value >= min) return value;
  process.stderr.write(`pointlens ${command}: --${name} must be an integer of at least ${min}, not "${flags[name]}"\n`);
  return undefined;
}

/** `--name` as a number above 0 (a length, kept as a 32-bit float), or undefined after saying on stderr what is wrong. */
export function positiveFlag(command: string, flags: CliArgs['flags'], name: string): number | undefined {
  const value = decimalValue(flags[name]);
  if (Number.isFinite(value) && Math.fround(value) > 0) return value;
  // a shell takes "0,05" as typed, where a European reads 0.05
  const comma = typeof flags[name] === 'string' && /^\d*,\d+$/.test(flags[name]) ? ', with a point as its decimal mark' : '';
  process.stderr.write(`pointlens ${command}: --${name} must be a number above 0${comma}, not "${flags[name]}"\n`);
  return undefined;
}
