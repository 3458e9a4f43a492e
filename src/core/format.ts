// Number formatting shared by the panels.

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits) : v.toFixed(digits);
}

/** `n` of a thing, its word made plural where `n` is not 1: "1 block", "2 blocks", "12,000 points"; `many` for a word that takes no "s" ("vertices"). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

/** One value a file gives a point: large ones in fixed decimals, so that a GPS time of 390000000.1234 s reads as itself, not 3.9000e+8. */
export function formatReading(v: number, digits = 4): string {
  return Math.abs(v) >= 1e6 && Number.isFinite(v) ? formatCoordinates([v], digits) : formatNumber(v, digits);
}

/**
 * A position: fixed decimals at any size, so that a survey's 4123456.78 reads as itself, not
 * 4.12e+6; the same decimals for each coordinate, none where all are whole (an origin), and no
 * minus on a coordinate that rounds to zero.
 */
export function formatCoordinates(v: readonly number[], digits = 3): string {
  const whole = v.every((x) => Number.isInteger(x));
  return v.map((x) => (!Number.isFinite(x) ? String(x) : x.toFixed(whole ? 0 : digits).replace(/^-(0(\.0*)?)$/, '$1'))).join(', ');
}

/**
 * A number as a person types it into a field: a point or a comma as its decimal mark ("0.05",
 * "0,05", as much of Europe writes it), an exponent ("5e-2"); null for anything else, for a value
 * not typed in full ("", "-") and for one a comma puts in doubt ("1,000": a thousand, or one). A
 * browser's number field reads "0,05" as 5 under an English locale, which this is instead of.
 */
export function parseDecimal(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/.test(t) || /^[+-]?[1-9]\d{0,2},\d{3}$/.test(t)) return null;
  const v = Number(t.replace(',', '.'));
  return Number.isFinite(v) ? v : null;
}

export function formatVector(v: readonly number[], digits = 3): string {
  return v.map((x) => formatNumber(x, digits)).join(', ');
}

/** The shortest decimal that reads back as the same float32: a file's `0.1738` stays 0.1738, not 0.17380000650882721. */
export function shortestFloat32(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === v) return d;
  }
  return Number(v.toPrecision(9));
}
