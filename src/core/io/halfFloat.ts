// IEEE 754 half-precision (binary16) values, which NumPy saves as "<f2" and JavaScript has no array
// type for: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits.

/** The number a 16-bit half float's bits hold. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
