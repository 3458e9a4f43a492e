// The up a file states itself. pointlens writes the up it showed a cloud with into the header of
// the PLY files it exports, and reads it back, so that what it saved opens standing as it was shown:
// a room the estimate alone would turn over, or an up the person chose.
import type { SignedAxis } from '../geometry/signedAxis';

/** The header comment (without PLY's `comment` keyword) that states `up`. */
export function statedUpComment(up: SignedAxis): string {
  return `pointlens up ${up}`;
}

/** The up a PLY header line states, where it is such a comment. */
export function statedUpOf(line: string): SignedAxis | undefined {
  return /^comment\s+pointlens\s+up\s+([+-][xyz])\s*$/.exec(line.trim())?.[1] as SignedAxis | undefined;
}
