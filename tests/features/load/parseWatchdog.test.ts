import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchParse } from '../../../src/features/load/parseWatchdog';

describe('parse watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('gives a quiet parse up once it has said nothing for the quiet time', () => {
    const w = watchParse({ totalMs: 10_000, quietMs: 1000, chosen: false });
    vi.advanceTimersByTime(999);
    expect(w.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.signal.aborted).toBe(true);
    expect(w.reason()).toBe('quiet');
  });

  it('lets a parse that keeps reporting run until its total limit, and then gives it up', () => {
    const w = watchParse({ totalMs: 3000, quietMs: 1000, chosen: false });
    for (let k = 0; k < 5; k++) {
      vi.advanceTimersByTime(500);
      w.progressed();
    }
    vi.advanceTimersByTime(499);
    expect(w.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.signal.aborted).toBe(true);
    expect(w.reason()).toBe('total');
  });

  it('fires no more once stopped', () => {
    const w = watchParse({ totalMs: 1000, quietMs: 1000, chosen: true });
    w.stop();
    vi.advanceTimersByTime(5000);
    expect(w.signal.aborted).toBe(false);
    expect(w.reason()).toBeUndefined();
  });
});
