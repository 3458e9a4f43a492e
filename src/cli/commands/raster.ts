// `pointlens raster --cell C [--height mean|max|min] [--fill empty|base|interpolate] [--base Z|floor|lowest] [--ground] [--up AXIS] <file> --out grid.asc`:
// the file's points gridded from above as the app's Volume panel grids them (CloudCompare's
// "Rasterize"), written as an ESRI ASCII grid in the file's own coordinates, NODATA for empty cells
// (or the base, with --fill base); one JSON line saying what was written.
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { asciiGrid } from '../../core/io/asciiGrid';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { outFlag } from '../outFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';
import { fileGrid, GRID_FLAGS, gridChoices, heightsAlong } from '../gridFlags';

export const command: CliCommand = {
  name: 'raster',
  summary: 'grid the points from above into a height grid (a DEM) written as an ESRI ASCII grid (.asc)',
  usage: '--cell C [--height mean|max|min] [--fill empty|base|interpolate] [--base Z|floor|lowest] [--ground] [--up AXIS] [--values N] <file> --out grid.asc',
  flags: {
    ...GRID_FLAGS,
    base: { ...GRID_FLAGS.base, description: `what --fill base fills empty cells with: ${GRID_FLAGS.base.description.replace(/^the level base: /, '')}` },
    up: UP_FLAG,
    values: VALUES_FLAG,
    out: { type: 'string', description: 'the ESRI ASCII grid to write (.asc)' },
  },
  async run({ files, flags }) {
    const read = valuesFlag('raster', flags);
    if (!read) return 2;
    if (flags.cell === undefined) {
      process.stderr.write('pointlens raster: give the cell with --cell C, in the file\'s units\n');
      return 2;
    }
    const choices = gridChoices('raster', flags);
    if (!choices) return 2;
    const upChoice = upFlag('raster', flags);
    if (!upChoice) return 2;
    const out = outFlag('raster', flags, files, 'the height grid', [], [{ ending: '.asc', holds: 'an ESRI ASCII grid' }]);
    if (out === null) return 2;
    if (out === undefined) {
      process.stderr.write('pointlens raster: give the grid to write with --out grid.asc\n');
      return 2;
    }
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const { grid, groundFrom, base } = fileGrid(r, up, choices);
      writeFileSync(out, asciiGrid(grid, { origin: r.origin, ...(choices.fill === 'base' && { fillWith: base }) }));
      return {
        file: path,
        out,
        points: grid.points,
        ...(groundFrom && { ground_from: groundFrom }),
        columns: grid.columns,
        rows: grid.rows,
        cells: grid.heights.length,
        empty: grid.empty,
        interpolated: grid.interpolated,
        cell: grid.cell,
        height: choices.height,
        fill_empty: choices.fill,
        up,
        ...heightsAlong('raster', up),
        ...(r.unit && { unit: r.unit }),
        ...readWarnings(r),
      };
    });
  },
};
