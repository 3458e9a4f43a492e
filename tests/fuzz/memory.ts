// Resident memory of this process from the kernel (Linux /proc): what it holds now, the most it
// has held (the high-water mark), and a reset of that mark, so that a stretch of work can be
// measured by the peak it reached.
import { readFileSync, writeFileSync } from 'node:fs';

const statusKb = (key: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]);

export const residentMb = () => statusKb('VmRSS') / 1024;
export const peakResidentMb = () => statusKb('VmHWM') / 1024;

/** Sets the high-water mark to what is held now (proc(5), clear_refs: 5). */
export function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}
