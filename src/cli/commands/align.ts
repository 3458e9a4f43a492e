// `pointlens align --to <reference> <file>... [--scale] [--out aligned.ply]`: the move and the turn
// about the up axis (and, with --scale, the uniform scale) that lay each file onto the reference, as
// the app's "Align to a layer" finds them (ICP), one JSON line a file. Files are placed as the app places layers it was given:
// where their coordinates put them, each on its own up axis; the turn is about the file's own up
// axis through its box's centre, and the move in its own coordinates, as the app's transform fields
// give them.
import type { CliCommand } from '../command';
import { eachFile, readWarnings, referenceWarnings } from '../eachFile';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { sceneOrigin } from '../../core/io/shift';
import { computeBounds } from '../../core/geometry/bounds';
import { fromSource } from '../../core/io/writePly';
import { alignLayer, alignmentProblem, movedGeometry, type AlignTerms } from '../../core/layers/align';
import { IDENTITY_TRANSFORM } from '../../core/layers/transform';
import { InputError } from '../../core/types';
import type { ReadResult } from '../readStreamed';
import { PLACING_UP_FLAGS, placed, placingUps, readReference } from './compare';

const round = (v: number) => Number(v.toPrecision(6));

/** A failed alignment in the command line's terms: it has files, and takes them where their coordinates put them. */
const CLI_ALIGN_TERMS: AlignTerms = {
  both: 'the file and the reference',
  moving: 'the file',
  closer: 'bring the file within a fraction of its size of the reference first (it is aligned from where its coordinates put it)',
  rescale: "convert it to the reference's units first",
  scaleFirst: "scale one to the other's units first",
};

export const command: CliCommand = {
  name: 'align',
  summary: 'the move and the turn about the up axis that lay each file onto a reference (ICP; the scale kept unless --scale)',
  usage: '--to <reference> [--scale] [--up U] [--to-up U] [--values N] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    to: { type: 'string', description: 'the file each file is aligned to' },
    scale: { type: 'boolean', description: "also solve a uniform scale about the file's centre (CloudCompare's adjust scale), given as `scale`; one past a factor of 2 either way is refused" },
    values: VALUES_FLAG,
    ...PLACING_UP_FLAGS,
    out: { type: 'string', description: 'also write the file aligned, as binary PLY (LAS for a name ending in .las, LAZ for .laz) with its fields' },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('align', flags);
    if (!read) return 2;
    if (typeof flags.to !== 'string') {
      process.stderr.write('pointlens align: --to <reference> names the file to align to\n');
      return 2;
    }
    const to = flags.to;
    const adjustScale = flags.scale === true;
    const ups = placingUps('align', flags);
    if (!ups) return 2;
    const out = outFlag('align', flags, files, 'the aligned points', [to]);
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('align', flags, out);
    if (lasClasses === null) return 2;
    let reference: ReadResult;
    try {
      reference = await readReference(to, read, 'align to');
    } catch (e) {
      process.stderr.write(`pointlens align: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, ups.files);
      const bounds = computeBounds(r.data.positions);
      const start = performance.now();
      const a = alignLayer({ positions: r.data.positions, transform: IDENTITY_TRANSFORM, bounds, up, offset: [0, 0, 0] }, placed(reference, sceneOrigin(r.origin, up), ups.reference), { terms: CLI_ALIGN_TERMS, adjustScale });
      const ms = performance.now() - start;
      const problem = alignmentProblem(a, CLI_ALIGN_TERMS);
      if (problem) throw new InputError(problem);
      if (out) writeOut('align', out, movedGeometry(r.data, a.transform, bounds, up), {}, { ...fromSource({ ...r, lasGrid: undefined }, up), ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        reference: to,
        up,
        reference_up: shownUp(reference, ups.reference),
        translate: a.transform.translate,
        rotate_deg: a.transform.rotateDeg,
        ...(adjustScale && { scale: a.transform.scale }),
        ...(r.unit && { unit: r.unit }),
        rms_before: round(a.rmsBefore),
        rms_after: round(a.rmsAfter),
        overlap: round(a.overlap),
        iterations: a.iterations,
        converged: a.converged,
        points_searched: a.sampled,
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
        ...referenceWarnings(reference),
      };
    });
  },
};
