// `npx tsx scripts/ceiling-accuracy.ts [DATA]`: how well the ceiling found from the geometry
// (src/core/geometry/ceiling.ts) matches the truth, over the room scans of ../shared/data (or DATA),
// each read as the app reads it, z up. S3DIS labels its ceilings (class 0 of its 13), so its rooms
// give the share of the points taken that are ceiling and the share of the ceiling taken, split
// into the validation rooms the rule's settings were chosen on and the others; ScanNet's scans and
// VoteNet's SUN RGB-D frames give how many are found to have a ceiling at all (ScanNet's seldom
// reach it). One JSON line per group.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputSets, parseInputs } from '../src/cli/readInputs';
import { findCeiling } from '../src/core/geometry/ceiling';

const data = process.argv[2] ?? new URL('../../shared/data/', import.meta.url).pathname;
const VALIDATION = new Set(['Area_6_office_7', 'Area_6_office_17']);
const S3DIS_CEILING = 0;

const under = (dir: string, keep: (name: string) => boolean): string[] => {
  const root = join(data, dir);
  return existsSync(root) ? readdirSync(root).filter(keep).sort().map((f) => join(root, f)) : [];
};

interface Tally {
  scans: number;
  found: number;
  taken: number;
  ceiling: number;
  right: number;
}

const tally = (): Tally => ({ scans: 0, found: 0, taken: 0, ceiling: 0, right: 0 });
const groups = { s3dis_validation: tally(), s3dis_others: tally(), scannet: tally(), sunrgbd: tally() };

const scans: [keyof typeof groups, string][] = [
  ...under('s3dis-area6', (f) => f.startsWith('Area_6_')).map((p): [keyof typeof groups, string] => [VALIDATION.has(p.split('/').pop()!) ? 's3dis_validation' : 's3dis_others', p]),
  ...under('scannet/scannet_train_detection_data', (f) => f.endsWith('_vert.npy')).map((p): [keyof typeof groups, string] => ['scannet', p]),
  ...under('scannet/full_resolution', (f) => f.endsWith('_vert_all.npy')).map((p): [keyof typeof groups, string] => ['scannet', p]),
  ...under('scannet/boxes_only', (f) => f.endsWith('_xyz.npy')).map((p): [keyof typeof groups, string] => ['scannet', p]),
  ...under('sunrgbd-votenet', (f) => f.endsWith('_xyz.npy')).map((p): [keyof typeof groups, string] => ['sunrgbd', p]),
];
for (const [group, path] of scans) {
  const inputs = inputSets(path).sets[0]();
  const { data: scan } = await parseInputs(inputs, inputs.path, {});
  const found = findCeiling(scan.positions);
  const t = groups[group];
  t.scans++;
  if (found) t.found++;
  const truth = group.startsWith('s3dis') ? scan.fields.segment : undefined;
  if (!truth) continue;
  for (let i = 0; i < truth.length; i++) {
    const ceiling = truth[i] === S3DIS_CEILING;
    const taken = found?.points[i] === 1;
    t.ceiling += ceiling ? 1 : 0;
    t.taken += taken ? 1 : 0;
    t.right += ceiling && taken ? 1 : 0;
  }
}
const round = (v: number) => Number(v.toFixed(3));
for (const [name, t] of Object.entries(groups)) {
  const scored = t.ceiling > 0 && { taken_are_ceiling: round(t.right / t.taken), ceiling_taken: round(t.right / t.ceiling), iou: round(t.right / (t.taken + t.ceiling - t.right)) };
  console.log(JSON.stringify({ group: name, scans: t.scans, with_ceiling: t.found, ...scored }));
}
