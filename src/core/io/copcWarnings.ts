// What a COPC layer's points say that the LAS reader warns of (classification flags, extra
// dimensions without a value, points outside the header's box), in the LAS reader's words, said
// once for the layer: its nodes' counts (CopcNodeTally) summed over every node read, each node once
// however often it is fetched again, so that a COPC read node by node says what the same points read
// from a LAS say. Until every node has been read, they are said of the points read so far.
import { formatCount } from '../format';
import type { CopcNodeTally } from './copc';
import type { ExtraDim } from './lasExtraBytes';
import { flagWarnings, missingWarnings, outsideBoxWarning } from './lasRecords';

/** The warnings of the nodes counted in `tallies` (by node), of a file whose extra dimensions are `dims`; `allRead`: every node that holds points is among them. */
export function copcPointWarnings(tallies: ReadonlyMap<number, CopcNodeTally>, dims: readonly ExtraDim[], allRead: boolean): string[] {
  const counted = [...tallies.values()];
  if (!counted.length) return [];
  const sum = (of: (t: CopcNodeTally) => readonly number[]) => counted.reduce((total, t) => total.map((v, k) => v + of(t)[k]), of(counted[0]).map(() => 0));
  const points = counted.reduce((n, t) => n + t.points, 0);
  const outside = counted.reduce((n, t) => n + t.outside, 0);
  const warnings = [...(outside ? [outsideBoxWarning(outside, points)] : []), ...flagWarnings(sum((t) => t.flagged)), ...missingWarnings(dims, sum((t) => t.missing))];
  return allRead ? warnings : warnings.map((w) => `${w} (of the ${formatCount(points)} points of the octree nodes read so far)`);
}
