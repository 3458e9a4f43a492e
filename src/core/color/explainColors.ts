// The colours of what the explain view draws over an object: apart from every colour map the
// object itself may be painted with (turbo, viridis, class tables), and from each other.
export const EXPLAIN_COLORS = {
  /** PointNet's critical points */
  critical: [255, 40, 200],
  /** the grid points of the upper-bound shape */
  upperBound: [60, 200, 255],
} as const satisfies Record<string, readonly [number, number, number]>;

export const cssColor = (rgb: readonly number[]): string => `rgb(${rgb.join(', ')})`;
