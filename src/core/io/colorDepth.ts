// Colours to 8 bits. Files hold them as 0..1 fractions, as 8-bit values, or as 16-bit ones (the
// LAS spec's, which PDAL carries into the PLY and NPY it writes), and seldom say which; many
// writers put 8-bit values in 16-bit fields. Only the largest value of all the colours read tells:
// deciding per stretch of points brought a dark stretch of a 16-bit file out 256 times too bright.

/**
 * `count` colour values, the i-th at `values[at(i)]`, as 8 bits: 16-bit ones (any over 255) by their
 * high byte, and where `fractions` (float colours) and none is over 1, 0..1 fractions scaled up.
 */
export function eightBitColors(values: ArrayLike<number>, count: number, at: (i: number) => number, fractions: boolean): Uint8Array {
  let max = 0;
  for (let i = 0; i < count; i++) {
    const v = values[at(i)];
    if (v > max) max = v;
  }
  const toByte = max > 255 ? (v: number) => Math.floor(v / 256) : fractions && max <= 1 ? (v: number) => Math.round(v * 255) : Math.round;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const b = toByte(values[at(i)]);
    out[i] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
  return out;
}

/** The position of colour value `i` of `points` in an array of three values a point. */
export const ofPoints = (points: ArrayLike<number>) => (i: number) => 3 * points[Math.floor(i / 3)] + (i % 3);
