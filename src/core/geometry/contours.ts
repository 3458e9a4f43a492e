// Contour lines of a height grid, as QGIS's "Contour" and CloudCompare's contour plot draw them:
// marching squares over the grid's cell centres at every multiple of an interval, the crossings of
// each level joined into polylines (rings where they close). A square with an empty corner is a gap
// no line crosses. Levels are multiples of the interval in the file's own heights (the origin's
// height added back), so that a survey's contours fall on round elevations. The work (levels ×
// squares) and the points the lines hold are bounded before and while they are made.
import { formatCount } from '../format';
import { roundStep } from '../ticks';
import { InputError } from '../types';
import type { HeightGrid } from './heightGrid';
import { axisIndex, axisSign } from './signedAxis';

/** The interval by default cuts the height range into at most this many parts: a round step giving about 8 to 20 levels. */
export const DEFAULT_LEVELS = 20;
/** The most levels drawn: more are lines too close to tell apart. */
export const MAX_LEVELS = 1000;
/** The most squares read over all levels (levels × squares): about 2 s. */
export const MAX_CONTOUR_WORK = 200_000_000;
/** The most points the lines hold (24 bytes each): a noisy grid cut finely crosses nearly every square at every level. */
export const MAX_CONTOUR_POINTS = 5_000_000;

export interface ContourLine {
  /** the height it follows, in the file's own heights (the origin's added) */
  level: number;
  /** x, y, z of each point in the grid's positions' frame (the origin not added): the line lies at its level along up */
  points: Float64Array;
  /** a ring: its last point joins its first (which is not repeated) */
  closed: boolean;
}

export interface Contours {
  interval: number;
  /** every level cut, low to high, whether or not a line was found at it */
  levels: number[];
  lines: ContourLine[];
}

export interface ContourOptions {
  /** undefined: the default interval (defaultInterval) */
  interval?: number;
  /** the origin's height along up (io/shift's heightOfOrigin), 0 where the file kept none */
  lift?: number;
  /** the length unit's symbol a refusal names, none for the file's own */
  unit?: string;
  signal?: AbortSignal;
}

/** The lowest and highest heights of the grid's cells with a height; NaN for both where none has. */
export function heightRange(grid: HeightGrid): { low: number; high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (const h of grid.heights) {
    if (h < low) low = h;
    if (h > high) high = h;
  }
  return low <= high ? { low, high } : { low: NaN, high: NaN };
}

/** The interval by default: the round step (1, 2 or 5 times a power of ten) cutting `high - low` into at most DEFAULT_LEVELS parts. */
export const defaultInterval = (low: number, high: number) => roundStep(high - low, DEFAULT_LEVELS);

/** The multiples of `interval` from `low` to `high`, both included, read from integers so that none shows as 0.30000000000000004. */
export function contourLevels(low: number, high: number, interval: number): number[] {
  const out: number[] = [];
  if (!(low <= high)) return out;
  for (let k = Math.ceil(low / interval - 1e-9); k * interval <= high + interval * 1e-9; k++) out.push(Number((k * interval).toPrecision(12)));
  return out;
}

/** The next round step above `step`: 1 → 2 → 5 → 10. */
function nextRound(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const mantissa = Math.round(step / power);
  return (mantissa < 2 ? 2 : mantissa < 5 ? 5 : 10) * power;
}

/**
 * Refuses an interval that is no length; heights with no line to draw: a flat grid, or an interval
 * putting no level between `low` and `high` (a written file or a drawing would hold nothing, unsaid);
 * and an interval cutting them into more levels than a grid of `squares` squares can take. Names an
 * interval that fits.
 */
export function checkInterval(interval: number, low: number, high: number, squares: number, unit = ''): void {
  if (!(Number.isFinite(interval) && interval > 0)) throw new InputError(`The contour interval must be a length above 0, not ${interval}.`);
  const u = unit ? ` ${unit}` : '';
  const length = (v: number) => String(Number(v.toPrecision(4)));
  if (low === high) throw new InputError(`The grid's heights are all ${length(low)}${u}: a flat grid has no contour lines.`);
  const count = contourLevelCount(low, high, interval);
  // any interval up to the span puts a level within it; the default one is such
  if (low < high && count === 0)
    throw new InputError(
      `An interval of ${length(interval)}${u} puts no contour level between the heights from ${length(low)} to ${length(high)}${u}: ` +
        `take one no larger than the ${length(high - low)}${u} they span, such as ${length(defaultInterval(low, high))}${u}.`,
    );
  const most = Math.max(1, Math.min(MAX_LEVELS, Math.floor(MAX_CONTOUR_WORK / Math.max(1, squares))));
  if (count <= most) return;
  let fits = roundStep(high - low, most);
  while (contourLevelCount(low, high, fits) > most) fits = nextRound(fits);
  throw new InputError(
    `An interval of ${length(interval)}${u} cuts the heights from ${length(low)} to ${length(high)}${u} into ${formatCount(count)} levels, ` +
      `more than the ${formatCount(most)} contours${most < MAX_LEVELS ? ` of a grid of ${formatCount(squares)} squares` : ''} may hold: take an interval of ${length(fits)}${u} or more.`,
  );
}

/** How many levels contourLevels gives, counted without listing them. */
const contourLevelCount = (low: number, high: number, interval: number) => (low <= high ? Math.max(0, Math.floor(high / interval + 1e-9) - Math.ceil(low / interval - 1e-9) + 1) : 0);

// The square's corners as bits (bottom-left 1, bottom-right 2, top-right 4, top-left 8; a corner at or
// above the level is set) to the edges its lines join: 0 bottom, 1 right, 2 top, 3 left. The saddles
// (5, 10) are read by the square's mean: SADDLE_HIGH where it is at or above the level.
const SEGMENTS: readonly (readonly number[])[] = [[], [3, 0], [0, 1], [3, 1], [1, 2], [], [0, 2], [3, 2], [2, 3], [0, 2], [], [1, 2], [3, 1], [0, 1], [3, 0], []];
const SADDLE_HIGH: Record<number, readonly number[]> = { 5: [0, 1, 3, 2], 10: [3, 0, 1, 2] };
const SADDLE_LOW: Record<number, readonly number[]> = { 5: [3, 0, 1, 2], 10: [0, 1, 3, 2] };

/** The contour lines of `grid` at every multiple of the interval over its heights. */
export function contourLines(grid: HeightGrid, options: ContourOptions = {}): Contours {
  const lift = options.lift ?? 0;
  const { columns, rows, heights, cell, corner } = grid;
  const range = heightRange(grid);
  const [low, high] = [range.low + lift, range.high + lift];
  const interval = options.interval ?? defaultInterval(low, high);
  const squares = Math.max(0, columns - 1) * Math.max(0, rows - 1);
  checkInterval(interval, low, high, squares, options.unit);
  const levels = contourLevels(low, high, interval);
  const [a0, a1] = grid.across;
  const u = axisIndex(grid.up);
  const sign = axisSign(grid.up);
  const lines: ContourLine[] = [];
  let held = 0;
  // edge e of square (r, c) as the key of the grid edge it is: 2 × node + 0 along a row, + 1 along a column
  const edgeKey = (r: number, c: number, e: number) => (e === 0 ? 2 * (r * columns + c) : e === 1 ? 2 * (r * columns + c + 1) + 1 : e === 2 ? 2 * ((r + 1) * columns + c) : 2 * (r * columns + c) + 1);
  for (const level of levels) {
    if (options.signal?.aborted) throw new DOMException('contours cancelled', 'AbortError');
    const h = level - lift;
    // the segments, as pairs of the keys of the edges (or nodes) they join
    const ends: number[] = [];
    const alongEdges = new Set<number>();
    // a crossing on a node (the level equal to its height) is keyed by the node, -(node + 1), so that the squares meeting there join
    const onNode = (key: number) => {
      const from = key >> 1;
      const to = from + (key & 1 ? columns : 1);
      return heights[from] === h ? -(from + 1) : heights[to] === h ? -(to + 1) : key;
    };
    /** Where the level crosses the edge (or node) `key`, along `across`. */
    const at = (key: number): [number, number] => {
      if (key < 0) {
        const node = -key - 1;
        return [corner[0] + ((node % columns) + 0.5) * cell, corner[1] + (Math.floor(node / columns) + 0.5) * cell];
      }
      const node = key >> 1;
      const [dr, dc] = key & 1 ? [1, 0] : [0, 1];
      const from = heights[node];
      const t = (h - from) / (heights[node + dr * columns + dc] - from);
      return [corner[0] + ((node % columns) + 0.5 + dc * t) * cell, corner[1] + (Math.floor(node / columns) + 0.5 + dr * t) * cell];
    };
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c + 1 < columns; c++) {
        const k = r * columns + c;
        const bl = heights[k];
        const br = heights[k + 1];
        const tr = heights[k + columns + 1];
        const tl = heights[k + columns];
        const bits = (bl >= h ? 1 : 0) | (br >= h ? 2 : 0) | (tr >= h ? 4 : 0) | (tl >= h ? 8 : 0);
        // an empty corner (NaN, neither above nor below) is a gap: no line crosses its square
        if (bits === 0 || bits === 15 || !(bl === bl && br === br && tr === tr && tl === tl)) continue;
        const edges = bits === 5 || bits === 10 ? ((bl + br + tr + tl) / 4 >= h ? SADDLE_HIGH : SADDLE_LOW)[bits] : SEGMENTS[bits];
        for (let s = 0; s < edges.length; s += 2) {
          const [e0, e1] = [onNode(edgeKey(r, c, edges[s])), onNode(edgeKey(r, c, edges[s + 1]))];
          // a level through a corner alone (a peak's height) makes a segment of no length, which joins nothing
          if (e0 === e1) continue;
          // a level along a grid edge (a ridge at its height) is that edge for the squares on both sides: taken once
          if (e0 < 0 && e1 < 0) {
            const pair = Math.min(-e0, -e1) * 2 ** 25 + Math.max(-e0, -e1);
            if (alongEdges.has(pair)) continue;
            alongEdges.add(pair);
          }
          ends.push(e0, e1);
        }
        if (held + ends.length > 2 * MAX_CONTOUR_POINTS)
          throw new InputError(`The contours would hold more than ${formatCount(MAX_CONTOUR_POINTS)} points (a rough surface cut finely): take a wider interval or a larger cell.`);
      }
    }
    held += ends.length;
    for (const keys of joinSegments(ends)) {
      const closed = keys.length > 2 && keys[0] === keys[keys.length - 1];
      const path = closed ? keys.slice(0, -1) : keys;
      const points = new Float64Array(3 * path.length);
      path.forEach((key, i) => {
        const [x, y] = at(key);
        points[3 * i + a0] = x;
        points[3 * i + a1] = y;
        points[3 * i + u] = sign * h;
      });
      lines.push({ level, points, closed });
    }
  }
  return { interval, levels, lines };
}

/**
 * Segments (pairs of edge keys, flat) joined where they share an edge into the paths of edge keys
 * they make: a ring repeats its first key last. An edge is shared by the two squares beside it, a node
 * the level passes through by the four round it.
 */
function joinSegments(ends: number[]): number[][] {
  // the ends at each key, chained through `next` from a slot of an open-addressed table (a Map of lists is several times slower)
  let bits = 1;
  while (1 << bits < 2 * ends.length) bits++;
  const size = 1 << bits;
  const slotKey = new Int32Array(size);
  const head = new Int32Array(size).fill(-1);
  const next = new Int32Array(ends.length);
  const slotOf = (key: number) => {
    // Fibonacci hashing: the product's high bits, which every bit of the key stirs
    let slot = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
    while (head[slot] !== -1 && slotKey[slot] !== key) slot = (slot + 1) & (size - 1);
    return slot;
  };
  for (let i = 0; i < ends.length; i++) {
    const slot = slotOf(ends[i]);
    slotKey[slot] = ends[i];
    next[i] = head[slot];
    head[slot] = i;
  }
  const used = new Uint8Array(ends.length / 2);
  /** An end at `key` whose segment is not yet in a path, or -1. */
  const unusedAt = (key: number) => {
    for (let j = head[slotOf(key)]; j !== -1; j = next[j]) if (!used[j >> 1]) return j;
    return -1;
  };
  /** From end i of a segment, along the segments that follow, the keys met (the start's not included); stops at a used segment. */
  const walk = (i: number): number[] => {
    const keys: number[] = [];
    for (let end = i; ; ) {
      used[end >> 1] = 1;
      const other = end ^ 1;
      keys.push(ends[other]);
      const following = unusedAt(ends[other]);
      if (following < 0) return keys;
      end = following;
    }
  };
  const paths: number[][] = [];
  for (let s = 0; s < used.length; s++) {
    if (used[s]) continue;
    const forward = walk(2 * s);
    const start = ends[2 * s];
    // a ring walked round comes back to its start; else the path goes on backwards from it too
    if (forward[forward.length - 1] === start) {
      paths.push([start, ...forward]);
      continue;
    }
    const back = unusedAt(start);
    const before = back < 0 ? [] : walk(back).reverse();
    paths.push([...before, start, ...forward]);
  }
  return paths;
}
