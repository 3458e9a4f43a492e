import { describe, expect, it } from 'vitest';
import { decodeText, textBody } from '../../../src/core/io/text';
import { READ_BUDGET_BYTES, checkBudget } from '../../../src/core/io/limits';
import { InputError, printable } from '../../../src/core/types';
import { utf8 } from './helpers';

const ascii = (b: Uint8Array) => String.fromCharCode(...b);

describe('text bodies', () => {
  it('drops a BOM and turns lone CRs into LFs, leaving CRLF alone', () => {
    expect(ascii(textBody(utf8('\ufeff1 2 3\r4 5 6\r'), 'test'))).toBe('1 2 3\n4 5 6\n');
    const crlf = utf8('1 2 3\r\n4 5 6\r\n');
    expect(textBody(crlf, 'test')).toBe(crlf);
  });

  it('refuses binary data, and decodes Latin-1 where the bytes are not UTF-8', () => {
    expect(() => textBody(Uint8Array.from([0x31, 0x00, 0x32]), 'OFF')).toThrow(/is not a text OFF file: it contains binary data/);
    expect(decodeText(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toBe('café');
    expect(decodeText(utf8('café'))).toBe('café');
  });
});

describe('input errors', () => {
  it('write control characters as visible escapes', () => {
    expect(printable('a\x1b]0;pwned\x07\x1b[2J\u202eb\u0085')).toBe('a\\x1b]0;pwned\\x07\\x1b[2J\\u202eb\\x85');
    expect(new InputError('line "\x1b[2J"').message).toBe('line "\\x1b[2J"');
  });

  it('say when a declared size would not fit the read budget', () => {
    expect(() => checkBudget(READ_BUDGET_BYTES / 16, 16, 'points')).not.toThrow();
    expect(() => checkBudget(100_000_000, 12, 'points')).toThrow(/would take 1\.1 GB once read, more than the 1\.0 GB pointlens reads/);
    expect(() => checkBudget(READ_BUDGET_BYTES / 16 + 1, 16, 'points')).toThrow(
      /is too large: 67108865 points would take 1,073,741,840 bytes once read, more than the 1,073,741,824 bytes pointlens reads from one file \(its read budget\)/,
    );
  });
});
