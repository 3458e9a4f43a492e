// `npm run fuzz [-- --runs N --seed S --format F]`: many more cases than `npm test` runs, from a
// fresh seed unless one is given, then the slowest case of each format, the one that decoded the
// most and the one that allocated the most while read (`worstAllocatedMb`) measured alone in a
// fresh process (peak resident memory above the process's own before the read); their
// files stay where the row says (`dir`), to be read again. `runPeakMb` bounds every case of a
// format at once: the peak resident memory of this process (the reader thread's included) while
// they ran, above what it held before, so no single case took more.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FORMATS, fuzzFormat } from './fuzzReaders';
import type { FuzzCase } from './cases';
import { peakResidentMb, resetPeak, residentMb } from './memory';
import { ReaderHost } from './readerHost';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string' }, timeout: { type: 'string', default: '20000' }, format: { type: 'string', multiple: true } },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const measure = fileURLToPath(new URL('./measureCase.ts', import.meta.url));

/** Each case is read alone this many times: one read on a shared machine can be held up by others. */
const ALONE_READS = 3;

/** The median time and the largest peak of the reads of a case alone. */
function measureAlone(c: FuzzCase): { ms: number; peakMb: number; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pointlens-fuzz-case-'));
  const paths = c.files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.bytes);
    return p;
  });
  const reads = Array.from({ length: ALONE_READS }, () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', measure, ...paths], { encoding: 'utf8', timeout: 120_000 });
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { ms: number; peakMb: number };
  });
  const ms = reads.map((r) => r.ms).sort((a, b) => a - b)[ALONE_READS >> 1];
  return { ms, peakMb: Math.max(...reads.map((r) => r.peakMb)), dir };
}

const host = new ReaderHost();
// the reader thread starts (and loads every reader) before any memory is measured
await host.parse([{ name: 'start.xyz', bytes: new TextEncoder().encode('0 0 0\n') }], Number(values.timeout));
console.log(`seed ${seed}, ${runs} cases per format`);
const rows = [];
for (const format of FORMATS.filter((f) => !values.format || values.format.includes(f))) {
  resetPeak();
  const held = residentMb();
  const s = await fuzzFormat(host, format, { seed, runs, timeoutMs: Number(values.timeout) });
  const runPeakMb = Number((peakResidentMb() - held).toFixed(1));
  const slowest = s.slowest && measureAlone(s.slowest);
  const largest = s.largest && measureAlone(s.largest);
  const heaviest = s.heaviest && measureAlone(s.heaviest);
  const row = {
    format,
    cases: s.cases,
    read: s.read,
    refused: s.refused,
    worstMs: Number(s.worstMs.toFixed(1)),
    worstDecodedMb: Number((s.worstBytes / 2 ** 20).toFixed(2)),
    worstAllocatedMb: Number((s.worstAllocated / 2 ** 20).toFixed(2)),
    runPeakMb,
    slowestAlone: slowest,
    largestAlone: largest,
    heaviestAlone: heaviest,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
await host.close();
