// How numbers read in the panels: positions and a point's values as themselves at any size.
import { describe, expect, it } from 'vitest';
import { formatCoordinates, formatReading, parseDecimal } from '../../src/core/format';

describe('numbers as the panels show them', () => {
  it('gives every coordinate of a position the same decimals, none where all are whole, and no minus on a zero', () => {
    // a survey tile's corner, one coordinate of it a whole number
    expect(formatCoordinates([500_000, 4_000_000.004, 80], 2)).toBe('500000.00, 4000000.00, 80.00');
    expect(formatCoordinates([-0.001, -0, 0.5], 2)).toBe('0.00, 0.00, 0.50');
    // an origin, whole by construction
    expect(formatCoordinates([512_345, 4_123_455, 119])).toBe('512345, 4123455, 119');
    expect(formatCoordinates([-0, 0, 1])).toBe('0, 0, 1');
    expect(formatCoordinates([-1.25, Number.NaN, 3], 1)).toBe('-1.3, NaN, 3.0');
  });

  it("reads a point's large values in fixed decimals, and others as before", () => {
    expect(formatReading(390_000_000.1234)).toBe('390000000.1234');
    expect(formatReading(12)).toBe('12');
    expect(formatReading(0.5)).toBe('0.5000');
    expect(formatReading(2.5e-7)).toBe('2.5000e-7');
  });

  it('reads a typed number with a point or a comma as its decimal mark, and nothing else', () => {
    expect(parseDecimal('0.05')).toBe(0.05);
    expect(parseDecimal(' 0,05 ')).toBe(0.05);
    expect(parseDecimal('-1,5')).toBe(-1.5);
    expect(parseDecimal(',5')).toBe(0.5);
    expect(parseDecimal('5e-2')).toBe(0.05);
    expect(parseDecimal('12')).toBe(12);
    expect(parseDecimal('0,050')).toBe(0.05);
    // a thousands separator, or a decimal comma: in doubt
    for (const t of ['1,000', '12,345', '1,234,567', '1.234,5', '', '-', '.', 'abc', '1e400', '0.5m']) expect(parseDecimal(t)).toBeNull();
  });
});
