// `--up x|y|z|auto` for the commands that recognise: which way is up, chosen by the user or
// detected from the geometry, and how the JSON says which it was.
import type { CliArgs, CliFlag } from './command';
import { parseUpChoice, upUsedIsSure, type UpChoice, type UpUsed } from '../core/geometry/upAxis';

export const UP_FLAG: CliFlag = {
  type: 'string',
  description: 'which way is up: x, y or z (its + end), +x ... -z, or auto to detect it from the geometry',
  default: 'auto',
};

/** `--up` as a choice, or undefined after saying on stderr what is wrong. */
export function upFlag(command: string, flags: CliArgs['flags']): UpChoice | undefined {
  const choice = parseUpChoice(String(flags.up ?? 'auto'));
  if (!choice) process.stderr.write(`pointlens ${command}: --up must be x, y, z, +x ... -z or auto, not "${flags.up}"\n`);
  return choice;
}

/** The `up` field of a command's JSON line. */
export function upReport(used: UpUsed): Record<string, unknown> {
  return {
    axis: used.up,
    source: used.source,
    // a format's up comes with the geometry's estimate, whose reason argues for the axis it detected
    ...(used.estimate && { ...(used.source === 'format' && { detected: used.estimate.up }), confidence: Number(used.estimate.confidence.toFixed(3)), reason: used.estimate.reason }),
    ...(used.reason && { reason: used.reason }),
    ...(used.source !== 'chosen' && { sure: upUsedIsSure(used) }),
  };
}
