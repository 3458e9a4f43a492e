import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTANCE_PARAMS, findInstances, instanceIds } from '../../../src/core/geometry/instances';
import { scannet20FromNyu40 } from '../../../src/core/ml/scannetLabels';
import { loadScene } from '../../fixtures/seg/scene';

const NAMES = ['wall', 'floor', 'cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window', 'bookshelf', 'picture',
  'counter', 'desk', 'curtain', 'refrigerator', 'shower_curtain', 'toilet', 'sink', 'bathtub', 'otherfurniture'];

describe('findInstances', () => {
  it('finds the boxes the Python port finds on a real labelled scan', () => {
    const { cloud, nyu40, meta } = loadScene();
    const truth = scannet20FromNyu40(nyu40);
    const conf = new Float32Array(truth.length).fill(1);
    const { voxel, min_points: minPoints, suppress } = meta.instances_of_truth;
    const params = { ...DEFAULT_INSTANCE_PARAMS, voxel, minPoints, suppress };
    const boxes = findInstances(cloud.positions, truth, conf, NAMES, params);
    const expected = meta.instances_of_truth.boxes;
    expect(boxes.map((b) => [b.label, b.points])).toEqual(expected.map((b) => [b.label, b.points]));
    boxes.forEach((b, i) => {
      for (let d = 0; d < 3; d++) {
        expect(b.center[d]).toBeCloseTo(expected[i].center[d], 9);
        expect(b.size[d]).toBeCloseTo(expected[i].size[d], 9);
      }
      expect(b.score).toBeCloseTo(1, 9);
    });
    expect(boxes.some((b) => b.label === 'wall' || b.label === 'floor')).toBe(false);
  });

  it('splits separate clusters, joins touching voxels, drops small ones, scores by mean confidence', () => {
    const pts: number[] = [];
    const conf: number[] = [];
    // two 4x4x2 lattices of 5 cm spacing, 1 m apart, and a 3-point speck
    for (const [ox, c] of [[0, 0.5], [1, 0.9]] as const)
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 2; k++) {
        pts.push(ox + i * 0.05, j * 0.05, k * 0.05);
        conf.push(c);
      }
    pts.push(3, 3, 3, 3.01, 3, 3, 3, 3.01, 3);
    conf.push(1, 1, 1);
    const pred = new Int32Array(pts.length / 3).fill(0);
    const boxes = findInstances(Float32Array.from(pts), pred, conf, ['chair'], { voxel: 0.1, minPoints: 5, skip: [] });
    expect(boxes).toHaveLength(2);
    expect(boxes[0].points).toBe(32);
    expect(boxes[0].score).toBeCloseTo(0.5, 6);
    expect(boxes[1].score).toBeCloseTo(0.9, 6);
    expect(boxes[0].size[0]).toBeCloseTo(0.15, 6);
    expect(boxes[1].center[0]).toBeCloseTo(1.075, 6);
    expect(findInstances(Float32Array.from(pts), pred, conf, ['wall'])).toHaveLength(0);
  });

  it('decides on the positions given and gives each box its box around the same points in another frame', () => {
    const pts: number[] = [];
    for (const ox of [0, 1]) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) pts.push(ox + i * 0.05, j * 0.05, 0);
    const positions = Float32Array.from(pts);
    const pred = new Int32Array(pts.length / 3);
    const conf = new Float32Array(pts.length / 3).fill(0.7);
    const params = { voxel: 0.1, minPoints: 5, skip: [] };
    // the same points stretched along x in the other frame: the boxes are found as without it, and carry the stretched ones
    const fitIn = positions.map((v, i) => (i % 3 === 0 ? 2 * v : v));
    const plain = findInstances(positions, pred, conf, ['chair'], params);
    const both = findInstances(positions, pred, conf, ['chair'], params, fitIn);
    expect(both.map(({ square: _, ...b }) => b)).toEqual(plain);
    expect(both[1].square!.center[0]).toBeCloseTo(2.15, 6);
    expect(both[1].square!.size[0]).toBeCloseTo(0.3, 6);
  });

  it('numbers each point by the instance the boxes are made of: one id per box, 0 for the rest', () => {
    const { cloud, nyu40, meta } = loadScene();
    const truth = scannet20FromNyu40(nyu40);
    const { voxel, min_points: minPoints } = meta.instances_of_truth;
    const params = { ...DEFAULT_INSTANCE_PARAMS, voxel, minPoints, suppress: undefined };
    const ids = instanceIds(cloud.positions, truth, NAMES, params);
    const boxes = findInstances(cloud.positions, truth, new Float32Array(truth.length).fill(1), NAMES, params);
    const sizes = new Map<number, number>();
    ids.forEach((id) => sizes.set(id, (sizes.get(id) ?? 0) + 1));
    const boxed = [...sizes.entries()].filter(([id]) => id > 0).sort((a, b) => a[0] - b[0]);
    expect(boxed.map(([id]) => id)).toEqual(boxes.map((_, k) => k + 1));
    expect(boxed.map(([, n]) => n)).toEqual(boxes.map((b) => b.points));
    ids.forEach((id, i) => {
      if (NAMES[truth[i]] === 'wall' || NAMES[truth[i]] === 'floor' || truth[i] < 0) expect(id).toBe(0);
    });
  });
});
