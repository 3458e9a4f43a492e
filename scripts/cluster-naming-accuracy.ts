// `npx tsx scripts/cluster-naming-accuracy.ts [DATA]`: how right the Clusters panel's names are in
// real rooms. Each ScanNet scan of ../shared/data (or DATA; VoteNet's 50k-point arrays and their
// NYU40 labels) is split as `pointlens clusters --without-planes --name` splits it: the planes found
// at the defaults left out, the 20 largest clusters classified by the object classifier as the same
// points saved alone. A cluster's truth is its points' commonest NYU40 class where at least half of
// them have it; the classifier can name it right where that class is one it serves (a cabinet may
// be a dresser or a night stand, shelves a bookshelf, a table a desk and the reverse). Any other
// cluster (a wall's piece, clutter, a mix) is right only as unknown.
//
// Rows: the open-set decision alone, and with the names no room holds taken as unknown
// (src/core/ml/roomContext.ts); and, for comparison, the segmenter's instance classifier over the
// same clusters (18 ScanNet classes or "none"), which learned from real scans of these rooms but
// the validation and test ones. The rule was chosen on rooms scene0000-scene0006; scene0007-scene0009
// are scored once. One JSON line per rule and part, with how often each name was given.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instanceRun, modelEntry, modelSession, shapeBank } from '../src/cli/models';
import { clusterPoints, CLUSTERS_NAMED, findClusters, onPlanes } from '../src/core/geometry/clusters';
import { findPlanes } from '../src/core/geometry/planes';
import { asSignedAxis, turnedGeometry } from '../src/core/geometry/signedAxis';
import { parseFiles } from '../src/core/io';
import { pointsRead } from '../src/core/ml/classifyInstances';
import { classifyObject } from '../src/core/ml/classifyObject';
import { floorHeight, PROPOSAL_FEATURES, writeProposalTensor } from '../src/core/ml/proposalTensor';
import { outOfPlaceInRoom } from '../src/core/ml/roomContext';

const data = process.argv[2] ?? new URL('../../shared/data/', import.meta.url).pathname;
const dir = join(data, 'scannet/scannet_train_detection_data');
if (!existsSync(dir)) throw new Error(`No ScanNet scans under ${dir}`);
const scans = readdirSync(dir).filter((f) => f.endsWith('_vert.npy')).sort().map((f) => f.replace('_vert.npy', ''));

const NYU40 = ['', 'wall', 'floor', 'cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window', 'bookshelf', 'picture', 'counter', 'blinds', 'desk', 'shelves', 'curtain', 'dresser', 'pillow', 'mirror', 'floor mat', 'clothes', 'ceiling', 'books', 'refrigerator', 'television', 'paper', 'towel', 'shower curtain', 'box', 'whiteboard', 'person', 'night stand', 'toilet', 'sink', 'lamp', 'bathtub', 'bag', 'otherstructure', 'otherfurniture', 'otherprop'];
/** The object classifier's names that are right for a cluster of each NYU40 class. */
const OBJECT_NAMES: Record<string, string[]> = {
  bed: ['bed'], chair: ['chair', 'stool'], sofa: ['sofa', 'bench'], table: ['table', 'desk'], desk: ['desk', 'table'], door: ['door'],
  bookshelf: ['bookshelf'], shelves: ['bookshelf'], dresser: ['dresser', 'night_stand'], 'night stand': ['night_stand', 'dresser'],
  cabinet: ['dresser', 'night_stand'], toilet: ['toilet'], sink: ['sink'], lamp: ['lamp'], bathtub: ['bathtub'], television: ['monitor'], person: ['person'],
};
/** NYU40 onto the segmenter's ScanNet classes, as training/ maps them. */
const SCANNET: Record<string, string> = { 'shower curtain': 'shower_curtain' };

interface Named {
  part: 'chosen on' | 'test';
  truth: string | undefined;
  object: { label: string; unknown: boolean };
  instance: string | undefined;
}

/** A little-endian NPY array's values after its header, as `Type` reads them. */
function npyBody<T>(bytes: Buffer, Type: { new (b: ArrayBuffer): T }): T {
  const headerEnd = 10 + bytes.readUInt16LE(8);
  return new Type(bytes.buffer.slice(bytes.byteOffset + headerEnd, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

const classifier = await modelSession('classification');
const bank = shapeBank(classifier.entry);
const segmenter = modelEntry('semantic-segmentation');
const instances = segmenter.instances;
const runInstances = instanceRun(segmenter);
const rows: Named[] = [];
for (const scan of scans) {
  const part = Number(scan.slice(5, 9)) <= 6 ? 'chosen on' : 'test';
  const parsed = await parseFiles([{ name: 'vert.npy', bytes: new Uint8Array(readFileSync(join(dir, `${scan}_vert.npy`))) }]);
  const { positions, colors } = parsed.data;
  const nyu = npyBody(readFileSync(join(dir, `${scan}_sem_label.npy`)), Uint32Array);
  const found = findClusters(positions, { leaveOut: onPlanes(findPlanes(positions, { up: '+z' }).labels) });
  const floor = floorHeight(positions);
  for (const [i, c] of found.clusters.slice(0, CLUSTERS_NAMED).entries()) {
    const members: number[] = [];
    const counts = new Map<number, number>();
    for (let p = 0; p < nyu.length; p++) {
      if (found.labels[p] !== i + 1) continue;
      members.push(p);
      counts.set(nyu[p], (counts.get(nyu[p]) ?? 0) + 1);
    }
    const [commonest, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const truth = 2 * n >= c.points ? NYU40[commonest] : undefined;
    const cloud = { kind: 'points' as const, positions: clusterPoints(positions, found.labels, i + 1, c.points), fields: {} };
    const modelUp = classifier.entry.input.upAxis;
    const result = await classifyObject(turnedGeometry(cloud, '+z', asSignedAxis(modelUp)), classifier.entry, classifier.runOutputs, { upAxis: modelUp, topK: 1, bank });
    let instance: string | undefined;
    if (instances && runInstances) {
      const F = PROPOSAL_FEATURES.length;
      const read = instances.freePoints ? pointsRead(members.length, instances.points) : instances.points;
      const input = new Float32Array(F * read);
      writeProposalTensor(positions, colors, members, floor, read, input, 0);
      const p = await runInstances(input, [1, F, read]);
      let best = 0;
      for (let k = 1; k < p.length - 1; k++) if (p[k] > p[best]) best = k;
      instance = p[p.length - 1] > p[best] ? undefined : instances.classes[best];
    }
    rows.push({ part, truth, object: { label: result.top[0].label, unknown: result.unknown ?? false }, instance });
  }
}

type Rule = { rule: string; name: (r: Named) => string | undefined; right: (r: Named) => string[] | undefined };
const objectRight = (r: Named) => (r.truth === undefined ? undefined : OBJECT_NAMES[r.truth]);
const rules: Rule[] = [
  { rule: 'object classifier, open-set decision', name: (r) => (r.object.unknown ? undefined : r.object.label), right: objectRight },
  { rule: 'object classifier, and names no room holds unknown (ships)', name: (r) => (r.object.unknown || outOfPlaceInRoom(r.object.label) ? undefined : r.object.label), right: objectRight },
];
if (instances) {
  rules.push({
    rule: 'instance classifier, "none" as unknown',
    name: (r) => r.instance,
    right: (r) => {
      const c = r.truth === undefined ? undefined : (SCANNET[r.truth] ?? r.truth);
      return c !== undefined && instances.classes.slice(0, -1).includes(c) ? [c] : undefined;
    },
  });
}
const share = (a: number, b: number) => (b === 0 ? null : Number((a / b).toFixed(3)));
/** How often each name was given, the commonest first. */
function commonest(names: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}
for (const { rule, name, right } of rules) {
  for (const part of ['chosen on', 'test'] as const) {
    const mine = rows.filter((r) => r.part === part);
    const named = mine.filter((r) => name(r) !== undefined);
    const correct = named.filter((r) => right(r)?.includes(name(r)!)).length;
    const known = mine.filter((r) => right(r) !== undefined);
    const others = mine.filter((r) => right(r) === undefined);
    console.log(JSON.stringify({
      rule,
      rooms: part === 'test' ? 'scene0007-scene0009' : 'scene0000-scene0006',
      clusters: mine.length,
      named: named.length,
      named_right: correct,
      precision: share(correct, named.length),
      of_a_served_class_named_right: share(correct, known.length),
      others_unknown: share(others.filter((r) => name(r) === undefined).length, others.length),
      names_given: commonest(named.map((r) => name(r)!)),
    }));
  }
}
