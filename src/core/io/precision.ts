// Positions are kept as 32-bit floats. Coordinates that a file stores wider (LAS's scaled integers,
// doubles, decimal text) lose precision there once they are large: UTM eastings (~5e5 m) keep only
// centimetres or worse. Said, not hidden.
import { computeBounds } from '../geometry/bounds';
import type { LengthUnit } from '../types';
import { unitName } from '../units';

/** The warning for positions read from values wider than 32-bit floats, where their spacing passes a millimetre (in `unit` where the file says it). */
export function precisionWarnings(positions: Float32Array, unit?: LengthUnit): string[] {
  const box = computeBounds(positions);
  const largest = Math.max(...[...box.min, ...box.max].map(Math.abs));
  const spacing = largest * 2 ** -23;
  return spacing > 0.001
    ? [`coordinates reach ${Math.round(largest)}; as 32-bit floats they keep only about ${spacing.toPrecision(2)} ${unit ? unitName(unit) : 'units'} of precision`]
    : [];
}
