// A LAS's colours at the 16 bits of its file. Points are drawn and edited at the 8 bits colorDepth
// reads them at; where the file's low bytes hold more than a factor of those 8 bits gives back
// (colorScaleOf: neither 8-bit values nor bytes times 256 or 257), its 16-bit values are kept too,
// as three fields, so that a LAS written of the points gives back the file's colours. A point whose
// 8-bit colour no longer is the one its 16 bits were read at changed since, and is written from its 8 bits.
import type { ScalarArray } from '../types';

/** The fields a LAS's 16-bit red, green and blue are kept in, where its colours have more than 8 bits. */
export const LAS_COLOR_FIELDS = ['red16', 'green16', 'blue16'] as const;

/** The 16-bit colours `rgb` (three values a point) as the fields LAS_COLOR_FIELDS names. */
export function sixteenBitFields(rgb: Uint16Array): Record<string, Uint16Array> {
  const n = rgb.length / 3;
  return Object.fromEntries(LAS_COLOR_FIELDS.map((name, c) => [name, Uint16Array.from({ length: n }, (_, i) => rgb[3 * i + c])]));
}

/** Whether point `i`'s 8-bit colour in `colors` is still the one its 16-bit `source` values (red, green, blue) were read at: their high bytes. */
export function keepsSourceColor(colors: Uint8Array, source: readonly ScalarArray[], i: number): boolean {
  return source.every((values, c) => colors[3 * i + c] === values[i] >> 8);
}
