// `pointlens compare --to <reference> <file>... [--max-distance D | --signed] [--up U] [--to-up U] [--out file.ply|.las|.laz [--split-xyz]]`:
// how far each point of each file lies from the reference, as the app's "Distance to a layer"
// measures it (the nearest point of the reference, a mesh's surface sampled), one JSON line a file. Files are placed as the app places
// layers it was given: where their coordinates put them, each on its own up axis (detected, or as
// --up and --to-up set them, as the app's View panel sets a layer's).
import type { CliCommand } from '../command';
import { eachFile, readWarnings, referenceWarnings } from '../eachFile';
import { inputSets, parseInputs } from '../readInputs';
import type { ParseOptions } from '../../core/io';
import { offsetFrom, sceneOrigin } from '../../core/io/shift';
import { computeBounds } from '../../core/geometry/bounds';
import { parseUpChoice, type UpChoice } from '../../core/geometry/upAxis';
import { cloudToCloud, distanceFieldName, hasReferenceNormals, offsetFieldNames, type PlacedLayer } from '../../core/layers/cloudDistance';
import { IDENTITY_TRANSFORM, sceneMatrix } from '../../core/layers/transform';
import { fromSource } from '../../core/io/writePly';
import { InputError, type ParseResult } from '../../core/types';
import type { ReadResult } from '../readStreamed';
import { VALUES_FLAG, valuesFlag } from '../valuesFlag';
import { LAS_CLASSES_FLAG, lasClassesFlag } from '../lasClassesFlag';
import { outFlag } from '../outFlag';
import { writeOut } from '../writeOut';
import { positiveFlag } from '../flags';
import { shownUp } from '../shownUp';
import { UP_FLAG, upFlag } from '../upFlag';
import type { CliArgs, CliFlag } from '../command';

const round = (v: number) => Number(v.toPrecision(6));

/** A parsed file as the app would place it beside others: its up axis, and its origin's offset from the view's `reference` (io/shift's sceneOrigin). */
export function placed(r: ParseResult, reference: ParseResult['origin'], choice: UpChoice = 'auto'): PlacedLayer {
  const g = r.data;
  const up = shownUp(r, choice);
  return { positions: g.positions, ...(g.kind === 'mesh' && { indices: g.indices }), matrix: sceneMatrix(IDENTITY_TRANSFORM, computeBounds(g.positions), up, offsetFrom(r.origin, up, reference)) };
}

/** `--up` and `--to-up` of a command that places files beside a reference. */
export const PLACING_UP_FLAGS: Record<'up' | 'to-up', CliFlag> = {
  up: { ...UP_FLAG, description: `which way is up in the files, as the app's View panel sets a layer's: ${UP_FLAG.description.replace(/^which way is up: /, '')}` },
  'to-up': { ...UP_FLAG, description: 'which way is up in the reference, the same way' },
};

/** The up chosen for the files and for the reference, or undefined after saying on stderr what is wrong. */
export function placingUps(command: string, flags: CliArgs['flags']): { files: UpChoice; reference: UpChoice } | undefined {
  const files = upFlag(command, flags);
  if (files === undefined) return undefined;
  const reference = parseUpChoice(String(flags['to-up'] ?? 'auto'));
  if (!reference) process.stderr.write(`pointlens ${command}: --to-up must be x, y, z, +x ... -z or auto, not "${flags['to-up']}"\n`);
  return reference && { files, reference };
}

/** The file `--to` (or `flag`) names; `purpose` says in its message what one file is needed for. */
export async function readReference(path: string, read: ParseOptions, purpose = 'measure to', flag = '--to'): Promise<ReadResult> {
  const { sets } = inputSets(path);
  if (sets.length !== 1) throw new InputError(`${flag} ${path}: give one file to ${purpose}, not a folder of ${sets.length}`);
  const inputs = sets[0]();
  return parseInputs(inputs, inputs.path, read);
}

export const command: CliCommand = {
  name: 'compare',
  summary: "each point's distance to the nearest point of a reference file (cloud to cloud; a mesh's surface sampled)",
  usage: '--to <reference> [--max-distance D | --signed] [--up U] [--to-up U] [--values N] [--out file.ply|.las|.laz [--split-xyz]] [--las-classes FIELD] <file>...',
  flags: {
    to: { type: 'string', description: 'the file each point is measured to' },
    values: VALUES_FLAG,
    ...PLACING_UP_FLAGS,
    'max-distance': { type: 'string', description: "stop each search at this distance, in the files' units: points farther are counted (`beyond`), kept as it, and left out of the figures" },
    out: { type: 'string', description: 'also write the file as binary PLY (LAS for a name ending in .las, LAZ for .laz) with its fields and the distances (`distance_to_<reference>`)' },
    'las-classes': LAS_CLASSES_FLAG,
    signed: { type: 'boolean', description: "sign each distance by the reference's normals (a mesh's faces', a cloud's own): above 0 in front of it, below 0 behind; gives `front` and `behind`, and `mean` with its sign" },
    'split-xyz': { type: 'boolean', description: "with --out, also write each point's offset to its nearest reference point along the file's x, y and z (`distance_to_<reference>_x`, `_y`, `_z`)" },
  },
  async run({ files, flags }) {
    const read = valuesFlag('compare', flags);
    if (!read) return 2;
    if (typeof flags.to !== 'string') {
      process.stderr.write('pointlens compare: --to <reference> names the file to measure to\n');
      return 2;
    }
    const to = flags.to;
    const ups = placingUps('compare', flags);
    if (!ups) return 2;
    const maxDistance = flags['max-distance'] === undefined ? undefined : positiveFlag('compare', flags, 'max-distance');
    if (flags['max-distance'] !== undefined && maxDistance === undefined) return 2;
    const out = outFlag('compare', flags, files, 'the distances', [to]);
    if (out === null) return 2;
    const lasClasses = lasClassesFlag('compare', flags, out);
    if (lasClasses === null) return 2;
    const splitAxes = flags['split-xyz'] === true;
    if (splitAxes && !out) {
      process.stderr.write('pointlens compare: --split-xyz writes the offsets along x, y and z into --out: give --out file.ply too\n');
      return 2;
    }
    const signed = flags.signed === true;
    if (signed && maxDistance !== undefined) {
      process.stderr.write("pointlens compare: --signed needs every point's nearest reference point: leave out --max-distance\n");
      return 2;
    }
    let reference: ReadResult;
    try {
      reference = await readReference(to, read);
    } catch (e) {
      process.stderr.write(`pointlens compare: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    const { normals } = reference.data;
    if (signed && !hasReferenceNormals({ ...(reference.data.kind === 'mesh' && { indices: reference.data.indices }), normals })) {
      process.stderr.write(`pointlens compare: --signed: ${to} has no normals to sign the distances by: give a mesh, or a cloud with normals (nx, ny, nz) in its file\n`);
      return 1;
    }
    const field = distanceFieldName(to);
    return eachFile(files, async (inputs, path) => {
      const r = await parseInputs(inputs, path, read);
      const up = shownUp(r, ups.files);
      const viewOrigin = sceneOrigin(r.origin, up);
      const start = performance.now();
      const { distances, offsets, summary, referencePoints, surfaceSamples } = cloudToCloud(placed(r, viewOrigin, ups.files), { ...placed(reference, viewOrigin, ups.reference), ...(normals && { normals }) }, {
        maxDistance,
        splitAxes,
        signed,
      });
      const ms = performance.now() - start;
      const split = offsets ? Object.fromEntries(offsetFieldNames(field).map((name, a) => [name, offsets[a]])) : {};
      if (out) writeOut('compare', out, r.data, { [field]: distances, ...split }, { ...fromSource(r, up), ...(lasClasses && { classFrom: lasClasses }) });
      return {
        file: path,
        reference: to,
        up,
        reference_up: shownUp(reference, ups.reference),
        points: summary.count,
        reference_points: referencePoints,
        ...(surfaceSamples && { surface_samples: surfaceSamples }),
        ...(r.unit && { unit: r.unit }),
        ...(maxDistance !== undefined && { max_distance: maxDistance, beyond: summary.beyond }),
        ...(signed && { signed, front: summary.front, behind: summary.behind }),
        mean: round(summary.mean),
        rms: round(summary.rms),
        median: round(summary.median),
        p95: round(summary.p95),
        max: round(summary.max),
        ms: Number(ms.toFixed(1)),
        ...readWarnings(r),
        ...referenceWarnings(reference),
      };
    });
  },
};
