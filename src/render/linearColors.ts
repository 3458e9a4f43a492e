// Colour modes paint display (sRGB) values; the renderer works in linear light and encodes to
// sRGB on output, so colours are linearised once when written into a colour attribute.
// The sRGB transfer function (IEC 61966-2-1).
function srgbToLinear(c: number): number {
  return c < 0.04045 ? c * 0.0773993808 : Math.pow(c * 0.9478672986 + 0.0521327014, 2.4);
}

const LUT_SIZE = 4096;
const LUT = Float32Array.from({ length: LUT_SIZE + 1 }, (_, i) => srgbToLinear(i / LUT_SIZE));

function linear(v: number): number {
  return LUT[Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * LUT_SIZE)];
}

/** Writes the linear form of `srgb` into `out` for the drawn points: `indices[0 .. count)`, or every point where `indices` is null. */
export function writeLinearColors(srgb: Float32Array, out: Float32Array, indices: Uint32Array | null, count = out.length / 3): void {
  if (!indices) {
    for (let i = 0; i < 3 * count; i++) out[i] = linear(srgb[i]);
    return;
  }
  for (let k = 0; k < count; k++) {
    const from = 3 * indices[k];
    for (let c = 0; c < 3; c++) out[3 * k + c] = linear(srgb[from + c]);
  }
}

/** The same for the given points only, of a view that draws every point in its own order. */
export function writeLinearColorsAt(srgb: Float32Array, out: Float32Array, points: ArrayLike<number>): void {
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    for (let c = 0; c < 3; c++) out[3 * p + c] = linear(srgb[3 * p + c]);
  }
}
