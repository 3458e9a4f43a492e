// The up a parsed file is shown with, detected or chosen: what `--out` files state in their header.
import { definesUp, holdsObjects } from '../core/io';
import { resolveUp, type UpChoice } from '../core/geometry/upAxis';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { ParseResult } from '../core/types';

export function shownUp(r: ParseResult, choice: UpChoice = 'auto'): SignedAxis {
  return resolveUp(r.data, choice, r.upAxis, holdsObjects(r.format), definesUp(r.format), r.statedUp).up;
}
