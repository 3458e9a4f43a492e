// Which points a clip keeps: an axis-aligned box (keeping what is inside it, or outside) and a
// horizontal section (keeping what lies at or below a height along the up axis), and the part of a
// geometry they keep, for exports. Masks are 1 for a kept point.
import type { Box3, Geometry, ScalarArray } from '../types';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

export type ClipKeep = 'inside' | 'outside';

export interface ClipBox extends Box3 {
  keep: ClipKeep;
}

export interface ClipRegion {
  box: ClipBox | null;
  /** keep points whose height along `up` is at most `height` */
  section: { up: SignedAxis; height: number } | null;
}

export function clipActive(region: ClipRegion): boolean {
  return region.box !== null || region.section !== null;
}

/** 1 for each point the region keeps; `out` is reused where given (n bytes). */
export function clipMask(positions: Float32Array, region: ClipRegion, out?: Uint8Array): Uint8Array {
  const n = positions.length / 3;
  const mask = out && out.length === n ? out : new Uint8Array(n);
  const { box, section } = region;
  const lo = box ? box.center.map((c, k) => c - box.size[k] / 2) : [0, 0, 0];
  const hi = box ? box.center.map((c, k) => c + box.size[k] / 2) : [0, 0, 0];
  const inside = box?.keep === 'inside';
  const u = section ? axisIndex(section.up) : 0;
  const s = section ? axisSign(section.up) : 1;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    let keep = 1;
    if (section && s * positions[p + u] > section.height) keep = 0;
    if (keep && box) {
      const x = positions[p];
      const y = positions[p + 1];
      const z = positions[p + 2];
      const within = x >= lo[0] && x <= hi[0] && y >= lo[1] && y <= hi[1] && z >= lo[2] && z <= hi[2];
      keep = within === inside ? 1 : 0;
    }
    mask[i] = keep;
  }
  return mask;
}

export function countKept(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/**
 * A short print of which of `points` points `mask` keeps (null: all), alike for alike masks and for
 * a mask keeping all and none given: a result can tell from it that the points it ran on changed.
 */
export function keptPrint(mask: Uint8Array | null, points: number): string {
  if (!mask) return `${points}/${points}`;
  // FNV-1a over the mask's bytes
  let hash = 0x811c9dc5;
  let kept = 0;
  for (let i = 0; i < mask.length; i++) {
    hash = Math.imul(hash ^ mask[i], 0x01000193);
    kept += mask[i];
  }
  return kept === points ? `${points}/${points}` : `${kept}/${points}/${(hash >>> 0).toString(16)}`;
}

/** The triangles whose three corners are all kept, as a new index list into the same vertices. */
export function keptTriangles(indices: Uint32Array, mask: Uint8Array): Uint32Array {
  let n = 0;
  for (let t = 0; t < indices.length; t += 3) if (mask[indices[t]] && mask[indices[t + 1]] && mask[indices[t + 2]]) n++;
  const out = new Uint32Array(n * 3);
  let o = 0;
  for (let t = 0; t < indices.length; t += 3) {
    if (mask[indices[t]] && mask[indices[t + 1]] && mask[indices[t + 2]]) {
      out[o++] = indices[t];
      out[o++] = indices[t + 1];
      out[o++] = indices[t + 2];
    }
  }
  return out;
}

function gather<T extends ScalarArray>(values: T, width: number, kept: Int32Array): T {
  const out = new (values.constructor as { new (n: number): T })(kept.length * width);
  for (let k = 0; k < kept.length; k++) for (let c = 0; c < width; c++) out[k * width + c] = values[kept[k] * width + c];
  return out;
}

/** The kept points with every per-point array, and which original point each is; a mesh keeps the triangles whose corners all stay. */
export function keptGeometry(geometry: Geometry, mask: Uint8Array): { geometry: Geometry; kept: Int32Array } {
  const n = geometry.positions.length / 3;
  if (mask.length !== n) throw new Error(`a clip mask of ${mask.length} for ${n} points`);
  const kept = new Int32Array(countKept(mask));
  for (let i = 0, k = 0; i < n; i++) if (mask[i]) kept[k++] = i;
  const fields = Object.fromEntries(Object.entries(geometry.fields).map(([name, v]) => [name, gather(v, v.length / n, kept)]));
  const common = {
    positions: gather(geometry.positions, 3, kept),
    ...(geometry.colors && { colors: gather(geometry.colors, 3, kept) }),
    ...(geometry.normals && { normals: gather(geometry.normals, 3, kept) }),
    fields,
    ...(geometry.fieldClasses && { fieldClasses: geometry.fieldClasses }),
  };
  if (geometry.kind === 'points') return { geometry: { kind: 'points', ...common }, kept };
  const newIndex = new Int32Array(n).fill(-1);
  kept.forEach((i, k) => (newIndex[i] = k));
  const triangles = keptTriangles(geometry.indices, mask).map((i) => newIndex[i]);
  return {
    geometry: {
      kind: 'mesh',
      ...common,
      ...(geometry.uvs && { uvs: gather(geometry.uvs, 2, kept) }),
      indices: triangles,
      faceCount: triangles.length / 3,
      // the kept triangles no longer follow the file's material groups
      groups: [],
    },
    kept,
  };
}
