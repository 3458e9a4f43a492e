// Runs one parse at a time for ReaderHost, in a thread the host can end when a reader runs away.
import { parentPort } from 'node:worker_threads';
import { parseFiles } from '../../src/core/io';
import { InputError, type InputFile } from '../../src/core/types';
import { decodedBytes } from '../../src/core/io/limits';
import { geometryViolations } from './checkGeometry';
import type { CaseOutcome } from './readerHost';

/**
 * What a read allocated: the growth of the heap and of array buffers from before it to just after.
 * Nothing it dropped is collected that soon as a rule, so this comes close to its peak; a
 * collection during the read makes it less.
 */
function allocatedSince(before: NodeJS.MemoryUsage): number {
  const now = process.memoryUsage();
  return Math.max(0, now.heapUsed - before.heapUsed) + Math.max(0, now.arrayBuffers - before.arrayBuffers);
}

parentPort!.on('message', async ({ id, files }: { id: number; files: InputFile[] }) => {
  const memory = process.memoryUsage();
  const t0 = performance.now();
  let outcome: CaseOutcome;
  try {
    const r = await parseFiles(files);
    const ms = performance.now() - t0;
    const g = r.data;
    outcome = {
      ok: true,
      ms,
      format: r.format,
      points: g.positions.length / 3,
      faces: g.kind === 'mesh' ? g.faceCount : 0,
      min: [0, 1, 2].map((a) => g.positions.filter((_, i) => i % 3 === a).reduce((m, v) => Math.min(m, v), Infinity)),
      warnings: r.warnings,
      bytes: decodedBytes(g),
      allocated: allocatedSince(memory),
      violations: geometryViolations(g, r.warnings),
    };
  } catch (e) {
    outcome = {
      ok: false,
      ms: performance.now() - t0,
      allocated: allocatedSince(memory),
      inputError: e instanceof InputError,
      message: e instanceof Error ? (e instanceof InputError ? e.message : (e.stack ?? e.message)) : String(e),
    };
  }
  parentPort!.postMessage({ id, outcome });
});
// the readers are loaded: cases may be timed from now on
parentPort!.postMessage({ ready: true });
