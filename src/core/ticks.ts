// Where a plot's axis gets its gridlines: at round numbers (1, 2 or 5 times a power of ten).

/** The round step that cuts `span` into about `count` parts. */
export function roundStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5].find((m) => m * power >= raw) ?? 10) * power;
}

/** The multiples of a round step from `low` to `high` (both included where they fall on one), at most about `count` of them. */
export function roundTicks(low: number, high: number, count: number): number[] {
  if (!(high > low)) return Number.isFinite(low) ? [low] : [];
  const step = roundStep(high - low, count);
  const out: number[] = [];
  // a step's multiples, read from integers so that 0.1 + 0.2 never shows as 0.30000000000000004
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  for (let k = Math.ceil(low / step); k * step <= high + step * 1e-9; k++) out.push(Number((k * step).toFixed(decimals)));
  return out;
}
