// A test-written survey: rolling ground 200 × 200 m (hills 2.5 m and 2 m high, 150 and 120 m apart,
// with 2 cm of noise) sampled about every 0.7 m, five buildings 10 m tall (10 to 30 m across: their
// roofs and walls), and forty trees as thin vertical stems 8 m tall. A wall's or a stem's point within
// LOW of the ground is ground to any filter that splits by height above it: such points are told
// apart, to be left out of what is measured.
import { createRng } from '../../../src/core/random';

export const terrainHeight = (x: number, y: number) => 2.5 * Math.sin((2 * Math.PI * x) / 150) + 2 * Math.cos((2 * Math.PI * y) / 120);

/** The buildings: x, y, width and depth. */
export const BUILDINGS: readonly [number, number, number, number][] = [
  [20, 30, 30, 20],
  [80, 20, 12, 25],
  [130, 110, 25, 30],
  [40, 140, 10, 10],
  [150, 40, 20, 15],
];

/** How high above the ground a wall's or a stem's point lies, at least, to be measured as standing on it. */
export const LOW = 1;

/** What each point of the survey is. */
export const TRUTH = { object: 0, ground: 1, low: 2 } as const;

export interface Terrain {
  positions: Float32Array;
  /** each point's TRUTH */
  truth: Uint8Array;
}

/** The survey, each length times `scale` (3.2808 for the same place in feet). */
export function terrain(scale = 1, size = 200): Terrain {
  const rng = createRng(7);
  const xyz: number[] = [];
  const truth: number[] = [];
  const add = (x: number, y: number, z: number, isGround: boolean) => {
    xyz.push(x * scale, y * scale, z * scale);
    truth.push(isGround ? TRUTH.ground : z - terrainHeight(x, y) < LOW ? TRUTH.low : TRUTH.object);
  };
  const inBuilding = (x: number, y: number) => BUILDINGS.some(([bx, by, w, d]) => x >= bx && x < bx + w && y >= by && y < by + d && bx + w <= size && by + d <= size);
  const step = 0.7;
  for (let x = 0; x < size; x += step)
    for (let y = 0; y < size; y += step) {
      const px = x + rng() * step;
      const py = y + rng() * step;
      if (px >= size || py >= size || inBuilding(px, py)) continue;
      add(px, py, terrainHeight(px, py) + 0.02 * (rng() - 0.5) * 2, true);
    }
  for (const [bx, by, w, d] of BUILDINGS) {
    if (bx + w > size || by + d > size) continue;
    // the roof level 10 m above the ground's highest under it
    let base = -Infinity;
    for (let x = bx; x <= bx + w; x++) for (let y = by; y <= by + d; y++) base = Math.max(base, terrainHeight(x, y));
    for (let x = bx; x < bx + w; x += step) for (let y = by; y < by + d; y += step) add(x + rng() * step, y + rng() * step, base + 10, false);
    for (let t = 0; t < 2 * (w + d); t += step) {
      const [x, y] = t < w ? [bx + t, by] : t < w + d ? [bx + w, by + t - w] : t < 2 * w + d ? [bx + 2 * w + d - t, by + d] : [bx, by + 2 * (w + d) - t];
      for (let z = terrainHeight(x, y); z < base + 10; z += step) add(x, y, z, false);
    }
  }
  for (let k = 0; k < 40; k++) {
    const x = 5 + rng() * (size - 10);
    const y = 5 + rng() * (size - 10);
    if (inBuilding(x, y)) continue;
    for (let z = 0; z <= 8; z += 0.1) add(x + 0.1 * rng(), y + 0.1 * rng(), terrainHeight(x, y) + z, false);
  }
  return { positions: new Float32Array(xyz), truth: Uint8Array.from(truth) };
}

/** How many rings (each its points' x and y) lie wholly within `margin` of each building's footprint: contours drawn around it. */
export function ringsAroundBuildings(rings: [number, number][][], margin: number): number[] {
  return BUILDINGS.map(([bx, by, w, d]) => rings.filter((ring) => ring.every(([x, y]) => x >= bx - margin && x <= bx + w + margin && y >= by - margin && y <= by + d + margin)).length);
}

/** The survey with points added after its own, each given by x, y and how far above the ground there it lies (below for a negative one); their truth TRUTH.low, measured as neither. */
export function withPoints(survey: Terrain, added: readonly (readonly [number, number, number])[]): Terrain {
  const n = survey.truth.length;
  const positions = new Float32Array(3 * (n + added.length));
  positions.set(survey.positions);
  added.forEach(([x, y, above], k) => positions.set([x, y, terrainHeight(x, y) + above], 3 * (n + k)));
  const truth = new Uint8Array(n + added.length).fill(TRUTH.low);
  truth.set(survey.truth);
  return { positions, truth };
}

/** The survey with a square shaft `width` across and `depth` deep about (x, y): the ground points inside it taken away, and its walls and floor, sampled every half metre, added after the rest. */
export function withShaft(survey: Terrain, x: number, y: number, width: number, depth: number): Terrain {
  const inside = (px: number, py: number) => Math.abs(px - x) < width / 2 && Math.abs(py - y) < width / 2;
  const outside = survey.truth.length - survey.truth.filter((_, i) => inside(survey.positions[3 * i], survey.positions[3 * i + 1])).length;
  const kept: Terrain = { positions: new Float32Array(3 * outside), truth: new Uint8Array(outside) };
  for (let i = 0, k = 0; i < survey.truth.length; i++) {
    if (inside(survey.positions[3 * i], survey.positions[3 * i + 1])) continue;
    kept.positions.set(survey.positions.subarray(3 * i, 3 * i + 3), 3 * k);
    kept.truth[k++] = survey.truth[i];
  }
  return withPoints(kept, shaftPoints(x, y, width, depth));
}

/** A square shaft's walls and floor, `width` across and `depth` deep about (x, y), sampled every half metre: each point's x, y and height above the ground about it. */
export function shaftPoints(x: number, y: number, width: number, depth: number): [number, number, number][] {
  const [x0, y0] = [x - width / 2, y - width / 2];
  const points: [number, number, number][] = [];
  for (let z = -depth; z < 0; z += 0.5)
    for (let t = 0; t < width; t += 0.5) points.push([x0 + t, y0, z], [x0 + width, y0 + t, z], [x0 + width - t, y0 + width, z], [x0, y0 + width - t, z]);
  for (let a = 0.5; a < width; a += 0.5) for (let b = 0.5; b < width; b += 0.5) points.push([x0 + a, y0 + b, -depth]);
  return points;
}

/** `count` points about (x, y, z), up to `radius` across from it and half a metre up or down: a multipath burst. */
export function burst(x: number, y: number, z: number, count: number, radius: number): [number, number, number][] {
  return Array.from({ length: count }, (_, k) => {
    const angle = (2 * Math.PI * k) / count;
    const r = (radius * ((k % 4) + 1)) / 4;
    return [x + r * Math.cos(angle), y + r * Math.sin(angle), z + ((k % 3) - 1) * 0.5];
  });
}
