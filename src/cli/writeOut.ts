// The file `--out` names, written as its extension says: LAS for .las and LAZ for .laz (what survey
// tools read back), binary PLY otherwise (outFlag has checked it is one of these). A LAS or LAZ
// takes its classes from `classFrom` where given (--las-classes), else the file's classification.
import { writeFileSync } from 'node:fs';
import { writeLas, type LasWriteOptions } from '../core/io/writeLas';
import { writeLaz } from '../core/io/writeLaz';
import { writePly, type PlyWriteOptions } from '../core/io/writePly';
import type { Geometry, ScalarArray } from '../core/types';

/** The writer of a LAS or LAZ file that `out` names, or undefined for PLY. */
export const lasWriter = (out: string) => (/\.las$/i.test(out) ? writeLas : /\.laz$/i.test(out) ? writeLaz : undefined);

/** Writes `geometry` with `extraFields` to `out`; what a LAS or LAZ could not keep as it was is said on stderr, as `command`'s. */
export function writeOut(command: string, out: string, geometry: Geometry, extraFields: Record<string, ScalarArray>, options: PlyWriteOptions & Pick<LasWriteOptions, 'classFrom'>): void {
  const write = lasWriter(out);
  if (!write) {
    writeFileSync(out, writePly(geometry, extraFields, options));
    return;
  }
  const { bytes, notes } = write(geometry, extraFields, options);
  writeFileSync(out, bytes);
  for (const note of notes) process.stderr.write(`pointlens ${command}: ${out}: ${note}\n`);
}
