import { describe, expect, it } from 'vitest';
import { namedClusterBoxes, type ClustersView } from '../../src/state/slices/clusters';
import { boxSetsOf, INITIAL_APP_DATA } from '../../src/state/store';

const found: Extract<ClustersView, { status: 'done' }> = {
  status: 'done',
  layerId: 'room',
  clusters: [
    { points: 300, min: [0, 0, 0], max: [2, 1, 0.5], box: { center: [1, 0.5, 0.25], size: [2, 1, 0.5], yaw: 0 } },
    { points: 120, min: [4, 4, 0], max: [5, 6, 2], box: { center: [4.5, 5, 1], size: [2, 0.5, 2], yaw: 30 } },
  ],
  points: 1_000,
  clustered: 600,
  withoutPlanes: true,
  tooSmall: 3,
  distance: 0.1,
  spacing: 0.03,
  autoDistance: true,
  minPoints: 10,
  up: '+z',
  unit: 'm',
  ms: 5,
};

describe('namedClusterBoxes', () => {
  it('has no boxes until the clusters are named', () => {
    expect(namedClusterBoxes(null)).toEqual([]);
    expect(namedClusterBoxes(found)).toEqual([]);
    expect(namedClusterBoxes({ ...found, naming: { status: 'running', named: 1, of: 2 } })).toEqual([]);
  });

  it('boxes each named cluster upright around its points, turned about up by its yaw, labelled with its number and name, the unknown with the closest class, in the cluster\'s legend colour', () => {
    const named: ClustersView = {
      ...found,
      naming: { status: 'done', names: [{ label: 'table', probability: 0.8, unknown: false }, { label: 'lamp', probability: 0.4, unknown: true, oodScore: 0.2 }] },
    };
    expect(namedClusterBoxes(named)).toEqual([
      { center: [1, 0.5, 0.25], size: [2, 1, 0.5], label: '1: table', classIndex: 1, score: 0.8, points: 300 },
      { center: [4.5, 5, 1], size: [2, 0.5, 2], turn: { axis: 2, radians: expect.closeTo(Math.PI / 6, 9) }, label: '2: unknown (closest: lamp)', classIndex: 2, score: 0.4, points: 120 },
    ]);
    expect(boxSetsOf({ ...INITIAL_APP_DATA, clusters: named }, undefined).clusters.boxes).toHaveLength(2);
    expect(boxSetsOf({ ...INITIAL_APP_DATA, clusters: found }, undefined).clusters).toBeUndefined();
  });
});
