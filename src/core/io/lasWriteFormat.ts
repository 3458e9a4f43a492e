// The point format a LAS is written in. Points read from a LAS keep its format, so that survey
// tools get back the records they gave (a format 1 tile stays format 1), unless the points now carry
// what it has no place for (colours added, a class past 31): then, and for points of any other
// source, the smallest format that holds what they carry. Formats 0-5 are LAS 1.4's legacy ones,
// kept for a source that had one; points of other sources take 6, 7 or 8, as LAS 1.4 recommends.
// Waveform packets are not read, so formats 4, 5, 9 and 10 are written as the same format without
// them. LAZ is written here in formats 6 to 8 only (writeLaz): a format 0-5 source's LAZ takes the
// one of them that holds what its points carry, every field of theirs in its place.
import type { ScalarArray } from '../types';
import { recordLayout } from './lasHeader';

/** What the points carry that a format must have a place for. */
export interface FormatNeeds {
  gps: boolean;
  rgb: boolean;
  nir: boolean;
  /** the first value found that only formats 6-10 hold, in words, where there is one */
  extended?: string;
}

/** Formats with waveform packets, by the format that is the same without them. */
const WITHOUT_WAVES: Record<number, number> = { 4: 1, 5: 3, 9: 6, 10: 8 };

const anyOver = (values: ScalarArray | undefined, max: number) => !!values && values.some((v) => v > max);

/** A scan angle that a signed byte of whole degrees (formats 0-5) does not hold, in words. */
function scanAngleBeyondLegacy(angles: ScalarArray | undefined): string | undefined {
  const v = angles?.find((a) => !(Number.isInteger(a) && a >= -128 && a <= 127));
  return v === undefined ? undefined : `a scan angle of ${Number(v.toPrecision(4))}°`;
}

/** What `fields`, `classes` and colours need of a point format. */
export function formatNeeds(fields: Record<string, ScalarArray>, classes: Uint8Array, rgb: boolean): FormatNeeds {
  const extended =
    (anyOver(classes, 31) && 'a class past 31') ||
    (anyOver(fields.return_number, 7) && 'a return number past 7') ||
    (anyOver(fields.number_of_returns, 7) && 'more than 7 returns') ||
    (anyOver(fields.scanner_channel, 0) && 'a scanner channel') ||
    (anyOver(fields.overlap, 0) && 'the overlap flag') ||
    scanAngleBeyondLegacy(fields.scan_angle);
  return { gps: !!fields.gps_time, rgb, nir: !!fields.nir, ...(extended && { extended }) };
}

/** What of `needs` point format `format` has no place for, in words. */
function lacking(format: number, needs: FormatNeeds): string[] {
  const { gpsAt, colorAt, nirAt } = recordLayout(format);
  return [
    needs.gps && gpsAt === undefined && 'GPS times',
    needs.rgb && colorAt === undefined && 'colours',
    needs.nir && nirAt === undefined && 'near infrared',
    format < 6 && needs.extended,
  ].filter((what): what is string => !!what);
}

/**
 * The format to write points of `needs` in, `source` being the format of the LAS they were read
 * from (undefined where they were not); `forLaz`: one of 6 to 8, what writeLaz compresses. `notes`
 * hear where the source's is not kept.
 */
export function lasWriteFormat(needs: FormatNeeds, source: number | undefined, forLaz: boolean, notes: string[]): number {
  let base = source;
  if (source !== undefined && WITHOUT_WAVES[source] !== undefined) {
    base = WITHOUT_WAVES[source];
    notes.push(`the source's waveform packets (point format ${source}) are not read, so not written: its points are written in format ${base}, the same without them`);
  }
  const recommended = needs.nir ? 8 : needs.rgb ? 7 : 6;
  if (forLaz && base !== undefined && base < 6) {
    notes.push(`written as point format ${recommended}, not the source's ${base}: LAZ is written here in formats 6 to 8 (LASzip's layered compressor; formats 0 to 5 take its older point-wise one, which pointlens does not write), and every field of format ${base} is kept in format ${recommended}`);
    return recommended;
  }
  const lacks = base === undefined ? [] : lacking(base, needs);
  if (base !== undefined && !lacks.length) return base;
  const legacy = base !== undefined && base < 6 && !needs.extended && !needs.nir;
  const format = legacy ? (needs.gps ? (needs.rgb ? 3 : 1) : needs.rgb ? 2 : 0) : recommended;
  if (base !== undefined) notes.push(`the points carry ${lacks.join(', ')}, which the source's point format ${base} has no place for: they are written in format ${format}`);
  return format;
}
