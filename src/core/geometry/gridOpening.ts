// Morphological openings of a height grid with square windows of growing radius, as the
// progressive filters of ground finding (Zhang et al. 2003, Pingel et al. 2013) run them: an
// opening (the lowest height within the window, then the highest of those) takes away what stands
// up narrower than the window (a roof, a crown) and keeps what is wider (the ground, a hill). Each
// window is the last one grown by a cell all round, so each radius costs a few passes over the grid
// whatever its size: the erosion grows by a 3-cell minimum, the dilation is van Herk and
// Gil-Werman's running maximum.
//
// The grid is continued past its edges by point reflection (a cell d past the edge takes twice the
// edge's height less the height d inside it), so that a slope running off the grid stays a slope:
// an opening leaves a plane as it is, where cut windows would lower its uphill edge by the window's
// rise and take it for an object.

/** Cells the grid is continued past each edge for openings up to radius `radius`: the dilation reads eroded cells `radius` out, which read as far again. */
export const marginFor = (radius: number) => 2 * radius;

export interface OpeningSteps {
  columns: number;
  rows: number;
  /** the largest radius, in cells */
  radius: number;
  /** called after the opening of each radius with the grid's cells as that opening leaves them (row r, column c at r * columns + c) */
  step: (radius: number, opened: Float32Array) => void;
  /** polled between radii; an aborted run throws */
  signal?: AbortSignal;
}

/** Opens `heights` (no NaN) with square windows of radius 1 to `radius` cells, handing each result to `step`. */
export function openProgressively(heights: Float64Array, { columns, rows, radius, step, signal }: OpeningSteps): void {
  const margin = marginFor(radius);
  const width = columns + 2 * margin;
  const height = rows + 2 * margin;
  const eroded = reflected(heights, columns, rows, margin);
  const scratch = new Float32Array(eroded.length);
  const opened = new Float32Array(eroded.length);
  const inside = new Float32Array(columns * rows);
  const line = new Float32Array(Math.max(width, height));
  const prefix = new Float32Array(Math.max(width, height));
  const suffix = new Float32Array(Math.max(width, height));
  for (let r = 1; r <= radius; r++) {
    if (signal?.aborted) throw new DOMException('ground search cancelled', 'AbortError');
    // a window of radius r is the last one grown by one cell all round
    runningExtreme(eroded, scratch, width, height, 1, false, line, prefix, suffix);
    runningExtreme(scratch, eroded, width, height, 1, false, line, prefix, suffix, true);
    runningExtreme(eroded, scratch, width, height, r, true, line, prefix, suffix);
    runningExtreme(scratch, opened, width, height, r, true, line, prefix, suffix, true);
    for (let y = 0; y < rows; y++) inside.set(opened.subarray((y + margin) * width + margin, (y + margin) * width + margin + columns), y * columns);
    step(r, inside);
  }
}

/** The grid with `margin` cells added past each edge, continued by point reflection about the edge cells. */
function reflected(heights: Float64Array, columns: number, rows: number, margin: number): Float32Array {
  const width = columns + 2 * margin;
  const out = new Float32Array(width * (rows + 2 * margin));
  const row = new Float64Array(columns);
  const padded = new Float64Array(width);
  for (let y = 0; y < rows; y++) {
    for (let c = 0; c < columns; c++) row[c] = heights[y * columns + c];
    extend(row, padded, margin);
    out.set(padded, (y + margin) * width);
  }
  const column = new Float64Array(rows);
  const paddedColumn = new Float64Array(rows + 2 * margin);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < rows; y++) column[y] = out[(y + margin) * width + x];
    extend(column, paddedColumn, margin);
    for (let y = 0; y < paddedColumn.length; y++) out[y * width + x] = paddedColumn[y];
  }
  return out;
}

/**
 * `values` with `margin` more at each end, each the end's value reflected through it; past the
 * line's own length, along the line through its two ends.
 */
function extend(values: Float64Array, out: Float64Array, margin: number): void {
  const n = values.length;
  out.set(values, margin);
  const last = n - 1;
  const beyond = (end: number, other: number, d: number) => (d <= last ? 2 * values[end] - values[end === 0 ? d : last - d] : values[end] - (d / last) * (values[other] - values[end]));
  for (let d = 1; d <= margin; d++) {
    out[margin - d] = last ? beyond(0, last, d) : values[0];
    out[margin + last + d] = last ? beyond(last, 0, d) : values[0];
  }
}

/**
 * The lowest (or highest, `highest`) of each cell's `reach` neighbours either side along rows (or
 * columns, with `down`), ends cut short: van Herk and Gil-Werman's blocks of 2·reach+1, each
 * cell's window the suffix of one block and the prefix of the next. The lowest is the highest of
 * the heights turned over, so one loop without calls serves both.
 */
function runningExtreme(
  from: Float32Array,
  to: Float32Array,
  width: number,
  height: number,
  reach: number,
  highest: boolean,
  line: Float32Array,
  prefix: Float32Array,
  suffix: Float32Array,
  down = false,
): void {
  const [count, length, stride, step] = down ? [width, height, 1, width] : [height, width, width, 1];
  const block = 2 * reach + 1;
  const sign = highest ? 1 : -1;
  for (let l = 0; l < count; l++) {
    const base = l * stride;
    for (let i = 0; i < length; i++) line[i] = sign * from[base + i * step];
    for (let start = 0; start < length; start += block) {
      const end = Math.min(length, start + block);
      prefix[start] = line[start];
      for (let i = start + 1; i < end; i++) prefix[i] = line[i] > prefix[i - 1] ? line[i] : prefix[i - 1];
      suffix[end - 1] = line[end - 1];
      for (let i = end - 2; i >= start; i--) suffix[i] = line[i] > suffix[i + 1] ? line[i] : suffix[i + 1];
    }
    for (let i = 0; i < length; i++) {
      const lo = i > reach ? i - reach : 0;
      const hi = i + reach < length ? i + reach : length - 1;
      // lo's block runs to its end, where hi's begins; a window within one block starts it (cut by the line's start, or aligned) or ends it (cut by the line's end)
      let v: number;
      if (Math.floor(lo / block) !== Math.floor(hi / block)) v = suffix[lo] > prefix[hi] ? suffix[lo] : prefix[hi];
      else v = lo % block === 0 ? prefix[hi] : suffix[lo];
      to[base + i * step] = sign * v;
    }
  }
}
