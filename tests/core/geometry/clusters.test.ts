import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkClusterParameters, clusterClasses, clusterPoints, CLUSTER_SPACINGS, defaultMinClusterPoints, findClusters, onPlanes } from '../../../src/core/geometry/clusters';
import { findPlanes } from '../../../src/core/geometry/planes';
import { parseFiles } from '../../../src/core/io';
import { createRng } from '../../../src/core/random';

const SCAN = new URL('../../fixtures/e2e/scene0000_00.ply', import.meta.url);

async function read(url: URL): Promise<Float32Array> {
  return (await parseFiles([{ name: url.pathname.split('/').pop()!, bytes: new Uint8Array(readFileSync(url)) }])).data.positions;
}

/** Blobs of `counts` points each, uniform in cubes of edge 1 whose corners lie 3 apart along x, in shuffled order; each point's blob. */
function blobs(counts: number[], seed = 7): { positions: Float32Array; blob: Int32Array } {
  const rng = createRng(seed);
  const total = counts.reduce((a, b) => a + b, 0);
  const positions = new Float32Array(3 * total);
  const blob = new Int32Array(total);
  let i = 0;
  counts.forEach((c, b) => {
    for (let j = 0; j < c; j++, i++) {
      positions.set([3 * b + rng(), rng(), rng()], 3 * i);
      blob[i] = b;
    }
  });
  // shuffled, so that the order of the points says nothing of their blob
  for (let j = total - 1; j > 0; j--) {
    const k = Math.floor(rng() * (j + 1));
    for (let a = 0; a < 3; a++) [positions[3 * j + a], positions[3 * k + a]] = [positions[3 * k + a], positions[3 * j + a]];
    [blob[j], blob[k]] = [blob[k], blob[j]];
  }
  return { positions, blob };
}

describe('findClusters', () => {
  it('splits three separated blobs into exactly three clusters, the largest first, each point in its own blob\'s', () => {
    const { positions, blob } = blobs([700, 2_000, 1_200]);
    const found = findClusters(positions, { distance: 0.5, minPoints: 10 });
    expect(found.clusters.map((c) => c.points)).toEqual([2_000, 1_200, 700]);
    // blob 1 is cluster 1, blob 2 cluster 2, blob 0 cluster 3
    const clusterOfBlob = [3, 1, 2];
    for (let i = 0; i < blob.length; i++) expect(found.labels[i]).toBe(clusterOfBlob[blob[i]]);
    expect(found.clusters[0].min[0]).toBeGreaterThanOrEqual(3);
    expect(found.clusters[0].max[0]).toBeLessThanOrEqual(4);
    expect(found).toMatchObject({ clustered: 3_900, tooSmall: 0, distance: 0.5, minPoints: 10 });
  });

  it('joins two points exactly at the distance and parts them just past it, whatever the cubes', () => {
    for (const gap of [0.1, 0.37, 1.0]) {
      for (const [dx, dy, dz] of [[1, 0, 0], [0.6, 0.8, 0], [0.48, 0.6, 0.64]]) {
        const at = new Float32Array([0.013, 0.027, 0.031, 0.013 + gap * dx, 0.027 + gap * dy, 0.031 + gap * dz]);
        const d = Math.hypot(at[3] - at[0], at[4] - at[1], at[5] - at[2]);
        expect(findClusters(at, { distance: d * 1.0001, minPoints: 1 }).clusters.length).toBe(1);
        expect(findClusters(at, { distance: d * 0.999, minPoints: 1 }).clusters.length).toBe(2);
      }
    }
  });

  it('gives a component under the smallest size no cluster, and counts it', () => {
    const { positions } = blobs([5, 300]);
    const found = findClusters(positions, { distance: 0.9, minPoints: 6 });
    expect(found.clusters.map((c) => c.points)).toEqual([300]);
    expect(found.tooSmall).toBe(1);
    expect(found.labels.filter((l) => l === 0).length).toBe(5);
  });

  it('takes its distance by default from the points\' spacing, and its smallest size from their count', () => {
    const { positions } = blobs([2_000, 2_000]);
    const found = findClusters(positions);
    expect(found.distance).toBeCloseTo(CLUSTER_SPACINGS * found.spacing, 6);
    expect(found.minPoints).toBe(defaultMinClusterPoints(4_000));
    // uniform draws leave a stray point or two further from the rest than 3 spacings
    expect(found.clusters.length).toBe(2);
    for (const c of found.clusters) expect(c.points).toBeGreaterThan(1_990);
  });

  it('leaves out the points it is told to, in no cluster', () => {
    const { positions, blob } = blobs([400, 400]);
    const leaveOut = Uint8Array.from(blob, (b) => (b === 0 ? 1 : 0));
    const found = findClusters(positions, { distance: 0.5, minPoints: 1, leaveOut });
    expect(found.clusters.map((c) => c.points)).toEqual([400]);
    expect(found.clustered).toBe(400);
    for (let i = 0; i < blob.length; i++) expect(found.labels[i]).toBe(blob[i] === 0 ? 0 : 1);
  });

  it('separates the objects of a real ScanNet room from each other once its floor and walls are left out', async () => {
    const positions = await read(SCAN);
    const planes = findPlanes(positions, { up: '+z' });
    expect(planes.planes[0].orientation).toBe('horizontal');
    const whole = findClusters(positions);
    const apart = findClusters(positions, { leaveOut: onPlanes(planes.labels) });
    // standing on the floor and against the walls, the room is one piece; off them, it falls into objects
    expect(whole.clusters[0].points / whole.clustered).toBeGreaterThan(0.95);
    expect(apart.clustered).toBe(planes.labels.filter((l) => l < 1).length);
    expect(apart.clusters.length).toBeGreaterThanOrEqual(10);
    expect(apart.clusters[0].points / apart.clustered).toBeLessThan(0.6);
    // no point of one cluster within the distance of another's
    const { labels, distance } = apart;
    let nearest = Infinity;
    for (let i = 0; i < labels.length; i += 37) {
      if (!labels[i]) continue;
      for (let j = 0; j < labels.length; j++) {
        if (labels[j] && labels[j] !== labels[i]) nearest = Math.min(nearest, Math.hypot(positions[3 * i] - positions[3 * j], positions[3 * i + 1] - positions[3 * j + 1], positions[3 * i + 2] - positions[3 * j + 2]));
      }
    }
    expect(nearest).toBeGreaterThan(distance);
  });

  it('boxes each cluster upright about the up axis given: a blob turned by 30° about +y gets its own size and yaw, and the box square to the axes', () => {
    const { positions } = blobs([1_500]);
    // the unit cube stretched to 2 x 1 x 1, then turned 30° about +y (x towards -z): seen from +y's end, counter-clockwise from east (+x)
    const t = Math.PI / 6;
    const turned = new Float32Array(positions.length);
    for (let i = 0; i < positions.length; i += 3) {
      const [x, y, z] = [2 * positions[i], positions[i + 1], positions[i + 2]];
      turned.set([x * Math.cos(t) + z * Math.sin(t), y, -x * Math.sin(t) + z * Math.cos(t)], i);
    }
    const [cluster] = findClusters(turned, { distance: 0.5, up: '+y' }).clusters;
    expect(cluster.box.size[0]).toBeCloseTo(2, 1);
    expect(cluster.box.size[1]).toBeCloseTo(1, 1);
    expect(cluster.box.size[2]).toBeCloseTo(cluster.max[1] - cluster.min[1], 6);
    expect(cluster.box.yaw).toBeCloseTo(30, 0);
    expect(findClusters(turned, { distance: 0.5 }).up).toBe('+z');
  });

  it('says what is wrong with a distance, a smallest size or a point', () => {
    expect(() => checkClusterParameters({ distance: 0 })).toThrow(/the cluster distance must be a number above 0, not 0/);
    expect(() => checkClusterParameters({ minPoints: 0.5 })).toThrow(/the smallest cluster must be a whole number of 1 point or more, not 0.5/);
    expect(() => findClusters(new Float32Array([0, 0, 0, NaN, 1, 1]))).toThrow(/point 2 has no finite position/);
    expect(() => findClusters(new Float32Array([0, 0, 0, 1e6, 0, 0]), { distance: 0.01 })).toThrow(/too small for points spread over 1\.000e\+6/);
  });

  it('names its ids, gives a cluster\'s points, and reads the plane field\'s points on a plane', () => {
    expect(clusterClasses(2).map((c) => [c.id, c.name])).toEqual([[0, 'no cluster'], [1, 'cluster 1'], [2, 'cluster 2']]);
    const positions = new Float32Array([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(Array.from(clusterPoints(positions, new Int32Array([2, 1, 2]), 2, 2))).toEqual([0, 0, 0, 2, 2, 2]);
    expect(Array.from(onPlanes(new Int32Array([-1, 1, 3, 0])))).toEqual([0, 1, 1, 0]);
  });
});
