import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { sceneMetrics, truthBoxes, truthClasses } from '../../../src/core/ml/sceneMetrics';
import type { LabelledBox, PointCloud } from '../../../src/core/types';

const CLASSES = ['wall', 'floor', 'cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window', 'bookshelf', 'picture', 'counter', 'desk', 'curtain', 'refrigerator', 'shower_curtain', 'toilet', 'sink', 'bathtub', 'otherfurniture'];
const SKIP = ['wall', 'floor'];

async function scan(): Promise<PointCloud> {
  const name = 'scene0007_00.ply';
  const r = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(`../../../samples/scannet/${name}`, import.meta.url))) }]);
  if (r.data.kind !== 'points') throw new Error('expected a cloud');
  return r.data;
}

describe('sceneMetrics on a real ScanNet scan', () => {
  it('scores a prediction equal to the truth as perfect, boxes included', async () => {
    const cloud = await scan();
    const truth = truthClasses(cloud)!;
    const pred = truth.map((t) => (t < 0 ? 0 : t));
    const boxes: LabelledBox[] = truthBoxes(cloud.positions, truth, cloud.fields.instance, CLASSES, SKIP).map((b) => ({
      ...b,
      label: CLASSES[b.classIndex],
      score: 1,
      points: 0,
    }));
    expect(boxes.length).toBeGreaterThan(3);
    const m = sceneMetrics(cloud, pred, boxes, CLASSES, SKIP)!;
    expect(m.oa).toBe(1);
    expect(m.miou).toBe(1);
    expect(m.ap25).toBe(1);
    expect(m.ap50).toBe(1);
    expect(Object.keys(m.per_class_iou)).toContain('wall');
  });

  it('counts a class predicted everywhere as its share of the labelled points', async () => {
    const cloud = await scan();
    const truth = truthClasses(cloud)!;
    const labelled = truth.filter((t) => t >= 0).length;
    const walls = truth.filter((t) => t === 0).length;
    const m = sceneMetrics(cloud, new Int32Array(truth.length), [], CLASSES, SKIP)!;
    expect(m.labelled).toBe(labelled);
    expect(m.oa).toBeCloseTo(walls / labelled, 12);
    expect(m.per_class_iou.wall).toBeCloseTo(walls / labelled, 12);
    expect(m.per_class_iou.floor).toBe(0);
    expect(m.ap25).toBe(0);
    expect(m.ap50).toBe(0);
  });

  it('has no metrics for a cloud without labels', () => {
    const cloud: PointCloud = { kind: 'points', positions: new Float32Array(9), fields: {} };
    expect(sceneMetrics(cloud, new Int32Array(3), [], CLASSES, SKIP)).toBeUndefined();
  });
});
