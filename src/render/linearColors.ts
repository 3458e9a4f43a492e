// Colour modes paint display (sRGB) values; the renderer works in linear light and encodes to
// sRGB on output, so colours are linearised once when written into a colour attribute.
import { gatherRows } from '../core/geometry/displaySubset';

// The sRGB transfer function (IEC 61966-2-1).
function srgbToLinear(c: number): number {
  return c < 0.04045 ? c * 0.0773993808 : Math.pow(c * 0.9478672986 + 0.0521327014, 2.4);
}

const LUT_SIZE = 4096;
const LUT = Float32Array.from({ length: LUT_SIZE + 1 }, (_, i) => srgbToLinear(i / LUT_SIZE));

function linear(v: number): number {
  return LUT[Math.round((v < 0 ? 0 : v > 1 ? 1 : v) * LUT_SIZE)];
}

/** Writes the linear form of `srgb` into `out`, through `indices` when the display is a subset. */
export function writeLinearColors(srgb: Float32Array, out: Float32Array, indices: Uint32Array | null): void {
  const src = indices ? gatherRows(srgb, 3, indices, new Float32Array(out.length)) : srgb;
  for (let i = 0; i < out.length; i++) out[i] = linear(src[i]);
}

/** The same for the given points only; `slotOf` maps a point to where a thinned display draws it (-1: not drawn). */
export function writeLinearColorsAt(srgb: Float32Array, out: Float32Array, points: ArrayLike<number>, slotOf: Int32Array | null): void {
  for (let k = 0; k < points.length; k++) {
    const p = points[k];
    const slot = slotOf ? slotOf[p] : p;
    if (slot < 0) continue;
    for (let c = 0; c < 3; c++) out[3 * slot + c] = linear(srgb[3 * p + c]);
  }
}
