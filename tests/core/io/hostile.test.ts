import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ReaderHost } from '../../fuzz/readerHost';
import { CONTROL } from '../../fuzz/checkGeometry';

// tests/fixtures/hostile/: files that once hung a reader, were read as garbage without a word, or
// got an internal message; expected.json says what each must give now (make.py wrote them).
const DIR = new URL('../../fixtures/hostile/', import.meta.url);
type Expected = { refused: string } | { points: number; faces: number; warning?: string; min?: number[] };
const expected: Record<string, Expected> = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8'));

// a hang detector, not a speed test: each of these reads in milliseconds
const RUNAWAY_MS = 20_000;

describe('hostile files', () => {
  const host = new ReaderHost();
  afterAll(() => host.close());

  it('lists every file of the corpus', () => {
    const files = readdirSync(DIR).filter((f) => !['expected.json', 'make.py', 'README.md'].includes(f));
    expect(Object.keys(expected).sort()).toEqual(files.sort());
  });

  it('reads a PLY whose header is over 1 MB of comments', async () => {
    const comments = '# scanner metadata\n'.replace('#', 'comment').repeat(60_000);
    const text = `ply\nformat ascii 1.0\n${comments}element vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\n1 2 3\n`;
    expect(text.length).toBeGreaterThan(2 ** 20);
    const got = await host.parse([{ name: 'long.ply', bytes: new TextEncoder().encode(text) }], RUNAWAY_MS);
    expect(got).toMatchObject({ ok: true, points: 2, violations: [] });
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: ${'refused' in want ? 'refused with a clear message' : `read as ${want.points} points and ${want.faces} faces`}`, async () => {
      const bytes = new Uint8Array(readFileSync(new URL(name, DIR)));
      const got = await host.parse([{ name, bytes }], RUNAWAY_MS);
      if ('refused' in want) {
        expect(got).toMatchObject({ ok: false, inputError: true });
        const message = (got as { message: string }).message;
        expect(message).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')} ${want.refused}`));
        expect(message).not.toMatch(CONTROL);
      } else {
        expect(got).toMatchObject({ ok: true, points: want.points, faces: want.faces, violations: [] });
        if (!got.ok || !('warnings' in got)) return;
        if (want.warning) expect(got.warnings.join('\n')).toContain(want.warning);
        else expect(got.warnings).toEqual([]);
        if (want.min) got.min.forEach((v, a) => expect(v).toBeCloseTo(want.min![a], 3));
      }
    });
  }
});
