// Units of length: those a file may declare (LAS in metres, feet or US survey feet) and those the
// scene pipeline may find a room written in (centimetres, millimetres).
import type { LengthUnit } from './types';

/** Metres in one of each unit (the US survey foot is 1200/3937 m by its definition). */
export const METRES_PER: Record<LengthUnit, number> = { m: 1, cm: 0.01, mm: 0.001, ft: 0.3048, ftUS: 1200 / 3937 };

const NAMES: Record<LengthUnit, string> = { m: 'metres', cm: 'centimetres', mm: 'millimetres', ft: 'feet', ftUS: 'US survey feet' };
const SYMBOLS: Record<LengthUnit, string> = { m: 'm', cm: 'cm', mm: 'mm', ft: 'ft', ftUS: 'US ft' };

/** A unit as a person reads it: "US survey feet". */
export function unitName(unit: LengthUnit): string {
  return NAMES[unit];
}

/** A unit as a measurement is labelled with it: "ft". */
export function unitSymbol(unit: LengthUnit): string {
  return SYMBOLS[unit];
}
