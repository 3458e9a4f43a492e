// `npx tsx scripts/explain-claims.ts [DATA]`: the two claims of the explain views, measured on
// held-out shapes: ModelNet40's official test list (the files of ../shared/data or DATA that
// exist, of the classes the classifier serves), both times as `pointlens classify` runs.
// - Critical set: each shape is classified with its critical points, which are then written to a
//   file of their own and classified again (re-sampled and re-normalised as any file is).
// - Saliency: the true class's probability after dropping the 10% most salient sampled points
//   (scored for the true class) against after dropping a random 10% (seeded), from the same input.
// Prints one JSON line.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelSession } from '../src/cli/models';
import { readInputs } from '../src/cli/readInputs';
import { parseFiles } from '../src/core/io';
import { classifyObject } from '../src/core/ml/classifyObject';
import { pointSaliency, SALIENCY_NEIGHBOURS } from '../src/core/ml/explain/saliency';
import { headEntry } from '../src/core/ml/manifest';
import { meanSoftmax } from '../src/core/ml/postprocess';
import { objectTensor } from '../src/core/ml/preprocessObject';
import { createRng, shuffle } from '../src/core/random';
import type { Geometry } from '../src/core/types';
import { loadModel } from '../src/inference/engine';

const data = process.argv[2] ?? new URL('../../shared/data/', import.meta.url).pathname;
const root = join(data, 'modelnet40_normal_resampled');
const model = await modelSession('classification');
const entry = model.entry;
const head = await loadModel(headEntry(entry), readFileSync(new URL(`../models/${entry.explain!.head.file}`, import.meta.url)), ['wasm']);
const classIndex = new Map(entry.classes.map((c, i) => [c.name, i]));
const shapes = readFileSync(join(root, 'modelnet40_test.txt'), 'utf8')
  .split(/\s+/)
  .filter(Boolean)
  .map((name) => ({ name, label: name.replace(/_\d{4}$/, '') }))
  .filter((s) => classIndex.has(s.label) && existsSync(join(root, s.label, `${s.name}.txt`)));

const read = async (path: string) => (await parseFiles(readInputs(path).files)).data;
// ModelNet40 shapes are upright with +y up, the classifier's up: no turn either way
const classify = (g: Geometry) => classifyObject(g, entry, model.runOutputs, { upAxis: 'y', topK: 1 });

/** The true class's voted probability with the given sampled points left out of the input (not re-normalised). */
async function withoutPoints(g: Geometry, drop: Set<number>, cls: number): Promise<number> {
  const t = objectTensor(g, entry, { upAxis: 'y' });
  const [views, , n] = t.dims;
  const keep = Array.from({ length: n }, (_, j) => j).filter((j) => !drop.has(j));
  const input = new Float32Array(views * 3 * keep.length);
  for (let r = 0; r < views * 3; r++) keep.forEach((j, o) => (input[r * keep.length + o] = t.data[r * n + j]));
  const logits = await model.run(input, [views, 3, keep.length]);
  return meanSoftmax(logits, views, entry.calibration?.temperature ?? 1)[cls];
}

const dir = mkdtempSync(join(tmpdir(), 'pointlens-critical-'));
let same = 0, rightWhole = 0, rightCritical = 0, criticalPoints = 0;
let base = 0, afterSalient = 0, afterRandom = 0;
for (const [index, s] of shapes.entries()) {
  const g = await read(join(root, s.label, `${s.name}.txt`));
  const whole = await classify(g);
  const critical = whole.critical!.positions;
  const file = join(dir, `${s.name}.xyz`);
  writeFileSync(file, Array.from({ length: critical.length / 3 }, (_, i) => `${critical[3 * i]} ${critical[3 * i + 1]} ${critical[3 * i + 2]}`).join('\n') + '\n');
  const alone = await classify(await read(file));
  criticalPoints += critical.length / 3;
  if (alone.top[0].label === whole.top[0].label) same++;
  if (whole.top[0].label === s.label) rightWhole++;
  if (alone.top[0].label === s.label) rightCritical++;

  const cls = classIndex.get(s.label)!;
  const sal = await pointSaliency(g, entry, model.runOutputs, head.run, { upAxis: 'y', classIndex: cls });
  const n = sal.scores.length;
  const tenth = Math.round(n / 10);
  const bySalience = Array.from(sal.scores.keys()).sort((a, b) => sal.scores[b] - sal.scores[a]);
  const random = shuffle(Int32Array.from({ length: n }, (_, i) => i), createRng(index + 1));
  base += sal.probability;
  afterSalient += await withoutPoints(g, new Set(bySalience.slice(0, tenth)), cls);
  afterRandom += await withoutPoints(g, new Set(random.subarray(0, tenth)), cls);
}
const n = shapes.length;
const r4 = (v: number) => Number(v.toFixed(4));
console.log(JSON.stringify({
  protocol: 'ModelNet40 official test split, shapes of the served classes present in the data, +y up, the app\'s sampling (seed 0) and 3 voted views',
  shapes: n,
  critical: {
    same_top1: r4(same / n),
    accuracy_whole: r4(rightWhole / n),
    accuracy_critical_only: r4(rightCritical / n),
    mean_points: Number((criticalPoints / n).toFixed(1)),
    of_sampled: entry.input.points,
  },
  saliency: {
    neighbours: SALIENCY_NEIGHBOURS.default,
    true_class_probability: r4(base / n),
    after_dropping_most_salient_10pct: r4(afterSalient / n),
    after_dropping_random_10pct: r4(afterRandom / n),
  },
}));
