// A height profile as CSV, for a spreadsheet or a survey package: a row per point in order along the
// line, with its distance and height, where it is in the file's own coordinates, its colour and the
// fields the file gives it one value each of (a class, an intensity).
import { shortestFloat32 } from '../format';
import type { Profile } from '../geometry/profile';
import type { Geometry } from '../types';
import type { Origin } from './shift';

/** A name as a CSV cell: quoted where it holds a comma, a quote or a line break. */
function cell(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
}

/** A value worked out in doubles from float32 coordinates: no more digits than those hold. */
function fromFloats(v: number): number {
  return Number(v.toPrecision(7));
}

/** Decimals a number is written with ("1.25": 2, "1e-7": 7). */
function decimalsOf(v: number): number {
  const [digits, exponent = '0'] = String(v).split('e');
  return Math.max(0, (digits.split('.')[1]?.length ?? 0) - Number(exponent));
}

/** A kept coordinate in the file's own: the float's shortest decimal, the origin's whole units added without new digits. */
export function inFile(v: number, shift: number): number {
  const d = shortestFloat32(v);
  return shift ? Number((d + shift).toFixed(Math.min(20, decimalsOf(d)))) : d;
}

/**
 * The rows of `profile` over `geometry` (the layer's kept positions, relative to `origin` where it
 * has one): `distance,height,x,y,z`, then `red,green,blue` where it has colours, then each field
 * with one value a point.
 */
/** `name`, or, where a column already has it, `name_field` (then `name_field2`, ...): a CSV read back takes one column a name. */
function unusedName(name: string, taken: Set<string>): string {
  let unique = name;
  for (let k = 1; taken.has(unique.toLowerCase()); k++) unique = `${name}_field${k > 1 ? k : ''}`;
  taken.add(unique.toLowerCase());
  return unique;
}

export function profileCsv(profile: Pick<Profile, 'indices' | 'distances' | 'heights'>, geometry: Pick<Geometry, 'positions' | 'colors' | 'fields'>, origin?: Origin): string {
  const n = geometry.positions.length / 3;
  const fields = Object.entries(geometry.fields).filter(([, values]) => values.length === n);
  const columns = ['distance', 'height', 'x', 'y', 'z', ...(geometry.colors ? ['red', 'green', 'blue'] : [])];
  // a profile CSV opened again carries its distance and height as fields, which a new profile of it writes again
  const taken = new Set(columns);
  const header = [...columns, ...fields.map(([name]) => cell(unusedName(name, taken)))];
  const lines = [header.join(',')];
  const { positions, colors } = geometry;
  for (let k = 0; k < profile.indices.length; k++) {
    const i = profile.indices[k];
    const row: number[] = [fromFloats(profile.distances[k]), fromFloats(profile.heights[k])];
    for (let c = 0; c < 3; c++) row.push(inFile(positions[3 * i + c], origin?.[c] ?? 0));
    if (colors) row.push(colors[3 * i], colors[3 * i + 1], colors[3 * i + 2]);
    // a float32 value as its shortest decimal, not its double's digits (0.1, not 0.10000000149011612)
    for (const [, values] of fields) row.push(values instanceof Float32Array ? shortestFloat32(values[i]) : values[i]);
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
