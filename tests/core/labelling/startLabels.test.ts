// Labels started from a segmentation: its classes, and instances found as its boxes are, none of
// them over the structure (walls, floors and the ceiling the geometry named).
import { describe, expect, it } from 'vitest';
import { labelsFromPrediction } from '../../../src/core/labelling/startLabels';
import { recognizeScene } from '../../../src/core/ml/recognizeScene';
import { sceneClasses } from '../../../src/core/ml/sceneClasses';
import { officeCorner } from '../../fixtures/seg/officeCorner';
import { entry, fakeRun } from '../ml/fakeSegmenter';

describe('labelsFromPrediction', () => {
  it("keeps a segmented office's classes, makes instances of its objects, and none of its ceiling", async () => {
    const office = await officeCorner();
    const { pred } = await recognizeScene(office, entry(), fakeRun('BCN'), { upAxis: 'z' });
    const names = sceneClasses(entry()).map((c) => c.name);
    const labels = labelsFromPrediction(office.positions, pred, names);
    expect(labels.classes).toEqual(pred);
    const CEILING = names.indexOf('ceiling');
    const ceiling = [...pred.keys()].filter((i) => pred[i] === CEILING);
    expect(ceiling.length).toBeGreaterThan(2000);
    expect(ceiling.filter((i) => labels.instances[i] !== 0)).toEqual([]);
    // the stand-in model's object class ('chair') does make instances
    const CHAIR = names.indexOf('chair');
    expect([...pred.keys()].some((i) => pred[i] === CHAIR && labels.instances[i] > 0)).toBe(true);
  });
});
