// `pointlens subsample --spacing D | --voxel D | --count N [--seed S] <file>... [--out file.ply|.las|.laz]`:
// subsamples each file as the app's Subsample panel does, one JSON line a file; --out writes the
// points kept, real points of the file with every field they carry (a mesh's vertices, as a cloud).
import type { CliArgs, CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { subsample, subsampledCloud, type SubsampleMethod } from '../../core/geometry/subsample';
import { fromSource } from '../../core/io/writePly';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { integerFlag, positiveFlag } from '../flags';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';

/** The one method the flags name, or null after saying on stderr what is wrong with them. */
function methodOf(flags: CliArgs['flags']): SubsampleMethod | null {
  const given = ['spacing', 'voxel', 'count'].filter((name) => flags[name] !== undefined);
  if (given.length !== 1) {
    process.stderr.write(`pointlens subsample: give one of --spacing D, --voxel D or --count N${given.length ? `, not ${given.map((g) => `--${g}`).join(' and ')}` : ''}\n`);
    return null;
  }
  if (flags.seed !== undefined && given[0] !== 'count') {
    process.stderr.write('pointlens subsample: --seed goes with --count, which chooses the points at random\n');
    return null;
  }
  if (given[0] === 'count') {
    const count = integerFlag('subsample', flags, 'count', 1);
    const seed = flags.seed === undefined ? 0 : integerFlag('subsample', flags, 'seed', 0);
    return count === undefined || seed === undefined ? null : { kind: 'count', count, seed };
  }
  const d = positiveFlag('subsample', flags, given[0]);
  if (d === undefined) return null;
  return given[0] === 'spacing' ? { kind: 'spacing', spacing: d } : { kind: 'voxel', size: d };
}

export const command: CliCommand = {
  name: 'subsample',
  summary: 'keep fewer of the points, real ones: a minimum spacing, one a voxel, or a count at random',
  usage: '(--spacing D | --voxel D | --count N [--seed S]) [--values N] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    spacing: { type: 'string', description: 'keep no two points closer than D (the file\'s units), greedy in file order' },
    voxel: { type: 'string', description: 'keep of each voxel of size D the point nearest its centre' },
    count: { type: 'string', description: 'keep N points at random' },
    seed: { type: 'string', description: 'the seed of --count: the same seed keeps the same points' },
    values: VALUES_FLAG,
    out: { type: 'string', description: 'also write the points kept as binary PLY (LAS for a name ending in .las, LAZ for .laz), with all their fields' },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('subsample', flags);
    if (!read) return 2;
    const method = methodOf(flags);
    if (!method) return 2;
    const out = outFlag('subsample', flags, files, 'the points kept');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('subsample', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const start = performance.now();
      const chosen = subsample(r.data.positions, method, { unit: r.unit });
      const ms = performance.now() - start;
      const points = r.data.positions.length / 3;
      const kept = chosen.reduce((t, v) => t + v, 0);
      if (out) writeOut('subsample', out, subsampledCloud(r.data, chosen), {}, { ...fromSource(r, shownUp(r)), ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        points,
        kept,
        ...(method.kind === 'spacing' && { spacing: method.spacing }),
        ...(method.kind === 'voxel' && { voxel: method.size }),
        ...(method.kind === 'count' && { count: method.count, seed: method.seed }),
        ...(r.unit && { unit: r.unit }),
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
