// `pointlens volume [--cell C] [--base Z|floor|lowest | --base-file F] [--height mean|max|min] [--fill empty|base|interpolate] [--ground] [--up AXIS] <file>...`:
// the volume of each file's points over a level base, or between it and another file (a stockpile
// before and after, a terrain and its design surface), as the app's Volume panel gives it
// (CloudCompare's "Compute 2.5D volume"), one JSON line a file: fill above the base, cut below it
// and net in the file's unit cubed, the area covered in it squared. With a base file, `--out d.asc`
// writes the grid of their differences (the file less the base, cell by cell) as an ESRI ASCII grid.
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { eachFile, readWarnings, referenceWarnings } from '../eachFile';
import { gridVolume } from '../../core/geometry/gridVolume';
import { checkSameUnit, differenceGrid, differenceVolume, gridsBetween } from '../../core/geometry/gridDifference';
import { asciiGrid } from '../../core/io/asciiGrid';
import { computeBounds } from '../../core/geometry/bounds';
import { defaultCell } from '../../core/geometry/heightGrid';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { intoFrameOf } from '../../core/layers/merge';
import type { Placement } from '../../core/layers/placement';
import { IDENTITY_TRANSFORM, placedPositions } from '../../core/layers/transform';
import { unitSymbol } from '../../core/units';
import type { ParseResult } from '../../core/types';
import type { ReadResult } from '../readStreamed';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { outFlag } from '../outFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';
import { baseGridPoints, fileGrid, GRID_FLAGS, gridChoices, gridPoints, heightsAlong, type GridChoices } from '../gridFlags';
import { readReference } from './compare';

const round = (v: number) => Number(v.toPrecision(7));

/** A file placed where its coordinates put it, standing on `up`, as the app places a layer not moved. */
const placementOf = (r: ParseResult, up: SignedAxis): Placement => ({ transform: IDENTITY_TRANSFORM, bounds: computeBounds(r.data.positions), up, ...(r.origin && { origin: r.origin }) });

/** The volume between file `r` and the base file, both gridded on one grid in `r`'s coordinates; the grid of their differences written to `out` where given. */
function volumeBetween(r: ParseResult, path: string, up: SignedAxis, base: ReadResult, baseFile: string, baseUp: SignedAxis, choices: GridChoices, out?: string) {
  const unitOf = (p: ParseResult) => (p.unit ? unitSymbol(p.unit) : undefined);
  checkSameUnit({ name: path, unit: unitOf(r) }, { name: baseFile, unit: unitOf(base) });
  const positions = r.data.positions;
  const { kept, groundFrom } = gridPoints(r, choices);
  const baseTaken = baseGridPoints(base, choices);
  const placed = placedPositions(base.data.positions, intoFrameOf(placementOf(r, up), placementOf(base, baseUp)));
  const cell = choices.cell ?? defaultCell(positions, up, kept);
  const { grid, baseGrid } = gridsBetween(positions, placed, { up, cell, height: choices.height, kept, unit: unitOf(r), fillHoles: choices.fill === 'interpolate' }, baseTaken.kept);
  const v = differenceVolume(grid, baseGrid);
  if (out) writeFileSync(out, asciiGrid(differenceGrid(grid, baseGrid), { origin: r.origin, differences: true }));
  return {
    file: path,
    base_file: baseFile,
    ...(out && { out }),
    points: grid.points,
    ...(groundFrom && { ground_from: groundFrom }),
    base_points: baseGrid.points,
    ...(baseTaken.groundFrom !== undefined && { base_ground_from: baseTaken.groundFrom }),
    fill: round(v.fill),
    cut: round(v.cut),
    net: round(v.net),
    area: round(v.area),
    cells: v.cells,
    matched: v.matched,
    only_active: v.onlyActive,
    only_base: v.onlyBase,
    interpolated: v.interpolated,
    base_interpolated: v.baseInterpolated,
    cell: grid.cell,
  };
}

export const command: CliCommand = {
  name: 'volume',
  summary: 'the volume over a level base or another file (fill, cut, net) of the points gridded from above, as a 2.5D volume',
  usage: '[--cell C] [--base Z|floor|lowest | --base-file F [--out difference.asc]] [--height mean|max|min] [--fill empty|base|interpolate] [--ground] [--up AXIS] [--values N] <file>...',
  flags: {
    ...GRID_FLAGS,
    ground: { ...GRID_FLAGS.ground, description: `${GRID_FLAGS.ground.description}; with --base-file, the base file's ground points too (all its points where it has no ground classes)` },
    'base-file': { type: 'string', description: "a file to measure against instead of a level base (the ground before, a design surface): both gridded on one grid, each cell's height less the base file's" },
    out: { type: 'string', description: "with --base-file: the ESRI ASCII grid (.asc) of the file less the base file, cell by cell, to write (NODATA where either has no cell)" },
    up: { ...UP_FLAG, description: `${UP_FLAG.description} (the base file's too)` },
    values: VALUES_FLAG,
  },
  async run({ files, flags }) {
    const read = valuesFlag('volume', flags);
    if (!read) return 2;
    const choices = gridChoices('volume', flags);
    if (!choices) return 2;
    const upChoice = upFlag('volume', flags);
    if (!upChoice) return 2;
    const baseFile = flags['base-file'];
    if (baseFile !== undefined && typeof baseFile !== 'string') {
      process.stderr.write('pointlens volume: --base-file <file> names the file to measure against\n');
      return 2;
    }
    if (baseFile && choices.fill === 'base') {
      process.stderr.write("pointlens volume: --fill base takes empty cells as lying on a level base, and --base-file's base is a surface: give --fill empty or --fill interpolate\n");
      return 2;
    }
    if (baseFile && flags.base !== undefined) {
      process.stderr.write(`pointlens volume: --base ${flags.base} sets a level base, and --base-file a surface to measure against in its place: give one of them\n`);
      return 2;
    }
    if (flags.out !== undefined && !baseFile) {
      process.stderr.write('pointlens volume: --out writes the difference grid between the file and --base-file F: give the base file, or write a height grid with pointlens raster\n');
      return 2;
    }
    const out = baseFile ? outFlag('volume', flags, files, 'the difference grid', [baseFile], [{ ending: '.asc', holds: 'an ESRI ASCII grid' }]) : undefined;
    if (out === null) return 2;
    let base: ReadResult | undefined;
    if (baseFile) {
      try {
        base = await readReference(baseFile, read, 'measure against', '--base-file');
      } catch (e) {
        process.stderr.write(`pointlens volume: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
    }
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const start = performance.now();
      // the unit as every command's JSON names it (ftUS), not as a sentence writes it (US ft)
      const common = { height: choices.height, fill_empty: choices.fill, up, ...heightsAlong('volume', up), ...(r.unit && { unit: r.unit }) };
      const ms = () => ({ ms: Number((performance.now() - start).toFixed(1)) });
      if (base && baseFile) return { ...volumeBetween(r, path, up, base, baseFile, shownUp(base, upChoice), choices, out), ...common, ...ms(), ...readWarnings(r), ...referenceWarnings(base) };
      const { grid, groundFrom, base: level, baseInFile } = fileGrid(r, up, choices);
      const v = gridVolume(grid, level, choices.fill);
      return {
        file: path,
        points: grid.points,
        ...(groundFrom && { ground_from: groundFrom }),
        fill: round(v.fill),
        cut: round(v.cut),
        net: round(v.net),
        area: round(v.area),
        cells: v.cells,
        empty: v.empty,
        interpolated: v.interpolated,
        cell: grid.cell,
        base: choices.base.kind === 'height' ? 'height' : choices.base.kind,
        base_height: round(baseInFile),
        ...common,
        ...ms(),
        ...readWarnings(r),
      };
    });
  },
};
