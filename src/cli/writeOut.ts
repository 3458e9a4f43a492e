// The file `--out` names, written as its extension says: LAS for .las (what survey tools read back),
// binary PLY otherwise (outFlag has checked it is one of the two).
import { writeFileSync } from 'node:fs';
import { writeLas } from '../core/io/writeLas';
import { writePly, type PlyWriteOptions } from '../core/io/writePly';
import type { Geometry, ScalarArray } from '../core/types';

/** Whether `out` names a LAS file. */
export const isLasOut = (out: string) => /\.las$/i.test(out);

/** Writes `geometry` with `extraFields` to `out`; what a LAS could not keep as it was is said on stderr, as `command`'s. */
export function writeOut(command: string, out: string, geometry: Geometry, extraFields: Record<string, ScalarArray>, options: PlyWriteOptions): void {
  if (!isLasOut(out)) {
    writeFileSync(out, writePly(geometry, extraFields, options));
    return;
  }
  const { bytes, notes } = writeLas(geometry, extraFields, options);
  writeFileSync(out, bytes);
  for (const note of notes) process.stderr.write(`pointlens ${command}: ${out}: ${note}\n`);
}
