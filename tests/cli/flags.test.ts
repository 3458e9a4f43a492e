import { describe, expect, it } from 'vitest';
import { decimalValue } from '../../src/cli/flags';

describe('decimalValue', () => {
  it('reads decimal numbers as written', () => {
    for (const [text, value] of [['16', 16], ['-2', -2], ['+0.5', 0.5], ['.25', 0.25], ['3.', 3], ['1e-3', 0.001], ['2E2', 200]] as const) expect(decimalValue(text)).toBe(value);
  });

  it('gives NaN for what Number() would take but a person did not write as a decimal number', () => {
    for (const text of ['0x10', '0b11', '0o7', '', ' ', ' 2 ', '1_000', 'Infinity', '1,5', '1e', '.', '--1']) expect(decimalValue(text)).toBeNaN();
    for (const v of [true, undefined, 3]) expect(decimalValue(v)).toBeNaN();
  });
});
