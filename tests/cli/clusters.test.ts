import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clusterPoints, findClusters, onPlanes } from '../../src/core/geometry/clusters';
import { findPlanes } from '../../src/core/geometry/planes';
import { writePly } from '../../src/core/io/writePly';
import { NOT_IN_ROOMS } from '../../src/core/ml/roomContext';
import { pointlens, readBack } from './pointlens';

const SCAN = fileURLToPath(new URL('../fixtures/e2e/scene0000_00.ply', import.meta.url));

describe('pointlens clusters', () => {
  it('lists a real scan\'s clusters off its planes as the app finds them, and writes each point\'s cluster as a named field', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clusters-'));
    const out = join(folder, 'with_clusters.ply');
    const r = pointlens('clusters', '--without-planes', SCAN, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [line] = r.lines;
    expect(Object.keys(line)).toEqual(['file', 'points', 'clustered', 'planes_left_out', 'planes_from', 'clusters', 'too_small', 'distance', 'spacing', 'min_points', 'up', 'ms']);
    const scan = await readBack(SCAN);
    const positions = scan.data.positions;
    const expected = findClusters(positions, { leaveOut: onPlanes(findPlanes(positions, { up: '+z' }).labels) });
    expect(line).toMatchObject({ points: 25_000, clustered: expected.clustered, planes_left_out: 25_000 - expected.clustered, planes_from: 'found', too_small: expected.tooSmall, min_points: expected.minPoints, up: '+z' });
    expect(line.clusters.map((c: { points: number }) => c.points)).toEqual(expected.clusters.map((c) => c.points));
    expect(Object.keys(line.clusters[0])).toEqual(['cluster', 'points', 'min', 'max', 'size', 'box']);
    const [first] = expected.clusters;
    expect(line.clusters[0].size).toEqual(first.max.map((v, a) => Number((v - first.min[a]).toPrecision(6))));
    // each cluster's upright box, about the file's up: no larger across up than its box square to the axes
    line.clusters.forEach((c: { size: number[]; box: { center: number[]; size: number[]; yaw: number } }, i: number) => {
      const { box } = expected.clusters[i];
      expect(c.box).toEqual({ center: box.center.map((v) => Number(v.toFixed(4))), size: box.size.map((v) => Number(v.toPrecision(6))), yaw: Number(box.yaw.toPrecision(4)) });
      expect(c.box.size[0] * c.box.size[1]).toBeLessThanOrEqual(c.size[0] * c.size[1] + 1e-9);
      expect(c.box.size[2]).toBe(c.size[2]);
    });

    const saved = await readBack(out);
    expect(Array.from(saved.data.fields.cluster)).toEqual(Array.from(expected.labels));
    expect(saved.data.fieldClasses?.cluster?.map((c) => c.name)).toEqual(['no cluster', ...expected.clusters.map((_, i) => `cluster ${i + 1}`)]);
  });

  it('names each cluster as `pointlens classify` names the same points saved alone, but for a class no room holds, which in a room is unknown', async () => {
    const [line] = pointlens('clusters', '--without-planes', '--name', '--min-points', '200', SCAN).lines;
    expect(line.clusters.length).toBeGreaterThanOrEqual(3);
    expect(line.model).toEqual(expect.any(String));
    const positions = (await readBack(SCAN)).data.positions;
    const labels = findClusters(positions, { leaveOut: onPlanes(findPlanes(positions, { up: '+z' }).labels), minPoints: 200 }).labels;
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-cluster-alone-'));
    const named = line.clusters.filter((c: { class?: string }) => c.class !== undefined);
    // the fixture's second cluster is closest to an airplane: in a room that is no name
    expect(named.filter((c: { out_of_place?: boolean }) => c.out_of_place).map((c: { cluster: number }) => c.cluster)).toContain(2);
    for (const c of named) {
      expect(c.out_of_place === true).toBe(NOT_IN_ROOMS.includes(c.class));
      if (c.out_of_place) expect(c.unknown).toBe(true);
    }
    for (const c of line.clusters.slice(0, 3)) {
      const outOfPlace = c.out_of_place === true;
      expect(Object.keys(c)).toEqual(['cluster', 'points', 'min', 'max', 'size', 'box', 'class', 'probability', 'unknown', 'ood_score', ...(outOfPlace ? ['out_of_place'] : [])]);
      const alone = join(folder, `cluster_${c.cluster}.ply`);
      writeFileSync(alone, writePly({ kind: 'points', positions: clusterPoints(positions, labels, c.cluster, c.points), fields: {} }, {}, { up: '+z' }));
      const [single] = pointlens('classify', '--top', '1', alone).lines;
      expect({ class: c.class, probability: c.probability, unknown: c.unknown, ood_score: c.ood_score }).toEqual({
        class: single.top[0].label,
        probability: single.top[0].probability,
        unknown: outOfPlace || single.unknown,
        ood_score: single.ood_score,
      });
    }
  });

  it('keeps a name no room holds where the file is no room: an airplane clustered whole is an airplane', () => {
    const [line] = pointlens('clusters', '--name', fileURLToPath(new URL('../../samples/modelnet40/airplane_0627.txt', import.meta.url))).lines;
    expect(line.clusters).toHaveLength(1);
    expect(line.clusters[0]).toMatchObject({ class: 'airplane', unknown: false });
    expect(line.clusters[0].out_of_place).toBeUndefined();
  });

  it('takes the planes from the file\'s own plane field, and says what is wrong with a flag before reading anything', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-clusters-planes-'));
    const withPlanes = join(folder, 'with_planes.ply');
    expect(pointlens('planes', SCAN, '--max-planes', '1', '--out', withPlanes).code).toBe(0);
    const [line] = pointlens('clusters', '--without-planes', '--distance', '0.1', '--min-points', '50', withPlanes).lines;
    expect(line).toMatchObject({ planes_from: 'file', distance: 0.1, min_points: 50 });
    for (const c of line.clusters) expect(c.points).toBeGreaterThanOrEqual(50);
    for (const [args, message] of [
      [['--distance', '0'], /--distance must be a number above 0, not "0"/],
      [['--min-points', '0'], /--min-points must be an integer of at least 1, not "0"/],
    ] as const) {
      const r = pointlens('clusters', SCAN, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.lines).toEqual([]);
    }
  });
});
