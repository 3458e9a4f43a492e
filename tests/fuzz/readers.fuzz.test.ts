import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS, fuzzFormat } from './fuzzReaders';
import { ReaderHost } from './readerHost';

// A fixed seed keeps CI repeatable; `npm run fuzz` runs many more cases from a fresh seed.
const SEED = 20261201;
const RUNS = 120;
// a hang detector, not a speed test: a case reads in milliseconds
const RUNAWAY_MS = 20_000;

describe('readers under mutated real files', () => {
  const host = new ReaderHost();
  afterAll(() => host.close());
  for (const format of FORMATS) {
    it(`${format}: every case reads sound geometry or is refused with an input error, in time`, async () => {
      const stats = await fuzzFormat(host, format, { seed: SEED, runs: RUNS, timeoutMs: RUNAWAY_MS });
      expect(stats.cases).toBe(RUNS);
    }, 300_000);
  }
});
