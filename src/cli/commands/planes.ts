// `pointlens planes <file>... [--distance D] [--min-points N] [--max-planes K] [--seed S] [--up AXIS] [--out file.ply|.las|.laz] [--las-classes FIELD]`:
// finds the planes of each file as the app's Planes panel does (sequential RANSAC), one JSON line a
// file listing them, the largest first; --out writes the points with a `plane` field (each point's
// plane, 1 for the first, -1 for none) whose ids the header names, so the file opens coloured by it.
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { checkPlaneParameters, findPlanes, MAX_PLANES, MIN_PLANE_POINTS, MIN_PLANE_SHARE, PLANE_FIELD, PLANE_SEED, PLANE_SPACINGS, planeClasses, PLANES_BY_DEFAULT, type PlaneOptions } from '../../core/geometry/planes';
import { pointInFile } from '../../core/io/shift';
import { fromSource } from '../../core/io/writePly';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { integerFlag, positiveFlag } from '../flags';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';

const round = (v: number, digits = 6) => Number(v.toPrecision(digits));
const roundAll = (v: readonly number[], decimals: number) => v.map((x) => Number(x.toFixed(decimals)));

/** The flags given as the search's options, or null after saying on stderr what is wrong with one. */
function parameters(flags: Record<string, string | boolean | undefined>): Pick<PlaneOptions, 'distance' | 'minPoints' | 'maxPlanes' | 'seed'> | null {
  const options: Pick<PlaneOptions, 'distance' | 'minPoints' | 'maxPlanes' | 'seed'> = {};
  if (flags.distance !== undefined) options.distance = positiveFlag('planes', flags, 'distance');
  if (flags['min-points'] !== undefined) options.minPoints = integerFlag('planes', flags, 'min-points', MIN_PLANE_POINTS);
  options.maxPlanes = integerFlag('planes', flags, 'max-planes', 1);
  options.seed = integerFlag('planes', flags, 'seed', 0);
  // each flag that failed has said so
  if (Object.values(options).some((v) => v === undefined)) return null;
  try {
    checkPlaneParameters(options);
  } catch (e) {
    process.stderr.write(`pointlens planes: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
  return options;
}

export const command: CliCommand = {
  name: 'planes',
  summary: 'find the planes (floors, walls, table tops) by sequential RANSAC and list them',
  usage: '[--distance D] [--min-points N] [--max-planes K] [--seed S] [--up AXIS] [--values N] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    distance: { type: 'string', description: `how far a point may lie from a plane and be on it, in the file's units (default ${PLANE_SPACINGS} times the points' median spacing)` },
    'min-points': { type: 'string', description: `the fewest points a plane holds (default ${100 * MIN_PLANE_SHARE}% of the points, at least ${MIN_PLANE_POINTS})` },
    'max-planes': { type: 'string', description: `the most planes found, the largest first (1 to ${MAX_PLANES})`, default: String(PLANES_BY_DEFAULT) },
    seed: { type: 'string', description: 'the random draws\' seed: the same seed finds the same planes', default: String(PLANE_SEED) },
    up: { ...UP_FLAG, description: `which way is up, which tilts and dip directions are read against: ${UP_FLAG.description.replace(/^which way is up: /, '')}` },
    values: VALUES_FLAG,
    out: { type: 'string', description: `also write the points as binary PLY (LAS for a name ending in .las, LAZ for .laz) with a \`${PLANE_FIELD}\` field: each point's plane, 1 for the first, -1 for none` },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('planes', flags);
    if (!read) return 2;
    const options = parameters({ 'max-planes': String(PLANES_BY_DEFAULT), seed: String(PLANE_SEED), ...flags });
    if (!options) return 2;
    const upChoice = upFlag('planes', flags);
    if (!upChoice) return 2;
    const out = outFlag('planes', flags, files, 'the points with their planes');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('planes', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const start = performance.now();
      const found = findPlanes(r.data.positions, { ...options, up });
      const ms = performance.now() - start;
      const points = found.labels.length;
      if (out) writeOut('planes', out, r.data, { [PLANE_FIELD]: found.labels }, { ...fromSource(r, up), classes: { [PLANE_FIELD]: planeClasses(found.planes.length) }, ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        points,
        on_planes: found.planes.reduce((t, p) => t + p.points, 0),
        planes: found.planes.map((p, i) => ({
          plane: i + 1,
          points: p.points,
          share: round(p.points / points, 4),
          orientation: p.orientation,
          tilt: round(p.tilt, 4),
          dip_direction: round(p.dipDirection, 4),
          normal: roundAll(p.normal, 6),
          // the plane through the file's own coordinates: n . p = n . centre
          centre: roundAll(pointInFile(p.centre, r.origin), 4),
          rms: round(p.rms),
          extent: p.extent.map((e) => round(e)),
          curved: p.curved,
        })),
        distance: round(found.distance),
        spacing: round(found.spacing),
        min_points: found.minPoints,
        max_planes: found.maxPlanes,
        seed: found.seed,
        up,
        ...(r.unit && { unit: r.unit }),
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
