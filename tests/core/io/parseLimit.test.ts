import { describe, expect, it } from 'vitest';
import { PARSE_BASE_SECONDS, parseGivenUpMessage, parseLimit } from '../../../src/core/io/parseLimit';

describe('parse limit', () => {
  it('grows with the file: a small file gets the base, a 100 MB one more than a minute and a half on top', () => {
    const small = parseLimit(1000, 0);
    const big = parseLimit(100 * 2 ** 20, 0);
    expect(small.chosen).toBe(false);
    expect(small.totalMs).toBeCloseTo(PARSE_BASE_SECONDS * 1000, -1);
    expect(big.totalMs - small.totalMs).toBeGreaterThan(99_000);
    // going quiet is taken for stuck sooner than the whole limit, but still later for a bigger file
    expect(big.quietMs).toBeLessThan(big.totalMs);
    expect(big.quietMs).toBeGreaterThan(small.quietMs);
  });

  it('takes a limit the person chose for both rules, whatever the size', () => {
    expect(parseLimit(100 * 2 ** 20, 2.5)).toEqual({ totalMs: 2500, quietMs: 2500, chosen: true });
  });

  it('says why in the words of someone who dropped the file, and where the limit is set', () => {
    const auto = parseGivenUpMessage('big.ply', 3 * 2 ** 20, parseLimit(3 * 2 ** 20, 0), 'quiet');
    expect(auto).toMatch(/^big\.ply made no progress for \d+ s, the limit for a file of 3\.0 MB, so reading it was stopped: the file may be corrupt/);
    expect(auto).toMatch(/a longer limit can be set under Info/);
    expect(auto).toMatch(/What was shown before stays\.$/);
    const chosen = parseGivenUpMessage('big.ply', 3 * 2 ** 20, parseLimit(3 * 2 ** 20, 0.5), 'total');
    expect(chosen).toBe('big.ply was still being read after 0.5 s, the limit set under Info ("Give up reading after"), so reading it was stopped. What was shown before stays.');
  });
});
