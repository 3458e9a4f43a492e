// `pointlens contours [--cell C] [--interval I] [--height mean|max|min] [--fill empty|interpolate] [--ground] [--up AXIS] <file> --out c.geojson|c.dxf`:
// the file's points gridded from above as `raster` grids them, and the grid's contour lines at every
// multiple of the interval in the file's own heights, written as GeoJSON (a GIS's line layer) or as
// DXF polylines at their elevations (CAD), in the file's own coordinates; one JSON line saying what was written.
import { writeFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { contourLines, DEFAULT_LEVELS } from '../../core/geometry/contours';
import { contoursDxf } from '../../core/io/contoursDxf';
import { contoursGeoJson } from '../../core/io/contoursGeoJson';
import { heightOfOrigin } from '../../core/io/shift';
import { positiveFlag } from '../flags';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { outFlag } from '../outFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';
import { fileGrid, GRID_FLAGS, gridChoices, heightsAlong } from '../gridFlags';

export const command: CliCommand = {
  name: 'contours',
  summary: 'contour lines of the height grid (as raster makes it) at every multiple of an interval, written as GeoJSON or DXF',
  usage: '[--cell C] [--interval I] [--height mean|max|min] [--fill empty|interpolate] [--ground] [--up AXIS] [--values N] <file> --out contours.geojson|contours.dxf',
  flags: {
    cell: GRID_FLAGS.cell,
    interval: { type: 'string', description: `the height between two contours, in the file's units (default: the round number, 1, 2 or 5 times a power of ten, cutting the heights into at most ${DEFAULT_LEVELS} parts)` },
    height: GRID_FLAGS.height,
    ground: GRID_FLAGS.ground,
    fill: { ...GRID_FLAGS.fill, description: 'cells no point falls in: empty (a gap no contour crosses) or interpolate (those inside the ground covered filled from the cells around them)' },
    up: UP_FLAG,
    values: VALUES_FLAG,
    out: { type: 'string', description: 'the contours to write: .geojson (GeoJSON LineStrings) or .dxf (DXF polylines)' },
  },
  async run({ files, flags }) {
    const read = valuesFlag('contours', flags);
    if (!read) return 2;
    const choices = gridChoices('contours', flags);
    if (!choices) return 2;
    if (choices.fill === 'base') {
      process.stderr.write('pointlens contours: --fill must be empty or interpolate: a contour has no base to fill empty cells with\n');
      return 2;
    }
    const interval = flags.interval === undefined ? undefined : positiveFlag('contours', flags, 'interval');
    if (flags.interval !== undefined && interval === undefined) return 2;
    const upChoice = upFlag('contours', flags);
    if (!upChoice) return 2;
    const out = outFlag('contours', flags, files, 'the contours', [], [
      { ending: '.geojson', holds: 'GeoJSON' },
      { ending: '.dxf', holds: 'DXF' },
    ]);
    if (out === null) return 2;
    if (out === undefined) {
      process.stderr.write('pointlens contours: give the file to write with --out contours.geojson (or .dxf)\n');
      return 2;
    }
    return eachFile(files, async (inputs, path) => {
      const start = performance.now();
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const { grid, groundFrom, unit } = fileGrid(r, up, choices);
      const found = contourLines(grid, { interval, lift: heightOfOrigin(r.origin, up), unit });
      const frame = { grid, origin: r.origin };
      writeFileSync(out, out.toLowerCase().endsWith('.dxf') ? contoursDxf(found.lines, frame) : contoursGeoJson(found.lines, frame));
      return {
        file: path,
        out,
        points: grid.points,
        ...(groundFrom && { ground_from: groundFrom }),
        columns: grid.columns,
        rows: grid.rows,
        cell: grid.cell,
        interval: found.interval,
        levels: found.levels.length,
        lowest_level: found.levels[0] ?? null,
        highest_level: found.levels[found.levels.length - 1] ?? null,
        lines: found.lines.length,
        rings: found.lines.filter((l) => l.closed).length,
        empty: grid.empty,
        interpolated: grid.interpolated,
        height: choices.height,
        fill_empty: choices.fill,
        up,
        ...heightsAlong('contours', up),
        ...(r.unit && { unit: r.unit }),
        ms: Math.round(performance.now() - start),
        ...readWarnings(r),
      };
    });
  },
};
