// What was computed on a streamed COPC layer (clusters, planes, estimated normals) carried across a
// change of the nodes held: a COPC file written from the ScanNet scan, its nodes decoded as the app
// decodes them and laid out as the stream lays them out. The nodes still held keep each point's
// label and normal, those fetched since have none (NOT_COMPUTED, NaN) until computed again, and
// their colour modes draw those grey and name them in the legend.
import { describe, expect, it } from 'vitest';
import { createLazPerf } from 'laz-perf';
import { Las } from 'copc';
import { colorShiftOf, copcFieldNames, nodePoints, readCopcHead, readCopcTree, type CopcNodePoints } from '../../../src/core/io/copc';
import { copcLayer } from '../../../src/core/io/copcLayer';
import { CLUSTER_FIELD, clusterClasses, findClusters, onPlanes } from '../../../src/core/geometry/clusters';
import { findPlanes, PLANE_FIELD, planeClasses } from '../../../src/core/geometry/planes';
import { estimateNormals } from '../../../src/core/geometry/normals';
import { carriedComputed, nodesWithoutValues, NOT_COMPUTED, NOT_COMPUTED_CLASS } from '../../../src/core/layers/streamedFields';
import { colorModesFor, type ColorSettings, type ColorSource } from '../../../src/core/color/colorModes';
import { NO_CLASS_COLOR } from '../../../src/core/color/labelTable';
import type { Octree } from '../../../src/core/geometry/octree';
import { writeScanCopc } from '../../tools/copc/scanFixture';

const RECORD = 36;
const SETTINGS: ColorSettings = { colorMap: 'viridis', uniformColor: [200, 100, 50], upAxis: '+z' };

/** Every node of a COPC file written from the scan, decoded, with the scan's index of each of its points. */
async function decodedScan() {
  const written = writeScanCopc();
  const get = async (b: number, e: number) => written.bytes.slice(b, e);
  const head = await readCopcHead(get, written.bytes.length);
  const tree = await readCopcTree(get, head);
  const lazPerf = await createLazPerf();
  const points = new Map<number, CopcNodePoints>();
  const source = new Map<number, number[]>();
  for (const [id, node] of tree.nodes.entries()) {
    if (!node.count) continue;
    const records = await Las.PointData.decompressChunk(written.bytes.slice(node.offset, node.offset + node.length), { pointCount: node.count, pointDataRecordFormat: 7, pointDataRecordLength: RECORD }, lazPerf);
    points.set(id, nodePoints(records, head, node.count, colorShiftOf(records, head, node.count)));
    source.set(id, written.nodes.find((w) => w.key.join('-') === node.key)!.points);
  }
  /** The layer holding nodes `ids`, as the stream lays it out. */
  const held = (ids: number[]) => copcLayer(tree.nodes, new Map(ids.map((id) => [id, points.get(id)!])), true);
  return { ids: [...points.keys()], held, source, fileFields: new Set(copcFieldNames(head)) };
}

/** The scan's index of each point of a layer, from the nodes it holds. */
function sourceOf(octree: Octree, source: Map<number, number[]>): Int32Array {
  const out = new Int32Array(octree.order.length);
  octree.nodes.forEach(({ start, count }, id) => {
    for (let j = 0; j < count; j++) out[octree.order[start + j]] = source.get(id)![j];
  });
  return out;
}

describe('labels and normals on a streamed COPC layer', async () => {
  const scan = await decodedScan();
  // a view that held the first two thirds of the nodes turns to the last two thirds
  const third = Math.floor(scan.ids.length / 3);
  const before = scan.held(scan.ids.slice(0, 2 * third));
  const after = scan.held(scan.ids.slice(third));
  const fetched = scan.ids.slice(2 * third);
  const fetchedPoints = fetched.reduce((n, id) => n + after.octree.nodes[id].count, 0);
  const positions = before.geometry.positions;
  const planes = findPlanes(positions, { maxPlanes: 4 });
  // as the Clusters panel does with the planes left out, which splits the room into its objects
  const clusters = findClusters(positions, { leaveOut: onPlanes(planes.labels) });
  const normals = estimateNormals(positions, { facing: 'inward' });
  const computed = {
    fields: { ...before.geometry.fields, [CLUSTER_FIELD]: clusters.labels, [PLANE_FIELD]: planes.labels },
    fieldClasses: { [CLUSTER_FIELD]: clusterClasses(clusters.clusters.length), [PLANE_FIELD]: planeClasses(planes.planes.length) },
    normals,
  };
  const points = after.geometry.positions.length / 3;
  const carried = carriedComputed({ geometry: computed, octree: before.octree }, after.octree, points, scan.fileFields);

  it('keeps every label and normal of the nodes still held, point by point, and gives the nodes fetched since none', () => {
    expect(fetched.length).toBeGreaterThan(0);
    expect(clusters.clusters.length).toBeGreaterThan(1);
    expect(planes.planes.length).toBeGreaterThan(0);
    // the file's own fields are read again with each node: only what was computed is carried
    expect(Object.keys(carried.fields).sort()).toEqual([CLUSTER_FIELD, PLANE_FIELD]);
    const was = new Map(Array.from(sourceOf(before.octree, scan.source), (p, i) => [p, i]));
    const now = sourceOf(after.octree, scan.source);
    const cluster = carried.fields[CLUSTER_FIELD];
    const plane = carried.fields[PLANE_FIELD];
    expect(cluster).toBeInstanceOf(Int32Array);
    let kept = 0;
    let none = 0;
    for (let i = 0; i < points; i++) {
      const j = was.get(now[i]);
      const n = Array.from(carried.normals!.subarray(3 * i, 3 * i + 3));
      if (j === undefined) {
        expect([cluster[i], plane[i]]).toEqual([NOT_COMPUTED, NOT_COMPUTED]);
        expect(n.every(Number.isNaN)).toBe(true);
        none++;
      } else {
        // the same scan point: its cluster, its plane (or none, -1), its normal
        expect([cluster[i], plane[i]]).toEqual([clusters.labels[j], planes.labels[j]]);
        expect(n).toEqual(Array.from(normals.subarray(3 * j, 3 * j + 3)));
        kept++;
      }
    }
    expect(none).toBe(fetchedPoints);
    expect(kept).toBe(points - fetchedPoints);
    // "no plane" and "no cluster" stay results of their own, told apart from "not computed"
    expect(plane.includes(-1)).toBe(true);
    expect(cluster.includes(0)).toBe(true);
  });

  it('counts the nodes and points that have none, for each field and for the normals', () => {
    const expected = { nodes: fetched.filter((id) => after.octree.nodes[id].count > 0).length, points: fetchedPoints };
    expect(nodesWithoutValues(carried.fields[CLUSTER_FIELD], after.octree)).toEqual(expected);
    expect(nodesWithoutValues(carried.fields[PLANE_FIELD], after.octree)).toEqual(expected);
    expect(nodesWithoutValues(carried.normals!, after.octree, 3)).toEqual(expected);
    expect(nodesWithoutValues(clusters.labels, before.octree)).toEqual({ nodes: 0, points: 0 });
    // a measure of -2 is a value: only a label's -2 is none
    expect(nodesWithoutValues(new Float32Array(points).fill(NOT_COMPUTED), after.octree)).toEqual({ nodes: 0, points: 0 });
  });

  it('names the points with no label in the legend, draws them grey, and draws a point with no normal grey', () => {
    expect(carried.fieldClasses![CLUSTER_FIELD]).toEqual([...clusterClasses(clusters.clusters.length), NOT_COMPUTED_CLASS]);
    expect(carried.fieldClasses![PLANE_FIELD]).toEqual([...planeClasses(planes.planes.length), NOT_COMPUTED_CLASS]);
    const src: ColorSource = { positions: after.geometry.positions, fields: { ...after.geometry.fields, ...carried.fields }, fieldClasses: carried.fieldClasses, normals: carried.normals, overlays: [] };
    const first = after.octree.nodes[fetched[0]].start;
    const rgbAt = (out: Float32Array, i: number) => Array.from(out.subarray(3 * i, 3 * i + 3), (v) => Math.round(v * 255));
    for (const id of [`field:${CLUSTER_FIELD}`, `field:${PLANE_FIELD}`, 'normal']) {
      const mode = colorModesFor(src).find((m) => m.id === id)!;
      const out = new Float32Array(points * 3);
      mode.paint(src, SETTINGS, out);
      expect(rgbAt(out, first), id).toEqual(NO_CLASS_COLOR);
      expect(out.every(Number.isFinite), id).toBe(true);
    }
    const legend = colorModesFor(src).find((m) => m.id === `field:${CLUSTER_FIELD}`)!.legend(src, SETTINGS);
    if (legend?.kind !== 'labels') throw new Error('no label legend');
    expect(legend.entries.find((e) => e.id === NOT_COMPUTED)).toMatchObject({ name: NOT_COMPUTED_CLASS.name, color: NO_CLASS_COLOR, count: fetchedPoints });
  });

  it('keeps the classes a label field already names for its points with none, carried again', () => {
    const again = carriedComputed({ geometry: { fields: carried.fields, fieldClasses: carried.fieldClasses }, octree: after.octree }, after.octree, points, scan.fileFields);
    expect(again.fieldClasses![CLUSTER_FIELD]).toEqual(carried.fieldClasses![CLUSTER_FIELD]);
    expect(Array.from(again.fields[CLUSTER_FIELD])).toEqual(Array.from(carried.fields[CLUSTER_FIELD]));
  });
});
