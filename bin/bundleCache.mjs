// The CLI's bundles of other versions, let go. Checkouts that share node_modules share this cache,
// and another version's bundle may have been written a moment ago for a run about to import it:
// only one an hour old goes.
import { readdirSync, rmSync, statSync } from 'node:fs';

export const STALE_MS = 60 * 60 * 1000;

/** Removes the bundles in folder `cache` (a URL) other than `keep` that are older than STALE_MS at `now`. */
export function pruneBundles(cache, keep, now = Date.now()) {
  for (const name of readdirSync(cache)) {
    if (!name.endsWith('.mjs') || name === keep) continue;
    const at = new URL(name, cache);
    const written = statSync(at, { throwIfNoEntry: false })?.mtimeMs;
    if (written !== undefined && now - written > STALE_MS) rmSync(at, { force: true });
  }
}
