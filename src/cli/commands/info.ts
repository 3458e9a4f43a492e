// `pointlens info <file>...`: what a file holds, one JSON line per file.
import type { CliCommand } from '../command';
import { eachFile, readWarnings } from '../eachFile';
import { parseFiles } from '../../core/io';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { computeBounds } from '../../core/geometry/bounds';
import { pointInFile } from '../../core/io/shift';
import type { Geometry } from '../../core/types';

/** Seven significant digits: what a float32 coordinate holds. */
const round = (v: number) => Number(v.toPrecision(7));
/** Millimetres: what a coordinate kept relative to an origin near it holds. */
const roundMm = (v: number) => Math.round(v * 1000) / 1000;

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
      const r = await parseFiles(inputs, read);
      const g = r.data;
      const b = computeBounds(g.positions);
      const kept = r.origin ? roundMm : round;
      return {
        file: path,
        format: r.format,
        points: g.positions.length / 3,
        faces: g.kind === 'mesh' ? g.faceCount : 0,
        attributes: attributeNames(g),
        bounds: { min: pointInFile(b.min, r.origin).map(kept), max: pointInFile(b.max, r.origin).map(kept) },
        ...(r.unit && { unit: r.unit }),
        ...(r.origin && { origin: r.origin }),
        ...(r.droppedNonFinite ? { droppedNonFinite: r.droppedNonFinite } : {}),
        ...readWarnings(r),
      };
    });
  },
};
