// Property: whatever a mutated real file holds, a reader either returns geometry whose
// invariants hold (checkGeometry) or throws the project's InputError with a printable message of
// its own (not the "could not be read as" that wraps an internal error), and it does so in time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FormatId } from '../../src/core/types';
import { fuzzCase, SEEDS, type FuzzCase } from './cases';
import { CONTROL } from './checkGeometry';
import type { CaseOutcome, ReaderHost } from './readerHost';

export const FORMATS = Object.keys(SEEDS) as FormatId[];

export interface FuzzStats {
  format: FormatId;
  cases: number;
  read: number;
  refused: number;
  worstMs: number;
  worstBytes: number;
  /** the most a single case allocated while it was read */
  worstAllocated: number;
  /** the slowest case, the one that decoded the most and the one that allocated the most, to measure apart */
  slowest?: FuzzCase;
  largest?: FuzzCase;
  heaviest?: FuzzCase;
}

/** What is wrong with an outcome, or null when the reader behaved. */
export function fault(o: CaseOutcome): string | null {
  if ('timedOut' in o) return `ran away: no answer in ${o.ms} ms`;
  if (o.ok) return o.violations.length ? `returned broken geometry: ${o.violations.join('; ')}` : null;
  if (!o.inputError) return `threw an internal error: ${o.message}`;
  if (/could not be read as/.test(o.message)) return `let an internal error through: ${o.message}`;
  if (CONTROL.test(o.message)) return `echoed control characters: ${JSON.stringify(o.message)}`;
  if (o.message.length > 1000) return `gave a ${o.message.length}-character message`;
  return null;
}

/** Writes a failing case's files where the message says, so that it can be replayed. */
function keep(c: FuzzCase, format: FormatId): string {
  const dir = join(tmpdir(), 'pointlens-fuzz', `${format}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  for (const f of c.files) writeFileSync(join(dir, f.name), f.bytes);
  writeFileSync(join(dir, 'mutations.json'), JSON.stringify(c.mutations, null, 1));
  return dir;
}

export async function fuzzFormat(host: ReaderHost, format: FormatId, opts: { seed: number; runs: number; timeoutMs: number }): Promise<FuzzStats> {
  const stats: FuzzStats = { format, cases: 0, read: 0, refused: 0, worstMs: 0, worstBytes: 0, worstAllocated: 0 };
  await fc.assert(
    fc.asyncProperty(fuzzCase(format), async (c) => {
      const o = await host.parse(c.files, opts.timeoutMs);
      stats.cases++;
      if (o.ok) stats.read++;
      else stats.refused++;
      if (o.ms > stats.worstMs) {
        stats.worstMs = o.ms;
        stats.slowest = c;
      }
      if ('allocated' in o && (o.allocated ?? 0) > stats.worstAllocated) {
        stats.worstAllocated = o.allocated ?? 0;
        stats.heaviest = c;
      }
      if (o.ok && o.bytes > stats.worstBytes) {
        stats.worstBytes = o.bytes;
        stats.largest = c;
      }
      const f = fault(o);
      if (f) throw new Error(`${format} reader on ${c.seed} ${f} (case kept in ${keep(c, format)})`);
    }),
    // a runaway case cannot be shrunk in useful time: report the first failure as found
    { seed: opts.seed, numRuns: opts.runs, endOnFailure: true },
  );
  return stats;
}
