// One of the 24 turns that keep the axes on the axes, drawn from a seed: the measuring scripts turn
// each file this way so that a rule favouring a dataset's own axes would show.
import { applyTurn, axisIndex, axisSign, signedAxis, turnMatrix, type SignedAxis } from '../src/core/geometry/signedAxis';
import { createRng } from '../src/core/random';
import type { Geometry } from '../src/core/types';

export const DIRECTIONS: SignedAxis[] = ['+x', '-x', '+y', '-y', '+z', '-z'];

/** `count` quarter turns about `about`: each takes a side direction d onto about x d. */
function spins(about: SignedAxis, count: number): number[][] {
  const out: number[][] = [];
  let d = DIRECTIONS.find((x) => x[1] !== about[1])!;
  for (let k = 0; k < count; k++) {
    const a = axisIndex(about), b = axisIndex(d);
    const c = 3 - a - b;
    // e_a x e_b = +e_c when (a, b, c) is a cyclic order of (x, y, z)
    const cyclic = (b - a + 3) % 3 === 1 ? 1 : -1;
    const next = signedAxis(c, (cyclic * axisSign(about) * axisSign(d)) as 1 | -1);
    out.push(turnMatrix(d, next));
    d = next;
  }
  return out;
}

/** The geometry turned by the seed's turn (up onto one of six directions, then 0-3 quarter turns about it), and where its up went. */
export function randomlyTurned(geometry: Geometry, up: SignedAxis, seed: number): { turned: Geometry; target: SignedAxis } {
  const rng = createRng(seed);
  const target = DIRECTIONS[Math.floor(rng() * 6)];
  const turns = [turnMatrix(up, target), ...spins(target, Math.floor(rng() * 4))];
  const positions = geometry.positions.slice();
  const normals = geometry.normals?.slice();
  for (const m of turns) {
    applyTurn(positions, m);
    if (normals) applyTurn(normals, m);
  }
  return { turned: { ...geometry, positions, ...(normals && { normals }) } as Geometry, target };
}
