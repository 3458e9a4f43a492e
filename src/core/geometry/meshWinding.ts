// Many CAD meshes (ShapeNet's among them) store each triangle twice, once per winding, over the
// same vertices. Their vertex normals then point one way for half the faces, and normals computed
// from the faces cancel out: smooth shading draws them black. Such meshes are shaded flat instead.

/** Share of triangles whose reversed twin (same three vertices, opposite winding) is also in the mesh. */
export function oppositeTwinShare(indices: Uint32Array): number {
  const triangles = indices.length / 3;
  if (!triangles) return 0;
  let vertices = 0;
  for (let i = 0; i < indices.length; i++) if (indices[i] >= vertices) vertices = indices[i] + 1;
  // A number is a far cheaper key than a string while three indices fit exactly in a double.
  const numeric = vertices ** 3 < Number.MAX_SAFE_INTEGER;
  const seen = new Set<number | string>();
  const pack = (a: number, b: number, c: number) => (numeric ? (a * vertices + b) * vertices + c : `${a},${b},${c}`);
  // the same cyclic order, starting from the smallest index
  const key = (a: number, b: number, c: number) => (a < b && a < c ? pack(a, b, c) : b < c ? pack(b, c, a) : pack(c, a, b));
  for (let t = 0; t < indices.length; t += 3) seen.add(key(indices[t], indices[t + 1], indices[t + 2]));
  let twins = 0;
  for (let t = 0; t < indices.length; t += 3) if (seen.has(key(indices[t], indices[t + 2], indices[t + 1]))) twins++;
  return twins / triangles;
}

/** From this share on, smooth normals are not to be trusted. */
export const FLAT_SHADING_TWIN_SHARE = 0.05;
