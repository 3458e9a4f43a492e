// Reads the files given (the first is the main one) once, and prints the time and the peak
// resident memory the read added, from the kernel's high-water mark.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseFiles } from '../../src/core/io';
import { peakResidentMb, resetPeak, residentMb } from './memory';

const files = process.argv.slice(2).map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
resetPeak();
const before = residentMb();
const t0 = performance.now();
try {
  await parseFiles(files);
} catch {
  // refused cases are measured too
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms: Number(ms.toFixed(1)), peakMb: Number((peakResidentMb() - before).toFixed(1)) }));
