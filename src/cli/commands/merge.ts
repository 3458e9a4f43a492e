// `pointlens merge <file> <file>... [--up U] [--out merged.ply] [--las-classes FIELD]`: the files joined into one cloud, as
// the app's "Merge visible layers" joins layers: each file placed as the app places the layers it was
// given (where its coordinates put it, standing on its own up axis), in the first file's frame, so
// that the cloud written has the first file's coordinates, its up, origin and unit. One JSON line.
import type { CliCommand } from '../command';
import { readWarnings } from '../eachFile';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { readBudgetBytes } from '../readBudget';
import { inputSets, parseInputs } from '../readInputs';
import type { ReadResult } from '../readStreamed';
import { shownUp } from '../shownUp';
import { upFlag, UP_FLAG } from '../upFlag';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { computeBounds } from '../../core/geometry/bounds';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { ParseOptions } from '../../core/io';
import { fromSource } from '../../core/io/writePly';
import { intoFrameOf, mergeNotes, mergeParts, type MergePart } from '../../core/layers/merge';
import type { Placement } from '../../core/layers/placement';
import { IDENTITY_TRANSFORM } from '../../core/layers/transform';

interface ReadFile {
  path: string;
  r: ReadResult;
  up: SignedAxis;
}

/** Every file the paths name (each file the app would open of a folder), read. */
async function readAll(paths: string[], read: ParseOptions, choice: Parameters<typeof shownUp>[1]): Promise<ReadFile[]> {
  const files: ReadFile[] = [];
  for (const path of paths) {
    const { sets, notes } = inputSets(path);
    notes.forEach((note) => process.stderr.write(`pointlens: ${note}\n`));
    for (const set of sets) {
      const inputs = set();
      inputs.notes.forEach((note) => process.stderr.write(`pointlens: ${note}\n`));
      const r = await parseInputs(inputs, inputs.path, read);
      files.push({ path: inputs.path, r, up: shownUp(r, choice) });
    }
  }
  return files;
}

const placementOf = ({ r, up }: ReadFile): Placement => ({ transform: IDENTITY_TRANSFORM, bounds: computeBounds(r.data.positions), up, ...(r.origin && { origin: r.origin }) });

export const command: CliCommand = {
  name: 'merge',
  summary: "the files joined into one cloud in the first one's coordinates, each on its own up axis, with a `source` field naming each point's file",
  usage: '[--up U] [--values N] [--out merged.ply] [--las-classes FIELD] <file> <file>...',
  flags: {
    up: { ...UP_FLAG, description: `which way is up in each file, as the app's View panel sets a layer's: ${UP_FLAG.description.replace(/^which way is up: /, '')}` },
    values: VALUES_FLAG,
    out: { type: 'string', description: 'also write the merged cloud as binary PLY (LAS for a name ending in .las, LAZ for .laz), with its colours, its fields and `source`' },
    'las-classes': LAS_CLASSES_FLAG,
  },
  async run({ files: paths, flags }) {
    const read = valuesFlag('merge', flags);
    if (!read) return 2;
    const choice = upFlag('merge', flags);
    if (!choice) return 2;
    const tooFew = () => {
      process.stderr.write('pointlens merge: give two files or more to merge\n');
      return 2;
    };
    if (!paths.length) return tooFew();
    const out = outFlag('merge', flags, paths.slice(0, 1), 'the merged cloud', paths.slice(1));
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('merge', flags, out);
    if (lasClasses === null) return 2;
    try {
      const files = await readAll(paths, read, choice);
      if (files.length < 2) return tooFew();
      const first = placementOf(files[0]);
      const parts: MergePart[] = files.map((f, i) => ({ name: f.path, geometry: f.r.data, kept: null, matrix: i === 0 ? null : intoFrameOf(first, placementOf(f)), ...(f.r.unit && { unit: f.r.unit }) }));
      const start = performance.now();
      const { cloud, summary } = mergeParts(parts, readBudgetBytes());
      const ms = performance.now() - start;
      if (out) writeOut('merge', out, cloud, {}, { ...fromSource({ ...files[0].r, unit: summary.unit, lasGrid: undefined }, files[0].up), ...(lasClasses && { classFrom: lasClasses }) });
      mergeNotes(summary).forEach((note) => process.stderr.write(`pointlens merge: ${note}\n`));
      const line = {
        files: files.map((f, i) => ({ file: f.path, points: summary.parts[i].points, up: f.up, ...(f.r.unit && { unit: f.r.unit }), ...readWarnings(f.r) })),
        points: summary.points,
        up: files[0].up,
        ...(summary.unit && { unit: summary.unit }),
        fields_kept: summary.kept,
        fields_filled: summary.filled,
        ...(summary.greyed.length && { greyed: summary.greyed }),
        ...(summary.withoutNormals.length && { without_normals: summary.withoutNormals }),
        ...(summary.meshes.length && { meshes: summary.meshes }),
        ms: Number(ms.toFixed(1)),
      };
      process.stdout.write(JSON.stringify(line) + '\n');
      return 0;
    } catch (e) {
      process.stderr.write(`pointlens merge: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  },
};
