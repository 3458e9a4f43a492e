// `pointlens filter --field NAME [--min A] [--max B] <file>... [--out kept.ply]`: keeps the points
// whose value of a field lies from A to B, ends included, as the app's legend does with "Show only
// points in this range" (CloudCompare's "Filter by value"); one JSON line a file with how many are
// kept and how many lie below, above or have no value. --out writes the points kept, with every
// field they carry (a mesh keeps the triangles whose corners all stay).
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { colorModesFor } from '../../core/color/colorModes';
import { inRangeMask, valueHistogram, type ScaleReading } from '../../core/color/scaleReading';
import { keptGeometry } from '../../core/geometry/clip';
import { fromSource } from '../../core/io/writePly';
import { InputError, type ParseResult } from '../../core/types';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { decimalValue } from '../flags';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { parseInputs } from '../readInputs';
import { shownUp } from '../shownUp';

/** What --field takes besides a file's own fields: the height along the up the file is shown with, as the app's Height colours read it. */
const HEIGHT = 'height';

/** --min and --max as the range kept (an end not given bounds nothing), or null after saying on stderr what is wrong. */
function range(flags: Record<string, string | boolean | undefined>): [number, number] | null {
  const problem = (message: string) => {
    process.stderr.write(`pointlens filter: ${message}\n`);
    return null;
  };
  const ends = (['min', 'max'] as const).map((name, i) => {
    const v = flags[name];
    return v === undefined ? [-Infinity, Infinity][i] : decimalValue(v);
  });
  for (const [i, name] of (['min', 'max'] as const).entries()) if (Number.isNaN(ends[i])) return problem(`--${name} takes a number, not "${String(flags[name])}"`);
  if (ends[0] > ends[1]) return problem(`--min ${flags.min} is above --max ${flags.max}: give the lower end as --min`);
  return [ends[0], ends[1]];
}

/** How the file's points are read for `field`: one of its own fields as it is, else their height in the file's coordinates. */
function readingOf(r: ParseResult, field: string, path: string): ScaleReading {
  const values = r.data.fields[field];
  if (values) return { values, stride: 1, offset: 0, sign: 1, shift: 0 };
  if (field !== HEIGHT) {
    const has = [...Object.keys(r.data.fields), ...(HEIGHT in r.data.fields ? [] : [HEIGHT])];
    throw new InputError(`${path} has no field "${field}": it has ${has.join(', ')}`);
  }
  const src = { positions: r.data.positions, fields: {}, overlays: [], origin: r.origin };
  return colorModesFor(src).find((m) => m.id === HEIGHT)!.reading!(src, { colorMap: 'turbo', uniformColor: [0, 0, 0], upAxis: shownUp(r) });
}

export const command: CliCommand = {
  name: 'filter',
  summary: 'keep the points whose value of a field lies in a range (filter by value)',
  usage: '--field NAME [--min A] [--max B] [--values N] [--out file.ply|.las|.laz] [--las-classes FIELD] <file>...',
  flags: {
    field: { type: 'string', description: `the field to filter by: one the file has, or ${HEIGHT} (along the up the file is shown with)` },
    min: { type: 'string', description: 'the lowest value kept; without it, no lower end' },
    max: { type: 'string', description: 'the highest value kept; without it, no upper end' },
    values: VALUES_FLAG,
    out: { type: 'string', description: 'also write the points kept as binary PLY (LAS for a name ending in .las, LAZ for .laz), with all their fields' },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files, flags }) {
    const field = typeof flags.field === 'string' ? flags.field : '';
    if (!field) {
      process.stderr.write(`pointlens filter: --field names the field to filter by: ${HEIGHT}, or one the file has (pointlens info lists them)\n`);
      return 2;
    }
    const read = valuesFlag('filter', flags);
    if (!read) return 2;
    const ends = range(flags);
    if (!ends) return 2;
    const out = outFlag('filter', flags, files, 'the points kept');
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('filter', flags, out);
    if (lasClasses === null) return 2;
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const reading = readingOf(r, field, path);
      const start = performance.now();
      const counts = valueHistogram(reading, ends, 1);
      const ms = performance.now() - start;
      if (out) writeOut('filter', out, keptGeometry(r.data, inRangeMask(reading, ends)).geometry, {}, { ...fromSource(r, shownUp(r)), ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        field,
        ...(Number.isFinite(ends[0]) && { min: ends[0] }),
        ...(Number.isFinite(ends[1]) && { max: ends[1] }),
        points: r.data.positions.length / 3,
        kept: counts.inRange,
        below: counts.below,
        above: counts.above,
        missing: counts.missing,
        ...(field === HEIGHT && !(HEIGHT in r.data.fields) && { up: shownUp(r) }),
        ...(r.unit && { unit: r.unit }),
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
      };
    });
  },
};
