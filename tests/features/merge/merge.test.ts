import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildOctree } from '../../../src/core/geometry/octree';
import { parseFiles } from '../../../src/core/io';
import { mergeParts as merge, SOURCE_FIELD } from '../../../src/core/layers/merge';
import { placedInScene } from '../../../src/core/layers/placement';
import { keptCountOf } from '../../../src/state/clipMask';
import { derivedLayer } from '../../../src/state/derivedLayer';
import { placementOf, viewOrigin } from '../../../src/state/placement';
import { INITIAL_APP_DATA, showParseResult, useAppStore } from '../../../src/state/store';
import { heldNote, mergedLayers, partsOf } from '../../../src/features/merge/merge';

const fixture = (name: string) => resolve(import.meta.dirname, '../../fixtures/e2e', name);
const store = () => useAppStore.getState();
const read = async (name: string) => parseFiles([{ name, bytes: new Uint8Array(readFileSync(fixture(name))) }]);

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null, explainPoints: null, parked: {}, labellingData: null, strayMarks: null }));

/** The ScanNet fixture far from zero, moved and clipped, beside the odd copy standing on y, moved too; the scan active. */
async function twoLayers() {
  showParseResult('scan', 'scene0000_00.ply', { ...(await read('scene0000_00.ply')), origin: [10_000, 20_000, 5] }, 1, { up: { axis: '+z', source: 'sample' } });
  store().updateLayer('scan', { transform: { translate: [1.5, -2, 0.25], rotateDeg: 33, scale: 1.4 } });
  const odd = await read('scene0000_00_odd.ply');
  showParseResult('odd', 'scene0000_00_odd.ply', { ...odd, origin: [10_004, 0, -19_990] }, 1, { add: {}, up: { axis: '+y', source: 'detected' } });
  store().updateLayer('odd', { transform: { translate: [0, 3, 0], rotateDeg: -70, scale: 0.8 } });
  store().activateLayer('scan');
  const source = store().layer!;
  store().updateClip({ section: (source.bounds.min[2] + source.bounds.max[2]) / 2 });
}

describe('merging the visible layers', () => {
  it('takes the visible layers, the active one first, and none where fewer than two are visible', async () => {
    await twoLayers();
    expect(mergedLayers(store())!.map((e) => e.meta.id)).toEqual(['scan', 'odd']);
    store().activateLayer('odd');
    expect(mergedLayers(store())!.map((e) => e.meta.id)).toEqual(['odd', 'scan']);
    store().updateLayer('odd', { visible: false });
    expect(mergedLayers(store())).toBeNull();
  });

  it('makes a layer drawn where each layer drew its points, the active one\'s clip kept, in its frame and origin', async () => {
    await twoLayers();
    const s = store();
    const layers = mergedLayers(s)!;
    const parts = partsOf(s, layers);
    expect(parts[0].kept).not.toBeNull();
    expect(parts[1].kept).toBeNull();
    const { cloud, summary } = merge(parts, 1 << 30);
    const oddPoints = s.parked.odd.data.geometry.positions.length / 3;
    expect(summary.parts.map((p) => p.points)).toEqual([keptCountOf(s), oddPoints]);
    const made = derivedLayer(s.layer!, layers[0].transform, { colorMode: 'field:source', upAxis: '+z' }, 'merged', 'merged (2 layers)', cloud, buildOctree(cloud.positions));
    expect(made.meta.origin).toEqual([10_000, 20_000, 5]);
    expect(made.meta.points).toBe(summary.points);
    const origin = viewOrigin(s);
    const drawnMerged = { transform: made.transform, bounds: made.meta.bounds, up: '+z' as const, origin: made.meta.origin };
    const at = (positions: Float32Array, i: number) => [positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]] as [number, number, number];
    let worst = 0;
    const kept = parts[0].kept!;
    let k = 0;
    for (let i = 0; i < kept.length; i++) {
      if (!kept[i]) continue;
      const a = placedInScene(at(s.layerData!.geometry.positions, i), placementOf(s, 'scan')!, origin);
      const b = placedInScene(at(cloud.positions, k++), drawnMerged, origin);
      worst = Math.max(worst, ...a.map((v, j) => Math.abs(v - b[j])));
    }
    const odd = s.parked.odd.data.geometry.positions;
    for (let i = 0; i < oddPoints; i += 5) {
      const a = placedInScene(at(odd, i), placementOf(s, 'odd')!, origin);
      const b = placedInScene(at(cloud.positions, k + i), drawnMerged, origin);
      worst = Math.max(worst, ...a.map((v, j) => Math.abs(v - b[j])));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(cloud.fieldClasses![SOURCE_FIELD].map((c) => c.name)).toEqual(['scene0000_00.ply', 'scene0000_00_odd.ply']);
  });

  it('says where a layer gave the points it holds of a file kept as an even subsample', async () => {
    await twoLayers();
    const [scan, odd] = store().layers;
    expect(heldNote(scan)).toEqual([]);
    expect(heldNote({ ...odd, meta: { ...odd.meta, decimated: { total: 4_000_000, every: 16 } } })).toEqual(['scene0000_00_odd.ply is held as 1 point in 16 of its 4,000,000: those held were merged.']);
  });
});
