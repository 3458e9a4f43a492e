// A distance measured on a streamed (COPC) layer, carried across the view's node changes: the nodes
// still held keep the distances they were measured with, those fetched since have none (NaN), and
// the panel can say how many nodes and points lack one.
import { describe, expect, it } from 'vitest';
import { cloudToCloud } from '../../../src/core/layers/cloudDistance';
import { carriedComputed, nodesWithoutValues } from '../../../src/core/layers/streamedFields';
import type { Octree } from '../../../src/core/geometry/octree';

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const NODES = 5;

/** Node `id`'s points: a row of points at its own x, a little above the reference plane. */
const nodePoints = (id: number) => Float32Array.from({ length: 3 * (10 + id) }, (_, k) => (k % 3 === 0 ? id + (k / 3) * 0.01 : k % 3 === 1 ? id * 0.5 : 0.1 * (id + 1)));

/** The layer holding nodes `ids`, laid out as the stream lays them: by node id, an octree naming each node's points (those not held, none). */
function held(ids: number[]): { positions: Float32Array; octree: Octree } {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts = sorted.map(nodePoints);
  const positions = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  const nodes = Array.from({ length: NODES }, () => ({ level: 1, min: [0, 0, 0] as [number, number, number], size: 1, start: 0, count: 0, children: [] }));
  let at = 0;
  sorted.forEach((id, k) => {
    positions.set(parts[k], at * 3);
    nodes[id].start = at;
    nodes[id].count = parts[k].length / 3;
    at += nodes[id].count;
  });
  return { positions, octree: { order: Uint32Array.from({ length: at }, (_, i) => i), nodes } };
}

// the reference: a plane at z = 0 under every node
const reference = { positions: Float32Array.from({ length: 3 * 400 }, (_, k) => (k % 3 === 2 ? 0 : k % 3 === 0 ? (Math.floor(k / 3) % 20) * 0.25 : Math.floor(k / 60) * 0.25)), matrix: IDENTITY };
const distancesOf = (positions: Float32Array) => cloudToCloud({ positions, matrix: IDENTITY }, reference).distances;

describe('distances on a streamed layer', () => {
  it('keeps the distances of the nodes still held, as measuring again gives them, and none for a node fetched since', () => {
    const before = held([0, 1, 2]);
    const distance = distancesOf(before.positions);
    const after = held([0, 2, 3]);
    const points = after.positions.length / 3;
    const { distance_to_plane: carried } = carriedComputed({ geometry: { fields: { distance_to_plane: distance } }, octree: before.octree }, after.octree, points, new Set()).fields;
    expect(carried).toBeInstanceOf(Float32Array);
    expect(carried).toHaveLength(points);
    const fresh = distancesOf(after.positions);
    for (const id of [0, 2]) {
      const { start, count } = after.octree.nodes[id];
      // measured within other clouds, the same points' distances differ only in float rounding
      for (let i = start; i < start + count; i++) expect(Math.abs(carried[i] - fresh[i]), `node ${id} point ${i}`).toBeLessThan(1e-6);
    }
    const { start, count } = after.octree.nodes[3];
    expect(Array.from(carried.subarray(start, start + count)).every(Number.isNaN)).toBe(true);
    expect(nodesWithoutValues(carried, after.octree)).toEqual({ nodes: 1, points: count });
    expect(nodesWithoutValues(distance, before.octree)).toEqual({ nodes: 0, points: 0 });
  });

  it("carries what was computed, not the file's own fields, which are read again with each node", () => {
    const before = held([1, 4]);
    const n = before.positions.length / 3;
    const fields = { gps_time: new Float64Array(n).fill(7), dx: new Float64Array(n).fill(0.5) };
    const after = held([4]);
    const { fields: carried } = carriedComputed({ geometry: { fields }, octree: before.octree }, after.octree, after.positions.length / 3, new Set(['gps_time']));
    expect(Object.keys(carried)).toEqual(['dx']);
    expect(carried.dx).toBeInstanceOf(Float64Array);
    expect(Array.from(carried.dx)).toEqual(new Array(after.positions.length / 3).fill(0.5));
  });

  it('gives no values where none of the nodes held before is held now', () => {
    const before = held([0]);
    const after = held([1, 2]);
    const { d } = carriedComputed({ geometry: { fields: { d: distancesOf(before.positions) } }, octree: before.octree }, after.octree, after.positions.length / 3, new Set()).fields;
    expect(Array.from(d).every(Number.isNaN)).toBe(true);
    expect(nodesWithoutValues(d, after.octree)).toEqual({ nodes: 2, points: after.positions.length / 3 });
  });
});
