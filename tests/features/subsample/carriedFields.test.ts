import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildOctree } from '../../../src/core/geometry/octree';
import { subsample } from '../../../src/core/geometry/subsample';
import { parseFiles } from '../../../src/core/io';
import { colorModesFor, type LabelOverlay } from '../../../src/core/color/colorModes';
import { mergeParts } from '../../../src/core/layers/merge';
import { carriedNote } from '../../../src/state/derivedLayer';
import { colorSourceOf, INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { subsampledLayer } from '../../../src/features/subsample/subsample';
import { partsOf, mergedLayers } from '../../../src/features/merge/merge';
import { SEGMENTATION } from '../../../src/features/segmentation/segmentation';

const fixture = (name: string) => resolve(import.meta.dirname, '../../fixtures/e2e', name);
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(fixture(name))) }]);
const store = () => useAppStore.getState();
const CLASSES = [
  { name: 'wall', color: [174, 199, 232] as [number, number, number] },
  { name: 'floor', color: [152, 223, 138] as [number, number, number] },
];

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

/** The ScanNet fixture shown, segmented (a class and a confidence from each point's index) and with a distance field attached after reading. */
async function segmentedScan(): Promise<{ pred: Int32Array; confidence: Float32Array; distance: Float32Array }> {
  showParseResult('scan', 'scene0000_00.ply', await read('scene0000_00.ply'), 1, { up: { axis: '+z', source: 'sample' } });
  const n = store().layer!.points;
  const pred = Int32Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -1 : i % 2));
  const confidence = Float32Array.from({ length: n }, (_, i) => (i % 100) / 100);
  const distance = Float32Array.from({ length: n }, (_, i) => i / n - 0.5);
  const overlay: LabelOverlay = { id: SEGMENTATION, label: 'Predicted class', values: pred, classes: CLASSES, confidence, noClassName: 'not segmented' };
  store().setOverlay('scan', overlay, true);
  store().attachField('scan', 'distance_to_before', distance);
  return { pred, confidence, distance };
}

describe('layers made of a segmented layer', () => {
  it('subsampled, carry its fields and its prediction as pred, named by the scene classes, and confidence', async () => {
    const { pred, confidence, distance } = await segmentedScan();
    const positions = store().layerData!.geometry.positions;
    const chosen = subsample(positions, { kind: 'voxel', size: 0.1 });
    const made = subsampledLayer(store(), 'scan', chosen, buildOctree(positions), { kind: 'voxel', size: 0.1 }, 'm')!;
    const taken = [...chosen.keys()].filter((i) => chosen[i]);
    const g = made.geometry;
    expect(Array.from(g.fields.pred)).toEqual(taken.map((i) => pred[i]));
    expect(Array.from(g.fields.confidence)).toEqual(taken.map((i) => confidence[i]));
    expect(Array.from(g.fields.distance_to_before)).toEqual(taken.map((i) => distance[i]));
    expect(Array.from(g.fields.label)).toEqual(taken.map((i) => store().layerData!.geometry.fields.label[i]));
    expect(g.fieldClasses?.pred).toEqual([
      { id: 0, name: 'wall', color: [174, 199, 232] },
      { id: 1, name: 'floor', color: [152, 223, 138] },
    ]);
    // shown as the prediction was, its legend names the classes
    expect(made.own.colorMode).toBe('field:pred');
    const mode = colorModesFor(colorSourceOf({ geometry: g, overlays: [] })).find((m) => m.id === 'field:pred')!;
    const legend = mode.legend(colorSourceOf({ geometry: g, overlays: [] }), { colorMap: 'turbo', uniformColor: [0, 0, 0], upAxis: '+z' });
    expect(legend?.kind === 'labels' && legend.entries.map((e) => e.name).sort()).toEqual(expect.arrayContaining(['floor', 'wall']));
    // the source keeps its overlay, not a field
    expect(store().layerData!.geometry.fields.pred).toBeUndefined();
  });

  it('merged, carry the prediction of the layer segmented, the others\' points with none (-1)', async () => {
    const { pred } = await segmentedScan();
    showParseResult('odd', 'scene0000_00_odd.ply', await read('scene0000_00_odd.ply'), 1, { add: {}, up: { axis: '+z', source: 'sample' } });
    store().activateLayer('scan');
    const { cloud, summary } = mergeParts(partsOf(store(), mergedLayers(store())!), Infinity);
    const n = pred.length;
    expect(Array.from(cloud.fields.pred.subarray(0, n))).toEqual(Array.from(pred));
    expect(Array.from(cloud.fields.pred.subarray(n)).every((v) => v === -1)).toBe(true);
    expect(cloud.fieldClasses?.pred?.map((c) => c.name)).toEqual(['wall', 'floor']);
    expect(summary.filled).toEqual(expect.arrayContaining(['pred', 'confidence', 'distance_to_before']));
  });

  it('say which fields they carried', () => {
    expect(carriedNote(['pred', 'confidence'])).toEqual(['It carries the fields pred, confidence.']);
    expect(carriedNote(['label'])).toEqual(['It carries the field label.']);
    expect(carriedNote([])).toEqual([]);
  });
});
