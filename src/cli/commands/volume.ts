// `pointlens volume [--cell C] [--base Z|floor|lowest] [--height mean|max|min] [--fill empty|base|interpolate] [--up AXIS] <file>...`:
// the volume of each file's points over a level base, as the app's Volume panel gives it (CloudCompare's
// "Compute 2.5D volume" against a constant height), one JSON line a file: fill above the base, cut
// below it and net in the file's unit cubed, the area covered in it squared.
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { gridVolume } from '../../core/geometry/gridVolume';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';
import { fileGrid, GRID_FLAGS, gridChoices } from '../gridFlags';

const round = (v: number) => Number(v.toPrecision(7));

export const command: CliCommand = {
  name: 'volume',
  summary: 'the volume over a level base (fill, cut, net) of the points gridded from above, as a 2.5D volume',
  usage: '[--cell C] [--base Z|floor|lowest] [--height mean|max|min] [--fill empty|base|interpolate] [--up AXIS] [--values N] <file>...',
  flags: { ...GRID_FLAGS, up: UP_FLAG, values: VALUES_FLAG },
  async run({ files, flags }) {
    const read = valuesFlag('volume', flags);
    if (!read) return 2;
    const choices = gridChoices('volume', flags);
    if (!choices) return 2;
    const upChoice = upFlag('volume', flags);
    if (!upChoice) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, upChoice);
      const start = performance.now();
      const { grid, base, baseInFile, unit } = fileGrid(r, up, choices);
      const v = gridVolume(grid, base, choices.fill);
      return {
        file: path,
        points: grid.points,
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
        height: choices.height,
        fill_empty: choices.fill,
        up,
        ...(unit && { unit }),
        ms: Number((performance.now() - start).toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
