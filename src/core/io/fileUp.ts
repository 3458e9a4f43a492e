// What a parsed file says of its up, for resolveUp: its format's usual up and whether the format
// defines it, the up it states, and its map coordinates' elevation.
import type { FileUpFacts } from '../geometry/upAxis';
import { mapUp } from '../geometry/mapCoordinates';
import { definesUp, holdsObjects } from './formats';
import type { ParseResult } from '../types';

export function fileUpFacts(r: Pick<ParseResult, 'format' | 'upAxis' | 'statedUp' | 'origin'>): FileUpFacts {
  const map = mapUp(r.origin);
  return { formatUp: r.upAxis, objectsOnly: holdsObjects(r.format), defined: definesUp(r.format), ...(r.statedUp && { stated: r.statedUp }), ...(map && { map }) };
}
