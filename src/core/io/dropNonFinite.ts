// Points whose position has a NaN or infinite coordinate cannot be drawn, bounded or sampled; they
// are removed with all their attributes (and, in a mesh, with the faces that use them) and counted.
import { plural } from '../format';
import type { Geometry, Mesh, MeshGroup, ScalarArray } from '../types';

function compact<T extends ScalarArray>(a: T, stride: number, keep: Uint8Array, kept: number): T {
  const out = new (a.constructor as new (n: number) => T)(kept * stride);
  let o = 0;
  for (let i = 0; i < keep.length; i++) {
    if (!keep[i]) continue;
    for (let k = 0; k < stride; k++) out[o++] = a[i * stride + k];
  }
  return out;
}

/** Whether every face the file listed is one triangle, so that the faces kept are the triangles kept. */
const isTriangleMesh = (mesh: Mesh) => mesh.faceCount === mesh.indices.length / 3;

/**
 * The triangles whose corners are all kept, renumbered. A mesh of polygons knows no longer which
 * triangles made which polygon, so its faces are counted as the triangles left.
 */
function dropFaces(mesh: Mesh, keep: Uint8Array): Pick<Mesh, 'indices' | 'groups' | 'faceCount'> {
  const remap = new Int32Array(keep.length);
  let next = 0;
  for (let i = 0; i < keep.length; i++) remap[i] = keep[i] ? next++ : -1;
  const src = mesh.indices;
  const out = new Uint32Array(src.length);
  let o = 0;
  // groups cover the index list in order; without groups the whole list is one range
  const ranges: MeshGroup[] = mesh.groups.length ? mesh.groups : [{ name: '', start: 0, count: src.length }];
  const groups: MeshGroup[] = [];
  for (const g of ranges) {
    const start = o;
    for (let t = g.start; t < g.start + g.count; t += 3) {
      const a = remap[src[t]];
      const b = remap[src[t + 1]];
      const c = remap[src[t + 2]];
      if (a < 0 || b < 0 || c < 0) continue;
      out[o++] = a;
      out[o++] = b;
      out[o++] = c;
    }
    groups.push({ ...g, start, count: o - start });
  }
  return { indices: out.slice(0, o), groups: mesh.groups.length ? groups : [], faceCount: isTriangleMesh(mesh) || o < src.length ? o / 3 : mesh.faceCount };
}

/** The geometry with only the points whose `keep` is 1 (`kept` of them), faces through dropped points removed. */
export function keepPoints(g: Geometry, keep: Uint8Array, kept: number): Geometry {
  const fields: Record<string, ScalarArray> = {};
  for (const [name, a] of Object.entries(g.fields)) fields[name] = compact(a, 1, keep, kept);
  const common = {
    positions: compact(g.positions, 3, keep, kept),
    normals: g.normals && compact(g.normals, 3, keep, kept),
    colors: g.colors && compact(g.colors, 3, keep, kept),
    fields,
  };
  if (g.kind === 'points') return { ...g, ...common };
  return { ...g, ...common, uvs: g.uvs && compact(g.uvs, 2, keep, kept), ...dropFaces(g, keep) };
}

/** What dropping `dropped` points of `before` to leave `after` did, in a warning. */
function droppedWarning(before: Geometry, after: Geometry, dropped: number): string {
  const points = `${plural(dropped, 'point')} with NaN or infinite coordinates ${dropped === 1 ? 'was' : 'were'} dropped`;
  if (before.kind !== 'mesh' || after.kind !== 'mesh' || after.indices.length === before.indices.length) return points;
  const them = dropped === 1 ? 'it' : 'them';
  if (isTriangleMesh(before)) return `${points}, with ${plural(before.faceCount - after.faceCount, 'face')} that used ${them}`;
  const triangles = (before.indices.length - after.indices.length) / 3;
  return `${points}, with ${plural(triangles, 'triangle')} of its polygons that used ${them}; its faces are now counted as the ${plural(after.faceCount, 'triangle')} left`;
}

export function dropNonFinite(g: Geometry): { data: Geometry; dropped: number; warning?: string } {
  const p = g.positions;
  const n = p.length / 3;
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const ok = Number.isFinite(p[i * 3]) && Number.isFinite(p[i * 3 + 1]) && Number.isFinite(p[i * 3 + 2]);
    keep[i] = ok ? 1 : 0;
    if (ok) kept++;
  }
  if (kept === n) return { data: g, dropped: 0 };
  const data = keepPoints(g, keep, kept);
  return { data, dropped: n - kept, warning: droppedWarning(g, data, n - kept) };
}
