import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFiles } from '../../../src/core/io';
import { buildOctree, type Octree } from '../../../src/core/geometry/octree';
import { selectedPoints, selectNodes, type LodView } from '../../../src/core/geometry/lodSelection';

async function cloud(path: string): Promise<Float32Array> {
  const url = new URL(path, import.meta.url);
  return (await parseFiles([{ name: url.pathname.split('/').pop()!, bytes: new Uint8Array(readFileSync(url)) }])).data.positions;
}

// real scans: a ScanNet room (50k points), the e2e ScanNet fixture (25k) and an S3DIS office (22k)
const CLOUDS = {
  scannet: '../../../samples/scannet/scene0007_00.ply',
  fixture: '../../fixtures/e2e/scene0000_00.ply',
  s3dis: '../../fixtures/geometry/Area_6_office_10_every4th.npy',
};
const OPTIONS = { grid: 16, leafPoints: 500 };

/** A perspective camera at `eye` looking at `target`, z up, 60° vertical field of view, aspect 1.6. */
function camera(eye: [number, number, number], target: [number, number, number], budget: number): LodView & { inView(p: Float32Array, i: number): boolean } {
  const sub = (a: number[], b: number[]) => a.map((v, k) => v - b[k]);
  const cross = (a: number[], b: number[]) => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const norm = (a: number[]) => a.map((v) => v / Math.hypot(...a));
  const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);
  const f = norm(sub(target, eye));
  const r = norm(cross(f, [0, 0, 1]));
  const u = cross(r, f);
  const t = 1 / Math.tan(Math.PI / 6);
  const aspect = 1.6;
  const [near, far] = [0.01, 1000];
  // rows of the view matrix, then of the projection times it
  const view = [[...r, -dot(r, eye)], [...u, -dot(u, eye)], [...f.map((v) => -v), dot(f, eye)], [0, 0, 0, 1]];
  const rows = [
    view[0].map((v) => (v * t) / aspect),
    view[1].map((v) => v * t),
    view[2].map((v, k) => ((far + near) / (near - far)) * v + (k === 3 ? (2 * far * near) / (near - far) : 0)),
    view[2].map((v) => -v),
  ];
  const mvp = new Array<number>(16);
  for (let c = 0; c < 4; c++) for (let rr = 0; rr < 4; rr++) mvp[c * 4 + rr] = rows[rr][c];
  return {
    mvp,
    eye,
    pixelsPerUnit: 800 / (2 * Math.tan(Math.PI / 6)),
    budget,
    inView(p, i) {
      const v = [p[3 * i], p[3 * i + 1], p[3 * i + 2], 1];
      const [x, y, , w] = rows.map((row) => dot(row, v));
      return w > 0 && Math.abs(x) <= w && Math.abs(y) <= w;
    },
  };
}

function nodeOf(tree: Octree, n: number): Int32Array {
  const owner = new Int32Array(n).fill(-1);
  tree.nodes.forEach((node, id) => {
    for (let k = node.start; k < node.start + node.count; k++) owner[tree.order[k]] = id;
  });
  return owner;
}

describe.each(Object.entries(CLOUDS))('octree of a real cloud (%s)', (_name, path) => {
  it('puts every point in exactly one node', async () => {
    const positions = await cloud(path);
    const n = positions.length / 3;
    const tree = buildOctree(positions, OPTIONS);
    expect(tree.nodes.length).toBeGreaterThan(8);
    expect(new Set(tree.order).size).toBe(n);
    expect(Math.max(...tree.order)).toBe(n - 1);
    // the nodes' ranges tile the order array without overlap
    const ranges = tree.nodes.map((node) => [node.start, node.count]).sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [start, count] of ranges) {
      expect(start).toBe(next);
      next += count;
    }
    expect(next).toBe(n);
    expect(nodeOf(tree, n).every((id) => id >= 0)).toBe(true);
  });

  it('keeps each point inside its node, and each child inside its parent', async () => {
    const positions = await cloud(path);
    const tree = buildOctree(positions, OPTIONS);
    tree.nodes.forEach((node, id) => {
      for (let k = node.start; k < node.start + node.count; k++) {
        const p = tree.order[k] * 3;
        for (let a = 0; a < 3; a++) {
          expect(positions[p + a]).toBeGreaterThanOrEqual(node.min[a]);
          expect(positions[p + a]).toBeLessThanOrEqual(node.min[a] + node.size);
        }
      }
      node.children.forEach((child, octant) => {
        if (child < 0) return;
        const c = tree.nodes[child];
        expect(child).toBeGreaterThan(id);
        expect(c.level).toBe(node.level + 1);
        expect(c.size).toBe(node.size / 2);
        for (let a = 0; a < 3; a++) expect(c.min[a]).toBe(node.min[a] + ((octant >> a) & 1 ? node.size / 2 : 0));
      });
    });
  });

  it('keeps at most one point per grid cell in an inner node, and at most the leaf size in a leaf', async () => {
    const positions = await cloud(path);
    const tree = buildOctree(positions, OPTIONS);
    let inner = 0;
    for (const node of tree.nodes) {
      if (node.children.every((c) => c < 0)) {
        expect(node.count).toBeLessThanOrEqual(OPTIONS.leafPoints);
        continue;
      }
      inner++;
      const cells = new Set<number>();
      for (let k = node.start; k < node.start + node.count; k++) {
        const p = tree.order[k] * 3;
        const g = [0, 1, 2].map((a) => Math.min(OPTIONS.grid - 1, Math.floor(((positions[p + a] - node.min[a]) / node.size) * OPTIONS.grid)));
        const cell = (g[2] * OPTIONS.grid + g[1]) * OPTIONS.grid + g[0];
        expect(cells.has(cell)).toBe(false);
        cells.add(cell);
      }
    }
    expect(inner).toBeGreaterThan(0);
  });

  it('selects within the budget, parents before children, and everything when the budget allows', async () => {
    const positions = await cloud(path);
    const n = positions.length / 3;
    const tree = buildOctree(positions, OPTIONS);
    const root = tree.nodes[0];
    const centre = root.min.map((v) => v + root.size / 2) as [number, number, number];
    const far: [number, number, number] = [centre[0] + root.size * 2, centre[1] + root.size * 1.5, centre[2] + root.size];
    for (const budget of [1000, 5000, 12_000]) {
      const sel = selectNodes(tree, camera(far, centre, budget));
      expect(sel.points).toBeLessThanOrEqual(budget);
      expect(sel.points).toBeGreaterThan(budget / 4);
      const chosen = new Set(sel.nodes);
      expect(sel.nodes[0]).toBe(0);
      tree.nodes.forEach((node, id) => node.children.forEach((c) => c >= 0 && chosen.has(c) && expect(sel.nodes.indexOf(id)).toBeLessThan(sel.nodes.indexOf(c))));
      const out = new Uint32Array(sel.points);
      expect(selectedPoints(tree, sel.nodes, out)).toBe(sel.points);
    }
    const all = selectNodes(tree, camera(far, centre, n));
    expect(all.points).toBe(n);
    expect(all.nodes.length).toBe(tree.nodes.length);
  });

  it('draws every point in view when the camera comes close to a corner', async () => {
    const positions = await cloud(path);
    const n = positions.length / 3;
    const tree = buildOctree(positions, OPTIONS);
    const root = tree.nodes[0];
    const corner = root.min;
    const s = root.size;
    // from inside the cloud's cube, looking down into its least corner
    const view = camera([corner[0] + s * 0.25, corner[1] + s * 0.25, corner[2] + s * 0.3], [corner[0], corner[1], corner[2]], Math.floor(n / 2));
    const sel = selectNodes(tree, view);
    expect(sel.points).toBeLessThanOrEqual(view.budget);
    const drawn = new Uint8Array(n);
    const out = new Uint32Array(sel.points);
    selectedPoints(tree, sel.nodes, out);
    for (const i of out) drawn[i] = 1;
    let inView = 0;
    for (let i = 0; i < n; i++) {
      if (!view.inView(positions, i)) continue;
      inView++;
      expect(drawn[i]).toBe(1);
    }
    expect(inView).toBeGreaterThan(100);
    // the rest of the cloud is decimated, not dropped
    expect(sel.points).toBeLessThan(n);
  });
});
