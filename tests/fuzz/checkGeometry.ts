// What any geometry a reader returns must satisfy, whatever bytes it was given.
import { MAX_ATTRIBUTES, READ_BUDGET_BYTES, decodedBytes } from '../../src/core/io/limits';
import type { Geometry } from '../../src/core/types';

// eslint-disable-next-line no-control-regex
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Every broken invariant, in words; empty when the geometry is sound. */
export function geometryViolations(g: Geometry, warnings: string[]): string[] {
  const out: string[] = [];
  const p = g.positions;
  const n = p.length / 3;
  if (!Number.isInteger(n) || n === 0) out.push(`positions hold ${p.length} values`);
  const per = (name: string, a: ArrayLike<number> | undefined, k: number) => {
    if (a && a.length !== n * k) out.push(`${name} holds ${a.length} values for ${n} points`);
  };
  per('normals', g.normals, 3);
  per('colors', g.colors, 3);
  if (g.kind === 'mesh') per('uvs', g.uvs, 2);
  const names = Object.keys(g.fields);
  for (const name of names) {
    per(`field ${name}`, g.fields[name], 1);
    if (CONTROL.test(name)) out.push(`field name ${JSON.stringify(name)} has control characters`);
  }
  if (names.length > MAX_ATTRIBUTES) out.push(`${names.length} fields`);
  // bounds: finite, and each one a coordinate of some point
  for (let a = 0; a < 3; a++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = a; i < p.length; i += 3) {
      if (!Number.isFinite(p[i])) {
        out.push(`point ${(i - a) / 3} has coordinate ${p[i]}`);
        break;
      }
      lo = Math.min(lo, p[i]);
      hi = Math.max(hi, p[i]);
    }
    if (n && !(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) out.push(`axis ${a} bounds ${lo}..${hi}`);
  }
  if (g.kind === 'mesh') {
    const idx = g.indices;
    if (idx.length % 3) out.push(`${idx.length} indices, not whole triangles`);
    for (let i = 0; i < idx.length; i++) {
      if (idx[i] >= n) {
        out.push(`index ${i} is ${idx[i]}, past ${n} vertices`);
        break;
      }
    }
    if (!(Number.isInteger(g.faceCount) && g.faceCount >= 0)) out.push(`face count ${g.faceCount}`);
    let end = 0;
    for (const grp of g.groups) {
      if (grp.start < end || grp.count < 0 || grp.count % 3 || grp.start + grp.count > idx.length) out.push(`group ${grp.name} covers ${grp.start}+${grp.count} of ${idx.length}`);
      end = grp.start + grp.count;
    }
  }
  if (decodedBytes(g) > READ_BUDGET_BYTES) out.push(`decoded ${decodedBytes(g)} bytes, past the budget`);
  for (const w of warnings) if (CONTROL.test(w)) out.push(`warning ${JSON.stringify(w)} has control characters`);
  return out;
}
