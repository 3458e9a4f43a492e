import { describe, expect, it } from 'vitest';
import { decompressLzf } from '../../../src/core/io/lzf';
import { utf8 } from './helpers';

describe('decompressLzf', () => {
  it('expands literal runs and back-references (liblzf format)', () => {
    // literal "abc" (ctrl 2), then copy 3 bytes from 3 back (ctrl 0b001_00000, offset byte 2), then a long
    // copy of 7 + 4 + 2 = 13 bytes from 1 back (ctrl 0b111_00000, extra length 4, offset byte 0)
    const out = decompressLzf(Uint8Array.from([2, 97, 98, 99, 0x20, 2, 0xe0, 4, 0]), 19);
    expect(new TextDecoder().decode(out)).toBe('abcabc' + 'c'.repeat(13));
  });

  it('refuses references before the start and output of the wrong size', () => {
    expect(() => decompressLzf(Uint8Array.from([0, 97, 0x20, 5]), 4)).toThrow(/corrupt/);
    expect(() => decompressLzf(Uint8Array.from([2, ...utf8('abc')]), 4)).toThrow(/corrupt/);
  });
});
