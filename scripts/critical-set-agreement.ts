// `npx tsx scripts/critical-set-agreement.ts [DATA]`: PointNet's claim that the critical points
// alone decide the class, measured on held-out shapes: each ModelNet40 test shape (the official
// test list, the files of ../shared/data or DATA that exist, of the classes the classifier serves)
// is classified with its critical points, which are then written to a file of their own and
// classified again, both times as `pointlens classify` does. Prints one JSON line.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelSession } from '../src/cli/models';
import { readInputs } from '../src/cli/readInputs';
import { parseFiles } from '../src/core/io';
import { classifyObject } from '../src/core/ml/classifyObject';

const data = process.argv[2] ?? new URL('../../shared/data/', import.meta.url).pathname;
const root = join(data, 'modelnet40_normal_resampled');
const model = await modelSession('classification');
const served = new Set(model.entry.classes.map((c) => c.name));
const shapes = readFileSync(join(root, 'modelnet40_test.txt'), 'utf8')
  .split(/\s+/)
  .filter(Boolean)
  .map((name) => ({ name, label: name.replace(/_\d{4}$/, '') }))
  .filter((s) => served.has(s.label) && existsSync(join(root, s.label, `${s.name}.txt`)));

// ModelNet40 shapes are upright with +y up, the classifier's up: no turn either way
const classify = async (path: string) => classifyObject((await parseFiles(readInputs(path).files)).data, model.entry, model.runOutputs, { upAxis: 'y', topK: 1 });

const dir = mkdtempSync(join(tmpdir(), 'pointlens-critical-'));
let same = 0, rightWhole = 0, rightCritical = 0, criticalPoints = 0;
for (const s of shapes) {
  const whole = await classify(join(root, s.label, `${s.name}.txt`));
  const critical = whole.critical!.positions;
  const file = join(dir, `${s.name}.xyz`);
  writeFileSync(file, Array.from({ length: critical.length / 3 }, (_, i) => `${critical[3 * i]} ${critical[3 * i + 1]} ${critical[3 * i + 2]}`).join('\n') + '\n');
  const alone = await classify(file);
  criticalPoints += critical.length / 3;
  if (alone.top[0].label === whole.top[0].label) same++;
  if (whole.top[0].label === s.label) rightWhole++;
  if (alone.top[0].label === s.label) rightCritical++;
}
const n = shapes.length;
console.log(JSON.stringify({
  protocol: 'ModelNet40 official test split, shapes of the served classes present in the data; each classified whole and from a file of its critical points alone (re-sampled and re-normalised as any file is)',
  shapes: n,
  same_top1: Number((same / n).toFixed(4)),
  accuracy_whole: Number((rightWhole / n).toFixed(4)),
  accuracy_critical_only: Number((rightCritical / n).toFixed(4)),
  mean_critical_points: Number((criticalPoints / n).toFixed(1)),
  sampled_points: model.entry.input.points,
}));
