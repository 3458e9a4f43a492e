// A run on a streamed layer (clusters, planes, normals, a distance) that ends after the view's nodes
// changed: its values land on the points held then, the nodes still held keeping theirs, those
// fetched since having none, and a label field's classes naming that.
import { beforeEach, describe, expect, it } from 'vitest';
import { copcLayer } from '../../src/core/io/copcLayer';
import type { CopcNodePoints } from '../../src/core/io/copc';
import { NOT_COMPUTED, NOT_COMPUTED_CLASS } from '../../src/core/layers/streamedFields';
import { attachFieldOf, attachNormalsOf } from '../../src/state/pointsHeld';
import { describeLayer, INITIAL_APP_DATA, useAppStore, type LayerData } from '../../src/state/store';

const ID = 'copc';
/** Four nodes side by side; node `id` holds `id + 2` points at x = id. */
const NODES = [0, 1, 2, 3].map((id) => ({ level: 1, min: [id, 0, 0] as [number, number, number], size: 1, children: [] }));
const pointsOf = (id: number): Omit<CopcNodePoints, 'tally'> => ({ positions: Float32Array.from({ length: 3 * (id + 2) }, (_, k) => (k % 3 === 0 ? id : k / 30)), fields: { intensity: new Uint16Array(id + 2).fill(id) } });
const held = (ids: number[]) => copcLayer(NODES, new Map(ids.map((id) => [id, pointsOf(id)])), false);

/** The layer shown holding nodes `ids`, as a stream shows it. */
function showStreamed(ids: number[]): LayerData {
  const { geometry, octree } = held(ids);
  const result = { format: 'las' as const, data: geometry, droppedNonFinite: 0, warnings: [] };
  const stream = { filePoints: 14, nodes: 4, loadedNodes: ids.length, fileBytes: 1000, fetchedBytes: 500, ranges: true, complete: false };
  const meta = { ...describeLayer(ID, 'a.copc.laz', result, 0, { axis: '+z', source: 'format' }, octree), format: 'copc' as const, stream };
  useAppStore.getState().showLayer({ id: ID, geometry, flatShading: false, octree }, meta, { upAxis: '+z' });
  return useAppStore.getState().layerData!;
}

/** The nodes change to `ids`, as the stream publishes them (what was computed is carried by the stream itself). */
function nodesChange(ids: number[]): void {
  const { geometry, octree } = held(ids);
  useAppStore.getState().updateStreamedLayer(ID, geometry, octree, { ...useAppStore.getState().layer!.stream!, loadedNodes: ids.length });
}

beforeEach(() => useAppStore.setState({ ...INITIAL_APP_DATA, layerData: null }));

describe('a run on a streamed layer that ends after its nodes changed', () => {
  it("lands a label field on the points held then: a node still held keeps each point's label, one fetched since has none", () => {
    const measured = showStreamed([0, 1, 2]);
    // a label a point: its node's id times ten plus its place in it
    const labels = Int32Array.from({ length: 2 + 3 + 4 }, (_, i) => (i < 2 ? i : i < 5 ? 10 + i - 2 : 20 + i - 5));
    const classes = [{ id: 0, name: 'no cluster', color: [90, 94, 102] as [number, number, number] }];
    nodesChange([1, 2, 3]);
    attachFieldOf(measured, 'cluster', labels, classes);
    const g = useAppStore.getState().layerData!.geometry;
    expect(Array.from(g.fields.cluster)).toEqual([10, 11, 12, 20, 21, 22, 23, ...new Array(5).fill(NOT_COMPUTED)]);
    expect(g.fieldClasses?.cluster).toEqual([...classes, NOT_COMPUTED_CLASS]);
  });

  it('lands normals the same way, NaN for the points of a node fetched since', () => {
    const measured = showStreamed([0, 3]);
    const normals = Float32Array.from({ length: 3 * (2 + 5) }, (_, k) => (k % 3 === 2 ? 1 : 0));
    nodesChange([2, 3]);
    attachNormalsOf(measured, normals);
    const n = useAppStore.getState().layerData!.geometry.normals!;
    expect(n).toHaveLength(3 * (4 + 5));
    expect(Array.from(n.subarray(0, 12)).every(Number.isNaN)).toBe(true);
    expect(Array.from(n.subarray(12))).toEqual(Array.from(normals.subarray(6)));
  });

  it('lands values as they are where the nodes did not change', () => {
    const measured = showStreamed([0, 1]);
    const labels = Int32Array.of(1, 2, 3, 4, 5);
    attachFieldOf(measured, 'plane', labels);
    expect(useAppStore.getState().layerData!.geometry.fields.plane).toBe(labels);
  });
});
