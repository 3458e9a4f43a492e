// Colours to 8 bits. Files hold them as 0..1 fractions, as 8-bit values, or as 16-bit ones (the
// LAS spec's, which PDAL carries into the PLY and NPY it writes), and seldom say which; many
// writers put 8-bit values in 16-bit fields. Only the values of all the colours read tell:
// deciding per stretch of points brought a dark stretch of a 16-bit file out 256 times too bright.
//
// The rule, the same for every reader:
// - any value over 255: 16-bit, read by its high byte;
// - none over 1, where the format says its colours are then fractions (PLY's float properties):
//   0..1 fractions, scaled by 255;
// - every value within 0..1 and at least one not a whole number, where the format does not say
//   (text, float NumPy arrays, headerless records; Open3D and numpy's savetxt write 0..1 floats):
//   fractions too;
// - otherwise 8-bit. Colours of only 0s and 1s in such a format may be either (black and near black,
//   or black and white): they are read as 8-bit, and `eightBitColors` says so where asked.

/** What a format says of its colour values. */
export type ColorConvention =
  /** float values, 0..1 where none is over 1 (PLY's float red, green, blue) */
  | 'fractions'
  /** integer types: 8- or 16-bit, never fractions */
  | 'integers'
  /** values whose type says nothing: text, float arrays of every column alike */
  | 'unsaid';

export const ZEROS_AND_ONES_NOTE =
  'has colours that are all 0 or 1, read as 0..255 values (black and near black); nothing in the file tells whether they are 0..1 fractions instead (black and white)';

interface ColorValues {
  min: number;
  max: number;
  /** every finite value a whole number */
  whole: boolean;
  finite: boolean;
}

function survey(values: ArrayLike<number>, count: number, at: (i: number) => number): ColorValues {
  const s = { min: Infinity, max: 0, whole: true, finite: true };
  for (let i = 0; i < count; i++) {
    const v = values[at(i)];
    if (!Number.isFinite(v)) s.finite = false;
    else {
      if (v > s.max) s.max = v;
      if (v < s.min) s.min = v;
      if (!Number.isInteger(v)) s.whole = false;
    }
  }
  return s;
}

/** Fractions in a format that does not say: every value within 0..1, one at least not whole. */
const unsaidFractions = (s: ColorValues) => s.min >= 0 && s.max <= 1 && !s.whole;

/**
 * `count` colour values, the i-th at `values[at(i)]`, as 8 bits by the rule above. `notes`, where
 * given, gets ZEROS_AND_ONES_NOTE when colours of a format that does not say were only 0s and 1s.
 */
export function eightBitColors(values: ArrayLike<number>, count: number, at: (i: number) => number, convention: ColorConvention, notes?: string[]): Uint8Array {
  const s = survey(values, count, at);
  const fractions = convention === 'fractions' ? s.max <= 1 : convention === 'unsaid' && unsaidFractions(s);
  if (notes && convention === 'unsaid' && s.whole && s.min >= 0 && s.max === 1) notes.push(ZEROS_AND_ONES_NOTE);
  const toByte = s.max > 255 ? (v: number) => Math.floor(v / 256) : fractions ? (v: number) => Math.round(v * 255) : Math.round;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const b = toByte(values[at(i)]);
    out[i] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
  return out;
}

/** Whether `count` finite values, the i-th at `values[at(i)]`, are 0..1 colour fractions by the rule above, in a format that does not say. */
export function areColorFractions(values: ArrayLike<number>, count: number, at: (i: number) => number): boolean {
  const s = survey(values, count, at);
  return s.finite && count > 0 && unsaidFractions(s);
}

/** The position of colour value `i` of `points` in an array of three values a point. */
export const ofPoints = (points: ArrayLike<number>) => (i: number) => 3 * points[Math.floor(i / 3)] + (i % 3);

/**
 * The factor that makes a file's 16-bit `colors` of the 8 bits they are read at (eightBitColors):
 * 1 where none is over 255, 257 or 256 where every one is a byte times it (the two ways writers
 * widen 8 bits); undefined where their low bytes hold more than 8 bits give back.
 */
export function colorScaleOf(colors: Uint16Array): 1 | 256 | 257 | undefined {
  let max = 0;
  let of257 = true;
  let of256 = true;
  for (const v of colors) {
    if (v > max) max = v;
    if (v % 257) of257 = false;
    if (v & 255) of256 = false;
  }
  return max <= 255 ? 1 : of257 ? 257 : of256 ? 256 : undefined;
}
