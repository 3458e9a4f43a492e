// The up a parsed file is shown with when nothing is chosen: what `--out` files state in their header.
import { definesUp, holdsObjects } from '../core/io';
import { resolveUp } from '../core/geometry/upAxis';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { ParseResult } from '../core/types';

export function shownUp(r: ParseResult): SignedAxis {
  return resolveUp(r.data, 'auto', r.upAxis, holdsObjects(r.format), definesUp(r.format), r.statedUp).up;
}
