// `--wide` for the commands that run a model on a whole scan: a scan wider than any room or object
// the models learned is held back before any model loads, as the app holds it on load. The segmenter
// took minutes over a 200 m survey only to say at the end that its labels were a guess.
import type { CliArgs, CliFlag } from './command';
import { parsedWiderThanModelsKnow, tooWideWords } from '../core/ml/sceneOrObject';
import type { ParseResult } from '../core/types';
import { SCENE_EXTENT_M } from '../core/geometry/upAxis';

export const WIDE_FLAG: CliFlag = {
  type: 'boolean',
  description: `run the model on a scan in a known unit (LAS, LAZ, COPC, a SemanticKITTI sweep, map coordinates) wider than ${SCENE_EXTENT_M[1]} m too; without it such a scan is held back before any model loads, its line only \`held\` (why) and \`widest_m\` (with classify's \`"unknown": true\`)`,
};

/** A held scan's JSON: why, and its width in metres. */
export interface HeldTooWide {
  held: string;
  widest_m: number;
}

type Scan = Pick<ParseResult, 'data' | 'format' | 'unit' | 'origin'>;

/**
 * Where `parsed` is wider than the models know and `--wide` was not given: what its JSON line says
 * instead of the model's answer, after saying on stderr that `what` (e.g. "segmented") was not done.
 * `readIn` gives the scan in the unit the model would read it in, where that is not the one it
 * declares (a LAS room in millimetres declaring none is no survey kilometres wide); asked only of a wide one.
 */
export function heldTooWide(flags: CliArgs['flags'], parsed: Scan, path: string, what: string, readIn: (scan: Scan) => Scan = (scan) => scan): HeldTooWide | undefined {
  if (flags.wide || parsedWiderThanModelsKnow(parsed) === undefined) return undefined;
  const widest = parsedWiderThanModelsKnow(readIn(parsed));
  if (widest === undefined) return undefined;
  const held = `not ${what}: ${tooWideWords(widest)}; --wide runs it anyway`;
  process.stderr.write(`pointlens: ${path}: ${held}\n`);
  return { held, widest_m: Number(widest.toFixed(1)) };
}
