import { sampleColorMap, type ColorMapId } from './colorMaps';

// The colours of what the explain view draws over an object: apart from every colour map the
// object itself may be painted with (turbo, viridis, class tables), and from each other.
export const EXPLAIN_COLORS = {
  /** PointNet's critical points */
  critical: [255, 40, 200],
  /** the grid points of the upper-bound shape */
  upperBound: [60, 200, 255],
} as const satisfies Record<string, readonly [number, number, number]>;

export const cssColor = (rgb: readonly number[]): string => `rgb(${rgb.join(', ')})`;

/**
 * Saliency scores as display colours (sRGB 0..1, 3 per point) through `map`: the middle of the map
 * is a score of 0, its ends -bound and +bound (a symmetric range, so that points whose drop helps
 * the class and points whose drop hurts it read apart).
 */
export function saliencyColors(scores: Float32Array, bound: number, map: ColorMapId): Float32Array {
  const out = new Float32Array(scores.length * 3);
  const b = bound > 0 ? bound : 1;
  for (let i = 0; i < scores.length; i++) sampleColorMap(map, 0.5 + scores[i] / (2 * b), out, 3 * i);
  return out;
}

/** The largest |score|: the bound that puts every score on the map. */
export function saliencyBound(scores: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < scores.length; i++) m = Math.max(m, Math.abs(scores[i]));
  return m;
}
