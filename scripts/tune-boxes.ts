// `npx tsx scripts/tune-boxes.ts [DATA] [--test]`: chooses the instance finder's parameters
// (src/core/geometry/instances.ts: minimum points, duplicate suppression) on the validation scans
// only: ScanNet scene0006 (the segmenter's validation room, boxes from its instance labels) and
// the two scans that come with boxes alone (scene0113_00, scene0448_01). The shipped segmenter
// runs once per scan; every candidate then finds boxes from the same predictions. Prints one JSON
// line per candidate with box mAP at IoU 0.25 and 0.5 over the scans pooled. `--test` instead
// scores the shipped parameters once on the test rooms (scene0007-0009), per class.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs } from '../src/cli/readInputs';
import { modelSession } from '../src/cli/models';
import { parseFiles } from '../src/core/io';
import { parseNpyArray } from '../src/core/io/npy';
import { DEFAULT_INSTANCE_PARAMS, findInstances, type InstanceParams } from '../src/core/geometry/instances';
import { boxAP, type TruthBox } from '../src/core/ml/metrics';
import { recognizeScene } from '../src/core/ml/recognizeScene';
import { truthBoxes, truthClasses } from '../src/core/ml/sceneMetrics';
import type { Geometry } from '../src/core/types';

const args = process.argv.slice(2);
const test = args.includes('--test');
const data = args.find((a) => !a.startsWith('--')) ?? new URL('../../shared/data/', import.meta.url).pathname;
const scannet = join(data, 'scannet');

// mmdetection3d's 18 ScanNet classes, the index in the boxes-only files
const MMDET = ['cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window', 'bookshelf', 'picture', 'counter', 'desk', 'curtain', 'refrigerator', 'shower_curtain', 'toilet', 'sink', 'bathtub', 'garbagebin'];

interface Scan {
  name: string;
  geometry: Geometry;
  truth: (names: string[]) => TruthBox[];
}

async function labelledScan(name: string): Promise<Scan> {
  const { data: geometry } = await parseFiles(readInputs(join(scannet, 'scannet_train_detection_data', `${name}_vert.npy`)).files);
  if (geometry.kind !== 'points') throw new Error(`${name}: expected a point cloud`);
  return {
    name,
    geometry,
    truth: (names) => {
      const truth = truthClasses(geometry)!;
      return truthBoxes(geometry.positions, truth, geometry.fields.instance, names, DEFAULT_INSTANCE_PARAMS.skip);
    },
  };
}

async function boxesOnlyScan(name: string): Promise<Scan> {
  const dir = join(scannet, 'boxes_only');
  const { data: xyz } = await parseFiles(readInputs(join(dir, `${name}_xyz.npy`)).files);
  const { data: rgb } = await parseFiles(readInputs(join(dir, `${name}_rgb.npy`)).files);
  const geometry: Geometry = { kind: 'points', positions: xyz.positions, colors: Uint8Array.from(rgb.positions), fields: {} };
  const { shape, data: rows } = parseNpyArray(new Uint8Array(readFileSync(join(dir, `${name}_boxes.npy`))));
  if (shape.length !== 2 || shape[1] !== 7) throw new Error(`${name}_boxes.npy: expected (K, 7) boxes, got (${shape.join(', ')})`);
  return {
    name,
    geometry,
    truth: (names) => {
      const boxes: TruthBox[] = [];
      for (let r = 0; r + 7 <= rows.length; r += 7) {
        const classIndex = names.indexOf(MMDET[rows[r + 6]]);
        if (classIndex < 0) continue;
        boxes.push({ classIndex, center: [rows[r], rows[r + 1], rows[r + 2]], size: [rows[r + 3], rows[r + 4], rows[r + 5]] });
      }
      return boxes;
    },
  };
}

const scans = test
  ? await Promise.all(['scene0007_00', 'scene0008_00', 'scene0009_00', 'scene0009_01', 'scene0009_02'].map(labelledScan))
  : [...(await Promise.all(['scene0006_00', 'scene0006_01', 'scene0006_02'].map(labelledScan))), await boxesOnlyScan('scene0113_00'), await boxesOnlyScan('scene0448_01')];

const model = await modelSession('semantic-segmentation');
const names = model.entry.classes.map((c) => c.name);
const predicted: { scan: Scan; pred: Int32Array; confidence: Float32Array; truth: TruthBox[] }[] = [];
for (const scan of scans) {
  // ScanNet is z up, as the model: boxes and truth share the file's frame
  const result = await recognizeScene(scan.geometry, model.entry, model.run, { upAxis: 'z', seed: 0 });
  predicted.push({ scan, pred: result.pred, confidence: result.confidence, truth: scan.truth(names) });
  process.stderr.write(`${scan.name}: ${result.pred.length} points, ${predicted.at(-1)!.truth.length} truth boxes\n`);
}

function score(params: InstanceParams) {
  const scenes = predicted.map((p) => ({ pred: findInstances(p.scan.geometry.positions, p.pred, p.confidence, names, params), truth: p.truth }));
  const ap25 = boxAP(scenes, names.length, 0.25);
  const ap50 = boxAP(scenes, names.length, 0.5);
  const perClass = (ap: number[]) => Object.fromEntries(ap.map((v, c) => [names[c], v]).filter(([, v]) => !Number.isNaN(v)).map(([k, v]) => [k, Number((v as number).toFixed(3))]));
  return {
    boxes: scenes.reduce((n, s) => n + s.pred.length, 0),
    ap25: Number(ap25.map.toFixed(4)),
    ap50: Number(ap50.map.toFixed(4)),
    ...(test && { per_class_ap25: perClass(ap25.ap), per_class_ap50: perClass(ap50.ap) }),
  };
}

if (test) {
  console.log(JSON.stringify({ split: 'test', params: DEFAULT_INSTANCE_PARAMS, ...score(DEFAULT_INSTANCE_PARAMS) }));
} else {
  for (const minPoints of [30, 100, 300])
    for (const voxel of [0.1, 0.2])
      for (const suppress of [undefined, ...[0.25, 0.5].flatMap((iou) => [0.5, 0.8].map((containment) => ({ iou, containment })))]) {
        const params: InstanceParams = { ...DEFAULT_INSTANCE_PARAMS, minPoints, voxel, suppress };
        console.log(JSON.stringify({ params: { minPoints, voxel, suppress }, ...score(params) }));
      }
}
