import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pruneBundles, STALE_MS } from '../../bin/bundleCache.mjs';

describe('the CLI bundle cache', () => {
  it("keeps this version's bundle and another's written recently, and lets an hour-old one go", () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-bundles-'));
    const [mine, recent, stale, other] = ['mine.mjs', 'recent.mjs', 'stale.mjs', 'notes.txt'].map((n) => join(folder, n));
    for (const f of [mine, recent, stale, other]) writeFileSync(f, '');
    const old = new Date(Date.now() - STALE_MS - 60_000);
    for (const f of [mine, stale, other]) utimesSync(f, old, old);
    pruneBundles(pathToFileURL(`${folder}/`), 'mine.mjs');
    expect([mine, recent, stale, other].map(existsSync)).toEqual([true, true, false, true]);
  });
});
