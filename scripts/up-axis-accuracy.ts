// `npx tsx scripts/up-axis-accuracy.ts [DATA]`: how often the up axis estimated from the geometry
// is the true one, over every readable file of each dataset in ../shared/data (or DATA). Each file
// is first turned at random (one of the 24 turns that keep the axes on the axes, seeded by its
// index), so that a rule favouring the datasets' own axes would show; then the estimate is turned
// back and compared with the dataset's documented up axis (data README). Prints one JSON line per
// dataset (with how many right and wrong answers the app marks as not sure: confidence under
// UP_SURE) and, with --misses, the files it got wrong. With --format, for files whose format has a usual up that
// `auto` keeps for an object, it also counts how often that up is marked not sure (FORMAT_DOUBT):
// as stored, and with the file's up turned onto the next axis, where the kept up is wrong. `--cues=FILE` instead writes each file's
// cues in its own frame, for scripts/fit_up_axis_weights.py. With --scale=K every file's coordinates are
// multiplied by K first (1000: the datasets as if written in millimetres). With --points=N every file
// is first thinned evenly to at most N points (a sparse scan).
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs } from '../src/cli/readInputs';
import { parseFiles } from '../src/core/io';
import { axisCues, estimateUpAxis, signCues, UP_SURE, upFromEstimate, upSubject, upUsedIsSure } from '../src/core/geometry/upAxis';
import { surfels } from '../src/core/geometry/surfels';
import { upEvidence } from '../src/core/geometry/upEvidence';
import { turnedGeometry, type SignedAxis } from '../src/core/geometry/signedAxis';
import { randomlyTurned } from './randomTurn';
import type { Geometry, UpAxis } from '../src/core/types';

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const cuesOut = args.find((a) => a.startsWith('--cues='))?.slice(7);
const withFormat = args.includes('--format');
// every file's coordinates multiplied by this first: 1000 stands for files written in millimetres
const scale = Number(args.find((a) => a.startsWith('--scale='))?.slice(8) ?? 1);
const maxPoints = Number(args.find((a) => a.startsWith('--points='))?.slice(9) ?? Infinity);
const dumped: unknown[] = [];
const data = args.find((a) => !a.startsWith('--')) ?? new URL('../../shared/data/', import.meta.url).pathname;

interface Dataset {
  name: string;
  up: SignedAxis;
  files: () => string[];
}

const under = (dir: string, keep: (name: string) => boolean): string[] => {
  const root = join(data, dir);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => keep(f)).sort().map((f) => join(root, f));
};

const DATASETS: Dataset[] = [
  { name: 'modelnet40_normal_resampled', up: '+y', files: () => under('modelnet40_normal_resampled', (f) => /\/[a-z_]+_\d{4}\.txt$/.test(f)) },
  { name: 'shapenetcore', up: '+y', files: () => under('shapenetcore', (f) => f.endsWith('model_normalized.obj')) },
  { name: 'cc-object-models', up: '+y', files: () => under('cc-object-models', (f) => f.endsWith('.obj')) },
  { name: 's3dis-area6', up: '+z', files: () => under('s3dis-area6', (f) => f.endsWith('coord.npy')) },
  {
    name: 'scannet',
    up: '+z',
    files: () => [
      ...under('scannet/scannet_train_detection_data', (f) => f.endsWith('_vert.npy')),
      ...under('scannet/full_resolution', (f) => f.endsWith('_vert_all.npy')),
      ...under('scannet/boxes_only', (f) => f.endsWith('_xyz.npy')),
      ...under('scannet', (f) => /^unlabeled_.*\.bin$/.test(f)),
      ...under('scannet', (f) => f === 'input_pc_scannet.ply'),
    ],
  },
  { name: 'sunrgbd-votenet', up: '+z', files: () => under('sunrgbd-votenet', (f) => f.endsWith('_xyz.npy')) },
];

/** Every k-th point of `geometry` (a mesh's vertices, as a cloud), k the least that leaves at most `max`. */
function thinned(geometry: Geometry, max: number): Geometry {
  const n = geometry.positions.length / 3;
  const k = Math.ceil(n / max);
  const positions = new Float32Array(3 * Math.ceil(n / k));
  for (let i = 0, j = 0; i < n; i += k, j++) positions.set(geometry.positions.subarray(3 * i, 3 * i + 3), 3 * j);
  return { kind: 'points', positions, fields: {} };
}

async function load(path: string): Promise<{ data: Geometry; upAxis?: UpAxis }> {
  return parseFiles(readInputs(path).files);
}

/** Where `auto` keeps a file's format up, how often it is marked not sure: as stored, and turned so that the kept up is wrong. */
const formatMarks = { kept: 0, marked: 0, keptWrong: 0, markedWrong: 0 };
function countFormatMarks(geometry: Geometry, format: UpAxis, up: SignedAxis) {
  const stored = upFromEstimate(estimateUpAxis(geometry), format);
  if (stored.source === 'format') {
    formatMarks.kept++;
    if (!upUsedIsSure(stored)) formatMarks.marked++;
  }
  // the file's up onto the next axis (y onto z, z onto x): a file saved with another up than its format's
  const next = `+${'xyz'[('xyz'.indexOf(up[1]) + 1) % 3]}` as SignedAxis;
  const turned = upFromEstimate(estimateUpAxis(turnedGeometry(geometry, up, next)), format);
  if (turned.source === 'format') {
    formatMarks.keptWrong++;
    if (!upUsedIsSure(turned)) formatMarks.markedWrong++;
  }
}

for (const set of DATASETS) {
  if (only && set.name !== only) continue;
  const files = set.files();
  let correct = 0, axisCorrect = 0, read = 0, ms = 0, unsureRight = 0, unsureWrong = 0;
  Object.assign(formatMarks, { kept: 0, marked: 0, keptWrong: 0, markedWrong: 0 });
  const misses: string[] = [];
  for (const [i, file] of files.entries()) {
    let geometry: Geometry, format: UpAxis | undefined;
    try {
      ({ data: geometry, upAxis: format } = await load(file));
    } catch (e) {
      console.error(`${file}: not read (${(e as Error).message})`);
      continue;
    }
    read++;
    if (scale !== 1) geometry = { ...geometry, positions: geometry.positions.map((v) => v * scale) } as Geometry;
    if (geometry.positions.length / 3 > maxPoints) geometry = thinned(geometry, maxPoints);
    if (cuesOut) {
      const evidence = upEvidence(surfels(geometry));
      dumped.push({ dataset: set.name, index: i, file, up: set.up, subject: upSubject(geometry, evidence), axes: axisCues(evidence), signs: signCues(evidence) });
      continue;
    }
    if (format && withFormat) countFormatMarks(geometry, format, set.up);
    const { turned, target } = randomlyTurned(geometry, set.up, i + 1);
    const t0 = performance.now();
    const est = estimateUpAxis(turned);
    ms += performance.now() - t0;
    if (est.up === target) correct++;
    if (est.confidence < UP_SURE) est.up === target ? unsureRight++ : unsureWrong++;
    if (est.up[1] === target[1]) axisCorrect++;
    else if (showMisses) misses.push(`${file}: ${est.up} for ${target} (${est.reason})`);
    if (est.up[1] === target[1] && est.up !== target && showMisses) misses.push(`${file}: sign ${est.up} for ${target} (${est.reason})`);
  }
  if (cuesOut) continue;
  console.log(JSON.stringify({ dataset: set.name, up: set.up, files: files.length, read, correct, axis_correct: axisCorrect, unsure_right: unsureRight, unsure_wrong: unsureWrong, ...(formatMarks.kept + formatMarks.keptWrong > 0 && { format_marks: { ...formatMarks } }), mean_ms: Number((ms / Math.max(1, read)).toFixed(2)) }));
  for (const m of misses) console.log('  ' + m);
}

if (cuesOut) writeFileSync(cuesOut, JSON.stringify(dumped));

