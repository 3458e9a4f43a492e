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
