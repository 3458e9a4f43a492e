// `pointlens ground <file>... [--cell C] [--max-window W] [--slope S] [--threshold T] [--noise-depth D] [--keep-low-noise] [--up AXIS] [--out file.ply|.las|.laz] [--las-classes ground]`:
// splits each file's ground from what stands on it as the app's Ground panel does (Pingel's Simple
// Morphological Filter), one JSON line a file with the counts and the parameters used; --out writes
// the points with a `ground` field (2 ground, 1 not, 7 low noise, the ASPRS classes' ids), so that
// `--las-classes ground` writes a LAS whose class 2 is the ground found.
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import {
  checkGroundParameters,
  findGround,
  GROUND_CELL_M,
  GROUND_FIELD,
  GROUND_NOISE_CELLS,
  GROUND_NOISE_DEPTH_M,
  GROUND_SLOPE,
  GROUND_THRESHOLD_M,
  GROUND_WINDOW_M,
  groundClasses,
  unitsPerMetre,
  type GroundParameters,
} from '../../core/geometry/ground';
import { fromSource } from '../../core/io/writePly';
import { unitSymbol } from '../../core/units';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { positiveFlag } from '../flags';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';

const round = (v: number, digits = 6) => Number(v.toPrecision(digits));

/** The flags given as the search's parameters, or null after saying on stderr what is wrong with one. */
function parameters(flags: Record<string, string | boolean | undefined>): GroundParameters | null {
  const options: GroundParameters = {};
  for (const [flag, key] of [
    ['cell', 'cell'],
    ['max-window', 'maxWindow'],
    ['slope', 'slope'],
    ['threshold', 'threshold'],
    ['noise-depth', 'noiseDepth'],
  ] as const) {
    if (flags[flag] === undefined) continue;
    const value = positiveFlag('ground', flags, flag);
    // the flag has said what is wrong with it
    if (value === undefined) return null;
    options[key] = value;
  }
  if (flags['keep-low-noise']) options.lowNoise = false;
  try {
    checkGroundParameters(options);
  } catch (e) {
    process.stderr.write(`pointlens ground: ${e instanceof Error ? e.message : String(e)}\n`);
    return null;
  }
  return options;
}

const inFileUnits = "in the file's units (metres where it declares none)";

export const command: CliCommand = {
  name: 'ground',
  summary: 'split the ground from what stands on it (buildings, trees) by a simple morphological filter, as PDAL\'s filters.smrf',
  usage: '[--cell C] [--max-window W] [--slope S] [--threshold T] [--noise-depth D] [--keep-low-noise] [--up AXIS] [--values N] [--out file.ply|.las|.laz] [--las-classes ground] <file>...',
  flags: {
    cell: { type: 'string', description: `the grid's cell, ${inFileUnits} (default ${GROUND_CELL_M} m; finer over a footprint under 50 m across)` },
    'max-window': { type: 'string', description: `the radius of the largest opening, ${inFileUnits}: what stands up narrower than twice it is taken away (default ${GROUND_WINDOW_M} m)` },
    slope: { type: 'string', description: `the steepest the ground rises, a rise over a run (default ${GROUND_SLOPE})` },
    threshold: { type: 'string', description: `how far a point may lie from the ground surface and be ground, ${inFileUnits}, more on steep ground (default ${GROUND_THRESHOLD_M} m)` },
    'noise-depth': {
      type: 'string',
      description: `how far below the ground around it (in cells ${GROUND_NOISE_CELLS} times the cell) a point lies to be low noise, ASPRS class 7, left out of the search, ${inFileUnits} (default ${GROUND_NOISE_DEPTH_M} m)`,
    },
    'keep-low-noise': { type: 'boolean', description: 'search every point, taking none for low noise first' },
    up: { ...UP_FLAG, description: `which way is up, which heights are read along: ${UP_FLAG.description.replace(/^which way is up: /, '')}` },
    values: VALUES_FLAG,
    out: { type: 'string', description: `also write the points as binary PLY (LAS for a name ending in .las, LAZ for .laz) with a \`${GROUND_FIELD}\` field: 2 ground, 1 not ground, 7 low noise` },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('ground', flags);
    if (!read) return 2;
    const options = parameters(flags);
    if (!options) return 2;
    const upChoice = upFlag('ground', flags);
    if (!upChoice) return 2;
    const out = outFlag('ground', flags, files, 'the points with their ground field');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('ground', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const unit = r.unit ? unitSymbol(r.unit) : '';
      const start = performance.now();
      const split = findGround(r.data.positions, { ...options, up, unit, unitsPerMetre: unitsPerMetre(r.unit) });
      const ms = performance.now() - start;
      if (out) writeOut('ground', out, r.data, { [GROUND_FIELD]: split.labels }, { ...fromSource(r, up), classes: { [GROUND_FIELD]: groundClasses() }, ...(lasClasses && { classFrom: lasClasses }) });
      const points = split.labels.length;
      return {
        file: path,
        points,
        ground: split.ground,
        not_ground: split.notGround,
        low_noise: split.lowNoise,
        ground_share: round(split.ground / Math.max(1, points), 4),
        cell: round(split.cell),
        max_window: round(split.maxWindow),
        slope: split.slope,
        threshold: round(split.threshold),
        scalar: round(split.scalar),
        // null where the pass was off
        noise_depth: split.noiseDepth === null ? null : round(split.noiseDepth),
        noise_cell: split.noiseCell === null ? null : round(split.noiseCell),
        columns: split.columns,
        rows: split.rows,
        object_cells: split.objectCells,
        up,
        // a file that declares no unit is read as in metres
        unit: r.unit ?? 'm (none declared)',
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
