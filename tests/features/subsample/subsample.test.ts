import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildOctree } from '../../../src/core/geometry/octree';
import { subsample } from '../../../src/core/geometry/subsample';
import { parseFiles } from '../../../src/core/io';
import { applyMatrix, sceneMatrix } from '../../../src/core/layers/transform';
import { keptCountOf, keptMaskOf } from '../../../src/state/clipMask';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { startingLength, subsampledLayer, subsampleName } from '../../../src/features/subsample/subsample';

const SCAN = resolve(import.meta.dirname, '../../fixtures/e2e/scene0000_00.ply');
const store = () => useAppStore.getState();

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

/** The real ScanNet fixture shown as the active layer, kept 10 km from zero as a survey's coordinates are, and moved, turned and scaled. */
async function movedScan() {
  const result = await parseFiles([{ name: 'scene0000_00.ply', bytes: new Uint8Array(readFileSync(SCAN)) }]);
  showParseResult('scan', 'scene0000_00.ply', { ...result, origin: [10_000, 20_000, 5] }, 20, { up: { axis: '+z', source: 'sample' } });
  store().updateLayer('scan', { transform: { translate: [1.5, -2, 0.25], rotateDeg: 33, scale: 1.4 } });
}

describe('the subsampled layer', () => {
  it('is drawn where the points it keeps are drawn in the layer, with its origin, up axis and every field', async () => {
    await movedScan();
    // a section leaves the top of the room out: only the points kept are taken
    const source = store().layer!;
    store().updateClip({ section: (source.bounds.min[2] + source.bounds.max[2]) / 2 });
    const positions = store().layerData!.geometry.positions;
    const kept = keptMaskOf(store())!;
    const chosen = subsample(positions, { kind: 'voxel', size: 0.1 }, { kept });
    const made = subsampledLayer(store(), 'scan', chosen, buildOctree(positions), { kind: 'voxel', size: 0.1 }, 'm')!;
    expect(made.meta.fileName).toBe('scene0000_00.ply · 0.1 m voxels');
    expect(made.meta.origin).toEqual([10_000, 20_000, 5]);
    expect(made.meta.up).toEqual(source.up);
    expect(made.own).toEqual({ colorMode: store().settings.colorMode, upAxis: '+z' });
    expect(made.meta.attributes).toEqual(source.attributes);
    expect(made.meta.points).toBe(chosen.reduce((t, v) => t + v, 0));
    for (let i = 0; i < chosen.length; i++) if (chosen[i]) expect(kept[i]).toBe(1);

    // every point where it is drawn in the source, though the new layer's box has another centre
    const entry = store().layers.find((e) => e.meta.id === 'scan')!;
    const drawnBefore = sceneMatrix(entry.transform, source.bounds, '+z', [0, 0, 0]);
    const drawnAfter = sceneMatrix(made.transform, made.meta.bounds, '+z', [0, 0, 0]);
    expect(made.meta.bounds).not.toEqual(source.bounds);
    const p = (a: Float32Array, i: number) => [a[3 * i], a[3 * i + 1], a[3 * i + 2]] as [number, number, number];
    const order: number[] = [];
    chosen.forEach((v, i) => v && order.push(i));
    for (let k = 0; k < order.length; k += 17) {
      const i = order[k];
      const want = applyMatrix(drawnBefore, p(positions, i));
      applyMatrix(drawnAfter, p(made.geometry.positions, k)).forEach((v, a) => expect(v).toBeCloseTo(want[a], 9));
      expect(made.geometry.fields.label[k]).toBe(store().layerData!.geometry.fields.label[i]);
    }
  });

  it('joins the layers as the active one beside its source, which stays as it was', async () => {
    await movedScan();
    const positions = store().layerData!.geometry.positions;
    const before = keptCountOf(store());
    const chosen = subsample(positions, { kind: 'count', count: 500, seed: 2 });
    const made = subsampledLayer(store(), 'scan', chosen, buildOctree(positions), { kind: 'count', count: 500, seed: 2 }, 'm')!;
    store().addLayer({ id: made.meta.id, geometry: made.geometry, flatShading: false, octree: null }, made.meta, made.own);
    store().updateLayer(made.meta.id, { transform: made.transform });
    expect(store().layers.map((e) => [e.meta.fileName, e.meta.points])).toEqual([
      ['scene0000_00.ply', before],
      ['scene0000_00.ply · 500 at random', 500],
    ]);
    expect(store().layer!.id).toBe(made.meta.id);
    expect(store().layerData!.origin).toEqual([10_000, 20_000, 5]);
    // made from a layer that is no longer the active one, there is nothing to make
    expect(subsampledLayer(store(), 'scan', chosen, buildOctree(positions), { kind: 'count', count: 500, seed: 2 }, 'm')).toBeNull();
  });

  it('starts from a round spacing near a 150th of the layer, and is named after its source and method', async () => {
    await movedScan();
    expect(startingLength(store())).toBe(0.05);
    expect(subsampleName('room.ply', { kind: 'spacing', spacing: 0.05 }, 'm')).toBe('room.ply · 0.05 m spacing');
  });
});
