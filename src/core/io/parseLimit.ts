// How long the app lets one file's parse run before it gives up on it. A reader that loops on a
// lying header can hold its thread for minutes and gigabytes (a 2^53-row PLY sat at "parsing 77%"
// for more than a minute); a big honest file needs time in proportion to its size. Pure, so that
// the rule is tested in Node and the app's watchdog only applies it.
import { formatBytes } from './limits';

/** What any file gets on top of its size's share: starting the worker, finding the up axis. */
export const PARSE_BASE_SECONDS = 30;

/** The slowest reading speed still taken for progress: text formats on a slow machine, well below what they measure. */
export const PARSE_SLOWEST_BYTES_PER_SECOND = 1 << 20;

/**
 * A reader that says nothing for as long as reading the whole file at this speed would take (plus
 * the base) is taken for stuck. Generous because some readers report no progress at all while
 * they decode (LAZ).
 */
export const PARSE_QUIET_BYTES_PER_SECOND = 8 << 20;

export interface ParseLimit {
  /** the parse is given up this long after it started */
  totalMs: number;
  /** ... or after this long without a progress report */
  quietMs: number;
  /** where the limit came from, for the message */
  chosen: boolean;
}

/**
 * The limit for a parse of `bytes` bytes. `chosenSeconds` > 0 is a limit the person set
 * (the Info panel's "Give up reading after"); it replaces both rules. 0 means by size.
 */
export function parseLimit(bytes: number, chosenSeconds: number): ParseLimit {
  if (chosenSeconds > 0) return { totalMs: chosenSeconds * 1000, quietMs: chosenSeconds * 1000, chosen: true };
  return {
    totalMs: (PARSE_BASE_SECONDS + bytes / PARSE_SLOWEST_BYTES_PER_SECOND) * 1000,
    quietMs: (PARSE_BASE_SECONDS + bytes / PARSE_QUIET_BYTES_PER_SECOND) * 1000,
    chosen: false,
  };
}

const seconds = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

/** Why a parse was given up, in the words of someone who dropped a file. */
export function parseGivenUpMessage(fileName: string, bytes: number, limit: ParseLimit, why: 'total' | 'quiet'): string {
  const stopped = why === 'quiet' ? `made no progress for ${seconds(limit.quietMs)}` : `was still being read after ${seconds(limit.totalMs)}`;
  const kept = 'What was shown before stays.';
  if (limit.chosen) return `${fileName} ${stopped}, the limit set under Info ("Give up reading after"), so reading it was stopped. ${kept}`;
  return (
    `${fileName} ${stopped}, the limit for a file of ${formatBytes(bytes)}, so reading it was stopped: the file may be corrupt or declare ` +
    `more data than it holds (a longer limit can be set under Info, "Give up reading after"). ${kept}`
  );
}
