// What one file may cost to read. Every reader checks the sizes a header declares against these
// before it allocates or loops, so that a few kilobytes cannot ask for gigabytes (a 190-byte PCD
// that declares a 10^8-wide field crashed a browser tab at 5.8 GB).
import { formatCount } from '../format';
import { InputError, type Geometry } from '../types';

/**
 * The most memory the arrays decoded from one file may take: positions, colours, normals, fields
 * and faces together. A browser tab dies at a few GB; 1 GiB holds some 40 million coloured points.
 * Exported so that the app can say what it reads.
 */
export const READ_BUDGET_BYTES = 1 << 30;

/** The read budget lowered to `mb` megabytes, as a person may ask for to try a file as one over budget; never raised. */
export function lowerReadBudget(mb: number): number {
  return mb > 0 ? Math.min(READ_BUDGET_BYTES, Math.round(mb * 2 ** 20)) : READ_BUDGET_BYTES;
}

/** The most named per-point attributes kept from one file; wider fields are skipped with a warning. */
export const MAX_ATTRIBUTES = 256;

export function formatBytes(n: number, digits = 1): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(digits)} GB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(digits)} MB`;
  return `${Math.ceil(n / 1024)} kB`;
}

/** Two sizes with as many digits as it takes to tell them apart (1.02 GB against 1.00 GB, not 1.0 against 1.0), in bytes where three do not. */
export function formatBytesApart(a: number, b: number): [string, string] {
  for (let digits = 1; digits <= 3; digits++) {
    if (formatBytes(a, digits) !== formatBytes(b, digits)) return [formatBytes(a, digits), formatBytes(b, digits)];
  }
  return [`${formatCount(a)} bytes`, `${formatCount(b)} bytes`];
}

/** Throws when `count` items of `bytesEach` bytes would not fit in the budget; the message names both sizes. */
export function checkBudget(count: number, bytesEach: number, what: string): void {
  const need = count * bytesEach;
  if (need > READ_BUDGET_BYTES) {
    const [needs, budget] = formatBytesApart(need, READ_BUDGET_BYTES);
    throw new InputError(`is too large: ${count} ${what} would take ${needs} once read, more than the ${budget} pointlens reads from one file (its read budget)`);
  }
}

/** The memory a read geometry's arrays take, to set against READ_BUDGET_BYTES. */
export function decodedBytes(g: Geometry): number {
  const arrays = [g.positions, g.normals, g.colors, g.kind === 'mesh' ? g.uvs : undefined, g.kind === 'mesh' ? g.indices : undefined, ...Object.values(g.fields)];
  return arrays.reduce((s, a) => s + (a?.byteLength ?? 0), 0);
}
