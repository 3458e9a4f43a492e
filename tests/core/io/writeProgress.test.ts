// The writers say how far they are while a large file is made (the Export panel's progress bar),
// a block of points (a chunk, for LAZ) at a time, without changing a byte of what they write.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_BLOCK, writePly } from '../../../src/core/io/writePly';
import { writeLas } from '../../../src/core/io/writeLas';
import { CHUNK_POINTS, writeLaz } from '../../../src/core/io/writeLaz';
import type { PointCloud } from '../../../src/core/types';

const N = 2 * PROGRESS_BLOCK + 100;

/** A wavy strip of N coloured points with a label and a float field. */
function strip(): PointCloud {
  const positions = Float32Array.from({ length: 3 * N }, (_, k) => (k % 3 === 2 ? Math.sin(k / 300) : ((k * 0.37) % 50) + (k % 3)));
  return {
    kind: 'points',
    positions,
    colors: Uint8Array.from({ length: 3 * N }, (_, k) => (k * 13) % 256),
    fields: { label: Int32Array.from({ length: N }, (_, i) => i % 5), height: Float32Array.from({ length: N }, (_, i) => i / N) },
  };
}

function heard(): { fractions: number[]; onProgress: (f: number) => void } {
  const fractions: number[] = [];
  return { fractions, onProgress: (f) => fractions.push(f) };
}

/** Byte for byte (a deep equal of 10 MB of bytes is slow). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

const rising = (fractions: number[]) => fractions.every((f, k) => f >= 0 && f < 1 && (k === 0 || f > fractions[k - 1]));

// the LAS header holds the day it was written
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-04T12:00:00Z') }));
afterEach(() => vi.useRealTimers());

describe('write progress', () => {
  it('PLY: reports rising fractions a block of points at a time, and writes the same bytes as without', () => {
    const { fractions, onProgress } = heard();
    const bytes = writePly(strip(), {}, { up: '+z' }, onProgress);
    expect(fractions).toEqual([0, PROGRESS_BLOCK / N, (2 * PROGRESS_BLOCK) / N]);
    expect(same(bytes, writePly(strip(), {}, { up: '+z' }))).toBe(true);
  });

  it('LAS: reports rising fractions a block of points at a time, and writes the same bytes as without', () => {
    const { fractions, onProgress } = heard();
    const written = writeLas(strip(), {}, { unit: 'm' }, onProgress);
    expect(fractions).toEqual([0, PROGRESS_BLOCK / N, (2 * PROGRESS_BLOCK) / N]);
    const plain = writeLas(strip(), {}, { unit: 'm' });
    expect(same(written.bytes, plain.bytes)).toBe(true);
    expect(written.notes).toEqual(plain.notes);
  });

  it('LAZ: reports its LAS, then each chunk compressed, rising, and writes the same bytes as without', () => {
    const { fractions, onProgress } = heard();
    const written = writeLaz(strip(), {}, { unit: 'm' }, onProgress);
    expect(rising(fractions)).toBe(true);
    // three blocks of the LAS, then one report a chunk
    expect(fractions).toHaveLength(3 + Math.ceil(N / CHUNK_POINTS));
    const plain = writeLaz(strip(), {}, { unit: 'm' });
    expect(same(written.bytes, plain.bytes)).toBe(true);
    expect(written.notes).toEqual(plain.notes);
  });
});
