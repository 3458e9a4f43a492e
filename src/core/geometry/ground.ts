// Ground points split from what stands on them (buildings, trees, cars), as PDAL's filters.smrf and
// LAStools' lasground do for aerial and terrestrial LiDAR: Pingel, Clarke and McBride's Simple
// Morphological Filter (SMRF, 2013), about the layer's up axis.
//
// 1. The lowest point of each cell of a horizontal grid (core/geometry/heightGrid), its holes filled
//    from the cells around them, and cells past the ground covered from the nearest ones.
// 2. Openings with square windows of radius 1 cell up to the maximum window (core/geometry/gridOpening):
//    a cell the opening of radius r lowers by more than slope × r cells' rise (what the ground's own
//    slope would lower it by) stands up from the ground: an object.
// 3. The ground surface: the lowest heights less the objects' cells, filled again from the ground around.
// 4. A point is ground where it lies within the elevation threshold of that surface, read between
//    the cells' centres, plus the scalar times the surface's slope there (a steep cell's points
//    spread further about it).
//
// 0. Low noise first (core/geometry/lowNoise, as PDAL runs filters.elm before filters.smrf): a point
//    more than GROUND_NOISE_DEPTH_M below the ground around it, in cells GROUND_NOISE_CELLS times the
//    search's, with a gap in height as deep between it and its own cell's ground, is ASPRS class 7
//    and left out of the search, which it would pull down into a crater.
//
// Every length is in the layer's unit, its defaults in metres turned into it, so that a file in feet
// is read as the same file in metres. Pingel's defaults, which PDAL keeps: a 1 m cell, an 18 m
// window (the radius of the largest: a building up to about 36 m across is taken away), slope 0.15,
// threshold 0.5 m, scalar 1.25 m. A cloud whose footprint is under GROUND_SMALL_CELLS cells of 1 m
// across (a yard, a model) takes a finer cell, a round number near a GROUND_SMALL_CELLS-th of its
// narrower side, but no finer than twice the points' spacing over that footprint, so that most cells
// hold a point.
import { formatCount } from '../format';
import { ASPRS_TABLE } from '../io/lasClasses';
import { roundStep } from '../ticks';
import { InputError, type LengthUnit, type NamedClass } from '../types';
import { METRES_PER } from '../units';
import { fillHoles } from './gridHoles';
import { marginFor, openProgressively } from './gridOpening';
import { checkCell, footprint, gridShape, heightGrid, smallestCell, withinFootprint } from './heightGrid';
import { findLowNoise } from './lowNoise';
import { axisIndex, axisSign, type SignedAxis } from './signedAxis';

/** The per-point field the split is kept in, a label field with the ASPRS classes' ids, so that a LAS written with its classes from it holds them. */
export const GROUND_FIELD = 'ground';
/** ASPRS class 2, ground. */
export const GROUND = 2;
/** ASPRS class 1, unclassified: what stands on the ground. */
export const NOT_GROUND = 1;
/** ASPRS class 0, never classified: a point the clip or the hidden stray points left out. */
export const NOT_SEARCHED = 0;
/** ASPRS class 7, low point (noise): a point far below the ground around it, left out of the search. */
export const LOW_NOISE = 7;

/** Pingel's defaults, in metres (slope a rise over a run). */
export const GROUND_CELL_M = 1;
export const GROUND_WINDOW_M = 18;
export const GROUND_SLOPE = 0.15;
export const GROUND_THRESHOLD_M = 0.5;
export const GROUND_SCALAR_M = 1.25;
/** How far below the ground around it a point lies to be low noise, in metres: deeper than most pools, far shallower than multipath's strays. */
export const GROUND_NOISE_DEPTH_M = 5;
/** The low noise pass's cells, in the search's cells: wide enough that a cluster of strays shares one, and the ground around it is seen past them. */
export const GROUND_NOISE_CELLS = 10;
/** A footprint narrower than this many cells of GROUND_CELL_M takes finer cells. */
export const GROUND_SMALL_CELLS = 50;
/** The most cell-openings a search runs (the grid with its margins, times the radii): some seconds of work, as many as a 10,000,000-cell grid at the default cell and window takes. */
export const MAX_OPENING_WORK = 200_000_000;

export interface GroundParameters {
  /** every length in the layer's unit; undefined for the default */
  cell?: number;
  maxWindow?: number;
  slope?: number;
  threshold?: number;
  scalar?: number;
  /** how far below the ground around it a point lies to be low noise; undefined for the default */
  noiseDepth?: number;
  /** false to search every point, low noise and all */
  lowNoise?: boolean;
}

export interface GroundOptions extends GroundParameters {
  up: SignedAxis;
  /** the layer's units in a metre (3.2808 for feet), which the defaults are turned by; 1 where the file declares no unit */
  unitsPerMetre?: number;
  /** 1 for each point searched (a clip's kept mask); every point where absent */
  kept?: Uint8Array | null;
  /** the unit's symbol a refusal names */
  unit?: string;
  onProgress?: (fraction: number) => void;
  /** polled between steps; an aborted search throws */
  signal?: AbortSignal;
}

export interface GroundSplit {
  /** each point's class: GROUND, NOT_GROUND, LOW_NOISE, NOT_SEARCHED */
  labels: Uint8Array;
  ground: number;
  notGround: number;
  /** points taken for low noise (0 where the pass was off) */
  lowNoise: number;
  /** the low noise pass's depth and cell, in the layer's unit; null where it was off */
  noiseDepth: number | null;
  noiseCell: number | null;
  /** the parameters used, in the layer's unit */
  cell: number;
  maxWindow: number;
  slope: number;
  threshold: number;
  scalar: number;
  columns: number;
  rows: number;
  /** cells the openings took for objects */
  objectCells: number;
}

/** What the ground field's ids stand for, in the ASPRS classes' colours, so that its legend names them and an export states them. */
export function groundClasses(): NamedClass[] {
  const colour = (id: number) => ASPRS_TABLE.entries.get(id)!.color;
  return [
    { id: NOT_SEARCHED, name: 'not searched', color: colour(NOT_SEARCHED) },
    { id: NOT_GROUND, name: 'not ground', color: colour(NOT_GROUND) },
    { id: GROUND, name: 'ground', color: colour(GROUND) },
    { id: LOW_NOISE, name: 'low noise', color: colour(LOW_NOISE) },
  ];
}

/** A unit's lengths in a metre, which the defaults are turned by: 1 for a file that declares none, read as in metres as map coordinates usually are. */
export function unitsPerMetre(unit: LengthUnit | undefined): number {
  return unit ? 1 / METRES_PER[unit] : 1;
}

/** Refuses a parameter that is no number of its kind, in words. */
export function checkGroundParameters(p: GroundParameters): void {
  for (const [name, v] of [
    ['cell size', p.cell],
    ['maximum window', p.maxWindow],
    ['elevation threshold', p.threshold],
    ['low noise depth', p.noiseDepth],
  ] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new InputError(`The ${name} must be a length above 0, not ${v}.`);
  }
  if (p.slope !== undefined && !(Number.isFinite(p.slope) && p.slope > 0)) throw new InputError(`The slope must be a rise over a run above 0 (0.15 for 15%), not ${p.slope}.`);
  if (p.scalar !== undefined && !(Number.isFinite(p.scalar) && p.scalar >= 0)) throw new InputError(`The scalar must be a length of 0 or more, not ${p.scalar}.`);
}

/** The cell by default over a footprint `spans` wide holding `count` points (see the head of this file), in the layer's unit. */
export function defaultGroundCell(spans: readonly [number, number], count: number, unitsPerMetre = 1): number {
  const [a, b] = spans.map((s) => s / unitsPerMetre);
  const narrower = Math.min(a, b);
  let cell = GROUND_CELL_M;
  if (narrower < GROUND_SMALL_CELLS * GROUND_CELL_M) {
    // a footprint of one line or one spot has no area to spread its points over: its longer side instead
    const area = narrower > 0 ? a * b : Math.max(a, b) ** 2;
    const spacing = area > 0 ? Math.sqrt(area / Math.max(1, count)) : 0;
    const wanted = Math.max(roundStep(narrower > 0 ? narrower : Math.max(a, b), GROUND_SMALL_CELLS), spacing > 0 ? roundStep(2 * spacing, 1) : 0);
    cell = Math.min(GROUND_CELL_M, wanted);
  }
  return Math.max(withinFootprint(cell * unitsPerMetre, spans), smallestCell(spans));
}

/**
 * The radius of the largest opening over `spans`, in cells: at most the grid's longer side, past
 * which a window covers the whole grid wherever it stands, so that every opening is the lowest
 * cell's height and no wider one takes another cell for an object (PDAL's usual 33 m window over a
 * 20 m tile searches as one of 20 m).
 */
function radiusOf(maxWindow: number, cell: number, spans: readonly [number, number]): number {
  const { columns, rows } = gridShape(spans, cell);
  return Math.max(1, Math.min(Math.ceil(maxWindow / cell - 1e-9), Math.max(columns, rows)));
}

/** The cell-openings a search over `spans` runs. */
function openingWork(spans: readonly [number, number], cell: number, maxWindow: number): number {
  const radius = radiusOf(maxWindow, cell, spans);
  const margin = 2 * marginFor(radius);
  const cells = (Math.max(1, Math.ceil(spans[0] / cell)) + margin) * (Math.max(1, Math.ceil(spans[1] / cell)) + margin);
  return cells * radius;
}

/** Refuses a cell whose grid would hold too many cells, or whose openings up to `maxWindow` would take too long, naming a cell that fits. */
export function checkGroundCell(cell: number, maxWindow: number, spans: readonly [number, number], unit = ''): void {
  checkCell(cell, spans, unit);
  const work = openingWork(spans, cell, maxWindow);
  if (work <= MAX_OPENING_WORK) return;
  let fits = cell;
  for (let f = 1.01; openingWork(spans, fits, maxWindow) > MAX_OPENING_WORK; f *= 1.01) fits = Number((cell * f).toPrecision(2));
  const u = unit ? ` ${unit}` : '';
  const length = (v: number) => String(Number(v.toPrecision(4)));
  const radius = radiusOf(maxWindow, cell, spans);
  throw new InputError(
    `A cell of ${length(cell)}${u} with a window of ${length(maxWindow)}${u} makes ${formatCount(radius)} openings of a grid of ${formatCount(Math.round(work / radius))} cells, ` +
      `more than the ${formatCount(MAX_OPENING_WORK)} cell-openings a search may take: take a cell of ${length(fits)}${u} or more, or make the window smaller.`,
  );
}

/** The parameters a search takes: those given, the others by default, in the layer's unit. */
export function groundParameters(p: GroundParameters, spans: readonly [number, number], count: number, unitsPerMetre = 1): Required<GroundParameters> {
  return {
    lowNoise: p.lowNoise ?? true,
    noiseDepth: p.noiseDepth ?? GROUND_NOISE_DEPTH_M * unitsPerMetre,
    cell: p.cell ?? defaultGroundCell(spans, count, unitsPerMetre),
    maxWindow: p.maxWindow ?? GROUND_WINDOW_M * unitsPerMetre,
    slope: p.slope ?? GROUND_SLOPE,
    threshold: p.threshold ?? GROUND_THRESHOLD_M * unitsPerMetre,
    scalar: p.scalar ?? GROUND_SCALAR_M * unitsPerMetre,
  };
}

/** Splits the points `options.kept` keeps into ground and what stands on it (see the head of this file). */
export function findGround(positions: Float32Array, options: GroundOptions): GroundSplit {
  checkGroundParameters(options);
  const { up, kept, signal } = options;
  const progress = options.onProgress ?? (() => {});
  const own = footprint(positions, up, kept);
  if (!own.count) throw new InputError('There are no points to search: the clip or the hidden stray points leave none.');
  const p = groundParameters(options, own.spans, own.count, options.unitsPerMetre);
  checkGroundCell(p.cell, p.maxWindow, own.spans, options.unit);
  const noiseCell = GROUND_NOISE_CELLS * p.cell;
  const low = p.lowNoise ? findLowNoise(positions, { up, cell: noiseCell, depth: p.noiseDepth, kept, unit: options.unit, signal }) : null;
  const searched = low?.count ? Uint8Array.from(low.noise, (n, i) => (n || (kept && !kept[i]) ? 0 : 1)) : kept;
  const lowest = heightGrid(positions, { up, cell: p.cell, height: 'min', kept: searched, fillHoles: true, unit: options.unit, signal, onProgress: (f) => progress(0.2 * f) });
  const { columns, rows, heights } = lowest;
  fillFromNearest(heights, columns, rows);

  const radius = radiusOf(p.maxWindow, p.cell, own.spans);
  const objects = new Uint8Array(heights.length);
  let before = Float32Array.from(heights);
  openProgressively(heights, {
    columns,
    rows,
    radius,
    signal,
    step: (r, opened) => {
      const rise = p.slope * r * p.cell;
      for (let k = 0; k < opened.length; k++) if (before[k] - opened[k] > rise) objects[k] = 1;
      before = Float32Array.from(opened);
      progress(0.2 + (0.6 * r) / radius);
    },
  });

  const surface = Float64Array.from(heights);
  let objectCells = 0;
  for (let k = 0; k < surface.length; k++)
    if (objects[k]) {
      surface[k] = NaN;
      objectCells++;
    }
  fillHoles(surface, columns, rows);
  fillFromNearest(surface, columns, rows);
  const slopes = surfaceSlopes(surface, columns, rows, p.cell);

  if (signal?.aborted) throw new DOMException('ground search cancelled', 'AbortError');
  const labels = new Uint8Array(positions.length / 3);
  const [a0, a1] = lowest.across;
  const u = axisIndex(up);
  const sign = axisSign(up);
  const [x0, y0] = lowest.corner;
  let ground = 0;
  for (let i = 0; i < labels.length; i++) {
    if (low?.noise[i]) labels[i] = LOW_NOISE;
    if (searched && !searched[i]) continue;
    // the cell's centres are the surface's samples: read between the four around the point
    const fx = Math.min(columns - 1, Math.max(0, (positions[3 * i + a0] - x0) / p.cell - 0.5));
    const fy = Math.min(rows - 1, Math.max(0, (positions[3 * i + a1] - y0) / p.cell - 0.5));
    const c = Math.max(0, Math.min(columns - 2, Math.floor(fx)));
    const r = Math.max(0, Math.min(rows - 2, Math.floor(fy)));
    const c1 = Math.min(columns - 1, c + 1);
    const r1 = Math.min(rows - 1, r + 1);
    const tx = fx - c;
    const ty = fy - r;
    const z =
      (1 - ty) * ((1 - tx) * surface[r * columns + c] + tx * surface[r * columns + c1]) + ty * ((1 - tx) * surface[r1 * columns + c] + tx * surface[r1 * columns + c1]);
    const nearest = Math.round(fy) * columns + Math.round(fx);
    const within = p.threshold + p.scalar * slopes[nearest];
    const isGround = Math.abs(sign * positions[3 * i + u] - z) <= within;
    labels[i] = isGround ? GROUND : NOT_GROUND;
    if (isGround) ground++;
  }
  progress(1);
  const lowNoise = low?.count ?? 0;
  const { lowNoise: _on, noiseDepth, ...used } = p;
  return { labels, ground, notGround: own.count - ground - lowNoise, lowNoise, noiseDepth: low ? noiseDepth : null, noiseCell: low ? noiseCell : null, ...used, columns, rows, objectCells };
}

/** Each cell's slope (rise over run) from the cells either side along each axis, one side at the grid's edge. */
function surfaceSlopes(surface: Float64Array, columns: number, rows: number, cell: number): Float32Array {
  const slopes = new Float32Array(surface.length);
  const at = (r: number, c: number) => surface[r * columns + c];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const [cl, ch, rl, rh] = [Math.max(0, c - 1), Math.min(columns - 1, c + 1), Math.max(0, r - 1), Math.min(rows - 1, r + 1)];
      const gx = ch > cl ? (at(r, ch) - at(r, cl)) / ((ch - cl) * cell) : 0;
      const gy = rh > rl ? (at(rh, c) - at(rl, c)) / ((rh - rl) * cell) : 0;
      slopes[r * columns + c] = Math.hypot(gx, gy);
    }
  return slopes;
}

/**
 * The empty cells left (those past the ground covered, reaching the grid's edge) take the mean of
 * their filled neighbours, spreading out from the ground covered a ring at a time.
 */
function fillFromNearest(heights: Float64Array, columns: number, rows: number): void {
  let front: number[] = [];
  for (let k = 0; k < heights.length; k++) if (Number.isNaN(heights[k]) && filledNeighbours(heights, columns, rows, k).count) front.push(k);
  const queued = new Uint8Array(heights.length);
  for (const k of front) queued[k] = 1;
  while (front.length) {
    const values = front.map((k) => filledNeighbours(heights, columns, rows, k));
    front.forEach((k, i) => (heights[k] = values[i].sum / values[i].count));
    const next: number[] = [];
    for (const k of front)
      for (const n of sides(k, columns, rows))
        if (Number.isNaN(heights[n]) && !queued[n]) {
          queued[n] = 1;
          next.push(n);
        }
    front = next;
  }
}

function sides(k: number, columns: number, rows: number): number[] {
  const c = k % columns;
  const out: number[] = [];
  if (c > 0) out.push(k - 1);
  if (c < columns - 1) out.push(k + 1);
  if (k >= columns) out.push(k - columns);
  if (k + columns < columns * rows) out.push(k + columns);
  return out;
}

function filledNeighbours(heights: Float64Array, columns: number, rows: number, k: number): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const n of sides(k, columns, rows))
    if (!Number.isNaN(heights[n])) {
      sum += heights[n];
      count++;
    }
  return { sum, count };
}
