// Runs one parse at a time for ReaderHost, in a thread the host can end when a reader runs away.
import { parentPort } from 'node:worker_threads';
import { parseFiles } from '../../src/core/io';
import { InputError, type InputFile } from '../../src/core/types';
import { decodedBytes } from '../../src/core/io/limits';
import { geometryViolations } from './checkGeometry';
import type { CaseOutcome } from './readerHost';

parentPort!.on('message', async ({ id, files }: { id: number; files: InputFile[] }) => {
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
      violations: geometryViolations(g, r.warnings),
    };
  } catch (e) {
    outcome = {
      ok: false,
      ms: performance.now() - t0,
      inputError: e instanceof InputError,
      message: e instanceof Error ? (e instanceof InputError ? e.message : (e.stack ?? e.message)) : String(e),
    };
  }
  parentPort!.postMessage({ id, outcome });
});
// the readers are loaded: cases may be timed from now on
parentPort!.postMessage({ ready: true });
