// What a header that declares fewer points than its file holds leaves out: readers read what the
// header declares, and say that the rest was not read rather than drop it without a word.
import { formatCount, plural } from '../format';

const notRead = (n: number) => (n === 1 ? 'it was not read' : 'they were not read');

/** `extra` bytes after `count` records of `recordBytes` bytes (where records are of one size). */
export function bytesLeftOut(extra: number, count: number, noun: string, recordBytes?: number): string {
  const records = recordBytes ? Math.floor(extra / recordBytes) : 0;
  const enough = records > 0 ? `, enough for ${formatCount(records)} more` : '';
  return `has ${plural(extra, 'byte')} after the ${formatCount(count)} ${noun} its header declares${enough}; ${notRead(extra)}`;
}

/** `lines` lines of values after `count` rows of a text body. */
export function linesLeftOut(lines: number, count: number, noun: string): string {
  return `has ${plural(lines, 'more line')} of values after the ${formatCount(count)} ${noun} its header declares; ${notRead(lines)}`;
}
