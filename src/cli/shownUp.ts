// The up a parsed file is shown with, detected or chosen: what `--out` files state in their header.
import { fileUpFacts } from '../core/io/fileUp';
import { resolveUp, type UpChoice } from '../core/geometry/upAxis';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { ParseResult } from '../core/types';

export function shownUp(r: ParseResult, choice: UpChoice = 'auto'): SignedAxis {
  return resolveUp(r.data, choice, fileUpFacts(r)).up;
}
