// `pointlens info <file>...`: what a file holds, one JSON line per file.
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { parseInputs } from '../readInputs';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { computeBounds } from '../../core/geometry/bounds';
import { pointInFile } from '../../core/io/shift';
import type { Geometry } from '../../core/types';
import { standardClasses } from '../../core/color/colorModes';
import { countLabels, labelName } from '../../core/color/labelTable';

/** Seven significant digits: what a float32 coordinate holds. */
const round = (v: number) => Number(v.toPrecision(7));
/** Millimetres: what a coordinate kept relative to an origin near it holds. */
const roundMm = (v: number) => Math.round(v * 1000) / 1000;

type NamedClasses = { standard: string; classes: { id: number; name: string; points: number }[] };

/** Points per class of each field whose classes a standard names (a LAS file's ASPRS classes), or the file itself (a pointlens export), by field. */
function namedClasses(g: Geometry): Record<string, NamedClasses> {
  const out: Record<string, NamedClasses> = {};
  for (const [field, values] of Object.entries(g.fields)) {
    const named = g.fieldClasses?.[field];
    const known = named ? { standard: 'file', table: { entries: new Map(named.map((c) => [c.id, c])) } } : standardClasses(field, values);
    if (!known) continue;
    const classes = [...countLabels(values)].map(([id, points]) => ({ id, name: labelName(known.table, id, field), points }));
    out[field] = { standard: known.standard, classes };
  }
  return out;
}

function attributeNames(g: Geometry): string[] {
  const names = ['position'];
  if (g.normals) names.push('normal');
  if (g.colors) names.push('color');
  if (g.kind === 'mesh' && g.uvs) names.push('uv');
  return [...names, ...Object.keys(g.fields)];
}

export const command: CliCommand = {
  name: 'info',
  summary: 'format, point and face counts, attributes and bounds of each file',
  usage: '[--values N] <file>...',
  flags: { values: VALUES_FLAG },
  run: ({ files, flags }) => {
    const read = valuesFlag('info', flags);
    if (!read) return Promise.resolve(2);
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const g = r.data;
      const b = computeBounds(g.positions);
      const kept = r.origin ? roundMm : round;
      const classes = namedClasses(g);
      return {
        file: path,
        format: r.format,
        points: g.positions.length / 3,
        faces: g.kind === 'mesh' ? g.faceCount : 0,
        attributes: attributeNames(g),
        ...(Object.keys(classes).length && { classes }),
        bounds: { min: pointInFile(b.min, r.origin).map(kept), max: pointInFile(b.max, r.origin).map(kept) },
        ...(r.unit && { unit: r.unit }),
        ...(r.crs && { crs: r.crs }),
        ...(r.origin && { origin: r.origin }),
        ...(r.droppedNonFinite ? { dropped_non_finite: r.droppedNonFinite } : {}),
        ...readWarnings(r),
      };
    });
  },
};
