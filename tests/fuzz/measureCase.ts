// Reads the files given (the first is the main one) once, and prints the time and the peak
// resident memory the read added, from the kernel's high-water mark (Linux /proc).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseFiles } from '../../src/core/io';

const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))![1]);
const files = process.argv.slice(2).map((p) => ({ name: basename(p), bytes: new Uint8Array(readFileSync(p)) }));
const before = kb('VmRSS');
const t0 = performance.now();
try {
  await parseFiles(files);
} catch {
  // refused cases are measured too
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms: Number(ms.toFixed(1)), peakMb: Number(((kb('VmHWM') - before) / 1024).toFixed(1)) }));
