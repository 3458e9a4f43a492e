// What one file may cost to read. Every reader checks the sizes a header declares against these
// before it allocates or loops, so that a few kilobytes cannot ask for gigabytes (a 190-byte PCD
// that declares a 10^8-wide field crashed a browser tab at 5.8 GB).
import { InputError } from '../types';

/**
 * The most memory the arrays decoded from one file may take: positions, colours, normals, fields
 * and faces together. A browser tab dies at a few GB; 1 GiB holds some 40 million coloured points.
 * Exported so that the app can say what it reads.
 */
export const READ_BUDGET_BYTES = 1 << 30;

/** The most named per-point attributes kept from one file; wider fields are skipped with a warning. */
export const MAX_ATTRIBUTES = 256;

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MB`;
  return `${Math.ceil(n / 1024)} kB`;
}

/** Throws when `count` items of `bytesEach` bytes would not fit in the budget. */
export function checkBudget(count: number, bytesEach: number, what: string): void {
  const need = count * bytesEach;
  if (need > READ_BUDGET_BYTES) {
    throw new InputError(
      `is too large: ${count} ${what} would take ${formatBytes(need)} once read; pointlens reads files of up to ${formatBytes(READ_BUDGET_BYTES)} of decoded data`,
    );
  }
}
