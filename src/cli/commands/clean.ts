// `pointlens clean <file>... [--k N] [--sigma S] [--out file.ply|.las|.laz]`: finds the stray points of each
// file as the app's "Stray points" panel does (statistical outlier removal), one JSON line a file;
// --out writes the points kept, with every field they carry (a mesh keeps the triangles whose
// corners all stay).
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { keptGeometry } from '../../core/geometry/clip';
import { checkStrayParameters, findStrayPoints, STRAY_NEIGHBOURS, STRAY_SIGMA } from '../../core/geometry/strayPoints';
import { fromSource } from '../../core/io/writePly';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { decimalValue } from '../flags';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';

const round = (v: number) => Number(v.toPrecision(6));

/** --k and --sigma as numbers, or null after saying on stderr what is wrong with them. */
function parameters(flags: Record<string, string | boolean | undefined>): { k: number; sigma: number } | null {
  const problem = (message: string) => {
    process.stderr.write(`pointlens clean: ${message}\n`);
    return null;
  };
  for (const name of ['k', 'sigma']) {
    const v = flags[name];
    if (!Number.isFinite(decimalValue(v))) return problem(`--${name} takes a number, not "${String(v)}"`);
  }
  const k = decimalValue(flags.k);
  const sigma = decimalValue(flags.sigma);
  try {
    checkStrayParameters(k, sigma);
  } catch (e) {
    return problem(e instanceof Error ? e.message : String(e));
  }
  return { k, sigma };
}

export const command: CliCommand = {
  name: 'clean',
  summary: 'find the stray points (statistical outlier removal) and write the points kept',
  usage: '[--k N] [--sigma S] [--values N] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    k: { type: 'string', description: 'neighbours each point\'s mean distance is taken over', default: String(STRAY_NEIGHBOURS) },
    sigma: { type: 'string', description: 'a point is stray where its mean distance is past the cloud\'s mean plus this many standard deviations', default: String(STRAY_SIGMA) },
    values: VALUES_FLAG,
    out: { type: 'string', description: 'also write the points kept as binary PLY (LAS for a name ending in .las, LAZ for .laz), with all their fields' },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('clean', flags);
    if (!read) return 2;
    const params = parameters(flags);
    if (!params) return 2;
    const out = outFlag('clean', flags, files, 'the points kept');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('clean', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const start = performance.now();
      const found = findStrayPoints(r.data.positions, params);
      const ms = performance.now() - start;
      const points = found.stray.length;
      if (out) {
        const kept = found.stray.map((s) => 1 - s);
        writeOut('clean', out, keptGeometry(r.data, kept).geometry, {}, { ...fromSource(r, shownUp(r)), ...(lasClasses && { classFrom: lasClasses }) });
      }
      return {
        file: path,
        points,
        stray: found.count,
        kept: points - found.count,
        k: found.k,
        sigma: found.sigma,
        mean_distance: round(found.meanDistance),
        deviation: round(found.deviation),
        threshold: round(found.threshold),
        ...(r.unit && { unit: r.unit }),
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
