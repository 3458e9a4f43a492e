// Watches one parse: its signal aborts when the parse runs past its limit or goes quiet for too
// long (core/io/parseLimit), and it remembers which, so that the caller can say why.
import type { ParseLimit } from '../../core/io/parseLimit';

export interface ParseWatchdog {
  /** aborted when the parse is given up */
  signal: AbortSignal;
  /** a progress report came: the reader is still moving */
  progressed(): void;
  /** which rule gave the parse up, once one has */
  reason(): 'total' | 'quiet' | undefined;
  /** the parse ended: no rule fires any more */
  stop(): void;
}

export function watchParse(limit: ParseLimit): ParseWatchdog {
  const abort = new AbortController();
  let reason: 'total' | 'quiet' | undefined;
  const giveUp = (why: 'total' | 'quiet') => () => {
    reason = why;
    clearTimeout(total);
    clearTimeout(quiet);
    abort.abort();
  };
  const total = setTimeout(giveUp('total'), limit.totalMs);
  let quiet = setTimeout(giveUp('quiet'), limit.quietMs);
  return {
    signal: abort.signal,
    progressed() {
      if (reason) return;
      clearTimeout(quiet);
      quiet = setTimeout(giveUp('quiet'), limit.quietMs);
    },
    reason: () => reason,
    stop() {
      clearTimeout(total);
      clearTimeout(quiet);
    },
  };
}
