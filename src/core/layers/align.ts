// Aligning one layer onto another, as CloudCompare's fine registration (ICP) does once two scans of
// one site are shown apart: each point of the moving layer is paired with the nearest point of the
// reference, the motion that brings the pairs closest is applied, and again until it settles. Only
// what a layer's transform can hold is solved: a move and a turn about the up axis, and, where asked
// (CloudCompare's "adjust scale"), a uniform scale. Scans are levelled by gravity, so a tilt would
// only fit noise; four unknowns in place of six also keep it from rolling a floor into a wall. The
// turn, the scale and the move are solved in closed form (Umeyama's similarity, its rotation held to
// the up axis: a 2D Procrustes fit across the horizontal plane), so each iteration is one pass of
// nearest-point searches. Pairs farther apart than three times the median of those kept
// the step before (or a few point spacings, once that is larger) are left out, so the parts one scan
// has and the other lacks do not pull. It finds the nearest fit, not the best: the layers must be
// drawn roughly together first.
import type { Bounds } from '../geometry/bounds';
import { buildKdTree, NearestSearch, pointSpacing } from '../geometry/kdTree';
import { turnMatrix, type SignedAxis } from '../geometry/signedAxis';
import { formatBytes, READ_BUDGET_BYTES } from '../io/limits';
import { median } from '../selectSmallest';
import { InputError, type Geometry } from '../types';
import { comparisonBytes, placedCentre, placedReference, type PlacedLayer } from './cloudDistance';
import { applyMatrix, boundsCenter, sceneMatrix, transformMatrix, type LayerTransform } from './transform';

/** The moving layer is searched for at most this many of its points, taken evenly. */
export const MAX_SAMPLE = 50_000;
export const MAX_ITERATIONS = 200;
/** Pairs farther apart than this many times their median are left out of a step... */
const TRIM_MEDIANS = 3;
/** ...unless they are within this many of the reference's point spacings (the reach) */
const REACH_SPACINGS = 3;
/** It has settled once a step moves no point more than this share of the layer's size. */
const SETTLED = 1e-6;
/**
 * A scale found past this factor either way is refused: ICP with scale can shrink a layer onto a
 * small part of the reference, where the pairs are close however wrong the fit.
 */
export const MAX_SCALE_FACTOR = 2;
/** Fewer of the moving layer's points than this within reach of the reference after aligning, and it did not find the other layer. */
export const MIN_OVERLAP = 0.25;
/**
 * A layer this many times the size of the reference that finds no overlap is asked whether it is in
 * other units. (One that small sits on some surface of the reference, and finds overlap there.)
 */
const OTHER_UNITS = 8;

/** The layer to move: its points and what places it in the scene (core/layers/transform's sceneMatrix). */
export interface MovingLayer {
  /** packed xyz in the layer's own coordinates */
  positions: Float32Array;
  transform: LayerTransform;
  /** its points' box in its own coordinates: the transform turns and scales about its centre */
  bounds: Bounds;
  up: SignedAxis;
  /** its origin's offset from the scene's */
  offset: readonly [number, number, number];
}

/** A motion of the whole scene: a turn about its up axis (+y) and a scale, both about its origin, then a move. */
export interface SceneMotion {
  /** counter-clockwise seen from above */
  turnDeg: number;
  /** uniform; 1 where absent */
  scale?: number;
  move: [number, number, number];
}

export interface Alignment {
  /** the moving layer's transform that puts it onto the reference */
  transform: LayerTransform;
  /** the root mean square distance to the reference, before and after, of the points matched at the end (within the last step's trimming distance) */
  rmsBefore: number;
  rmsAfter: number;
  /** the share of the points searched with a point of the reference within a few of its point spacings after aligning */
  overlap: number;
  /** the moving layer's points searched (an even subsample of at most MAX_SAMPLE) */
  sampled: number;
  /** the moving layer's size (its box's diagonal, as drawn) over the reference's */
  sizeRatio: number;
  /** the factor the layer's scale was multiplied by: 1 unless the scale was adjusted */
  scaleFound: number;
  iterations: number;
  /** stopped because a step no longer moved it, not at MAX_ITERATIONS */
  converged: boolean;
}

/** Where an alignment has got to: an iteration done, the RMS distance of the pairs it kept, and its share of the iterations allowed. */
export interface AlignStep {
  iteration: number;
  rms: number;
  fraction: number;
}

export interface AlignOptions {
  onIteration?: (step: AlignStep) => void;
  /** polled between iterations; an aborted alignment throws */
  signal?: AbortSignal;
  /** how its refusals name what is aligned: the app's layers by default */
  terms?: AlignTerms;
  /** also solve a uniform scale (CloudCompare's "adjust scale"); kept otherwise */
  adjustScale?: boolean;
}

/** Bytes the alignment takes while it runs: the reference placed with its tree, and the searched points with their pairs. */
export function alignmentBytes(moving: Pick<PlacedLayer, 'positions'>, reference: PlacedLayer): number {
  const sampled = Math.min(MAX_SAMPLE, moving.positions.length / 3);
  // each searched point where it started and where it is, its pair, its distance now, at the start and sorted
  return comparisonBytes({ positions: new Float32Array(0), matrix: [] }, reference) + sampled * (24 + 24 + 24 + 8 + 8 + 8);
}

/** Refuses, in the person's terms, an alignment that would take more than the read budget. */
export function checkAlignment(moving: Pick<PlacedLayer, 'positions'>, reference: PlacedLayer): void {
  const needs = alignmentBytes(moving, reference);
  if (needs > READ_BUDGET_BYTES) {
    throw new InputError(
      `aligning to ${(reference.positions.length / 3).toLocaleString('en-US')} points would take ${formatBytes(needs)}, more than the ${formatBytes(READ_BUDGET_BYTES)} pointlens sets aside for it`,
    );
  }
}

/** How a front end names what is aligned and what to do about a failed alignment: the app moves and scales layers, the command line reads files where their coordinates put them. */
export interface AlignTerms {
  /** the two together, as the subject of "overlap" */
  both: string;
  /** the one moved */
  moving: string;
  /** what to do where they lie too far apart */
  closer: string;
  /** what to do where they may be in different units */
  rescale: string;
  /** what to do where the scale found is past MAX_SCALE_FACTOR */
  scaleFirst: string;
}

export const APP_ALIGN_TERMS: AlignTerms = {
  both: 'the layers',
  moving: 'the layer',
  closer: 'move them closer first',
  rescale: "scale it first (the Layers panel's scale)",
  scaleFirst: 'scale one by hand first',
};

/** What is wrong with an alignment, in the person's terms, or null where it found the other layer. */
export function alignmentProblem(a: Alignment, terms: AlignTerms = APP_ALIGN_TERMS): string | null {
  const scaledTooFar = !scaleWithin(a.scaleFound);
  if (a.overlap >= MIN_OVERLAP && !scaledTooFar) return null;
  const share = `${Math.round(a.overlap * 100)}%`;
  const after = `(after ${a.iterations} iterations, ${share} of ${terms.moving}'s points lie near the reference)`;
  // a scan in millimetres beside one in metres lies where the other does, a thousand times its size
  if (a.sizeRatio >= OTHER_UNITS && Number.isFinite(a.sizeRatio)) {
    const kept = a.scaleFound === 1 ? 'aligning keeps the scale' : `aligning adjusts the scale by a factor of ${MAX_SCALE_FACTOR} at most`;
    return `${terms.both} overlap too little to align: ${terms.moving} is ${formatRatio(a.sizeRatio)} times the size of the reference, and ${kept}: if they are in different units, ${terms.rescale} ${after}`;
  }
  if (scaledTooFar) return `${terms.both} differ in scale by more than a factor of ${MAX_SCALE_FACTOR}: ${terms.scaleFirst} (the scale found was ${formatRatio(a.scaleFound)})`;
  return `${terms.both} overlap too little to align: ${terms.closer} ${after}`;
}

/** A scale factor an alignment may apply: within MAX_SCALE_FACTOR either way. */
const scaleWithin = (factor: number): boolean => factor >= 1 / MAX_SCALE_FACTOR && factor <= MAX_SCALE_FACTOR;

/** A size ratio as a person says it: 1,000; 25.4; 0.333. */
function formatRatio(r: number): string {
  return (r >= 100 ? Math.round(r) : Number(r.toPrecision(3))).toLocaleString('en-US', { maximumSignificantDigits: 21 });
}

/** The scene motion `m` applied to the point (x, y, z). */
function moved(m: SceneMotion, p: readonly number[]): [number, number, number] {
  const a = (m.turnDeg * Math.PI) / 180;
  const k = m.scale ?? 1;
  const c = k * Math.cos(a);
  const s = k * Math.sin(a);
  // Rodrigues' formula about +y: a positive angle turns x towards -z, counter-clockwise seen from above
  return [c * p[0] + s * p[2] + m.move[0], k * p[1] + m.move[1], -s * p[0] + c * p[2] + m.move[2]];
}

/**
 * The transform that draws the layer where `motion` takes it from where it is drawn now. A turn
 * about the scene's up is a turn about the layer's own up axis (which the scene turns onto +y),
 * so the angles add, and a uniform scale commutes with it, so the scales multiply; the move is
 * what puts the pivot (its box's centre, about which the transform turns and scales) where the
 * motion takes it.
 */
export function transformAfter(layer: Omit<MovingLayer, 'positions'>, motion: SceneMotion): LayerTransform {
  const pivot = boundsCenter(layer.bounds);
  const target = moved(motion, applyMatrix(sceneMatrix(layer.transform, layer.bounds, layer.up, layer.offset), pivot));
  // back from the scene's frame (up on +y) to the layer's own: the turn's transpose
  const r = turnMatrix(layer.up, '+y');
  const own = [0, 1, 2].map((i) => r[i] * target[0] + r[3 + i] * target[1] + r[6 + i] * target[2]);
  return {
    translate: [0, 1, 2].map((i) => own[i] - layer.offset[i] - pivot[i]) as [number, number, number],
    rotateDeg: layer.transform.rotateDeg + motion.turnDeg,
    scale: layer.transform.scale * (motion.scale ?? 1),
  };
}

/**
 * `t` as a person reads it in the transform fields: the turn to 1e-4° within (-180, 180], the move
 * to a millionth of the layer's size (a power of ten), where the fit is not finer than that anyway.
 */
export function tidyTransform(t: LayerTransform, bounds: Bounds): LayerTransform {
  const size = Math.hypot(...[0, 1, 2].map((i) => bounds.max[i] - bounds.min[i])) * t.scale;
  const step = 10 ** Math.floor(Math.log10(size > 0 ? size * 1e-6 : 1e-6));
  const turn = Math.round(t.rotateDeg * 1e4) / 1e4;
  const rotateDeg = turn - 360 * Math.ceil((turn - 180) / 360);
  // toFixed drops the binary fractions a multiplication leaves (0.30000000000000004)
  const digits = Math.min(20, Math.max(0, -Math.log10(step)));
  return { translate: t.translate.map((v) => Number((Math.round(v / step) * step).toFixed(digits)) || 0) as LayerTransform['translate'], rotateDeg: Number(rotateDeg.toFixed(4)) || 0, scale: t.scale };
}

/** Every `stride`-th finite point of the layer placed in the scene, less `centre`, in doubles; at most MAX_SAMPLE. */
function evenSample(layer: PlacedLayer, centre: readonly number[]): Float64Array {
  const p = layer.positions;
  const n = Math.floor(p.length / 3);
  const stride = Math.max(1, Math.ceil(n / MAX_SAMPLE));
  const out = new Float64Array(3 * Math.ceil(n / stride));
  const m = layer.matrix;
  let k = 0;
  for (let i = 0; i < n; i += stride) {
    const x = p[3 * i], y = p[3 * i + 1], z = p[3 * i + 2];
    if (!Number.isFinite(x + y + z)) continue;
    for (let a = 0; a < 3; a++) out[k + a] = m[a] * x + m[4 + a] * y + m[8 + a] * z + m[12 + a] - centre[a];
    k += 3;
  }
  return out.subarray(0, k);
}

/** The diagonal of the box of packed xyz `points`. */
function diagonal(points: ArrayLike<number>): number {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i])) continue;
    lo[i % 3] = Math.min(lo[i % 3], points[i]);
    hi[i % 3] = Math.max(hi[i % 3], points[i]);
  }
  return Math.hypot(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]);
}

/** How far apart the points searched lie, taken as spread evenly over a surface as wide as their box. */
function sampleSpacing(points: Float64Array): number {
  return diagonal(points) / Math.sqrt(points.length / 3);
}

/** Moves the layer `moving` onto `reference`, both placed as they are drawn, by iterative closest points. */
export function alignLayer(moving: MovingLayer, reference: PlacedLayer, options: AlignOptions = {}): Alignment {
  checkAlignment(moving, reference);
  const abort = () => {
    if (options.signal?.aborted) throw new DOMException('alignment cancelled', 'AbortError');
  };
  const drawn: PlacedLayer = { positions: moving.positions, matrix: sceneMatrix(moving.transform, moving.bounds, moving.up, moving.offset) };
  // both about the moving layer's centre, where floats keep survey coordinates fine
  const centre = placedCentre(drawn);
  const start = evenSample(drawn, centre);
  const n = start.length / 3;
  const terms = options.terms ?? APP_ALIGN_TERMS;
  if (n < 3) throw new InputError(`${terms.moving} has fewer than 3 points with a finite position: there is nothing to align`);
  abort();
  const tree = buildKdTree(placedReference(reference, centre).placed);
  if (tree.index.length < 3) throw new InputError('the reference has fewer than 3 points with a finite position to align to');
  const search = new NearestSearch(tree);
  // the reference's size from its own coordinates, scaled as drawn: placed far from the layer, its float32 tree keeps too few digits for it
  const m = reference.matrix;
  const sizeRatio = diagonal(start) / (diagonal(reference.positions) * Math.hypot(m[0], m[1], m[2]));
  let size = 0;
  for (let i = 0; i < start.length; i += 3) size = Math.max(size, Math.hypot(start[i], start[i + 1], start[i + 2]));
  const reach = Math.max(REACH_SPACINGS * pointSpacing(tree, search), SETTLED * size);
  // a layer's points searched a few of their own spacings from the reference still count: a sparse
  // layer over flat walls is moved by the pairs across the walls facing it, as far apart as the
  // misalignment, while the most slide along the others at no distance
  const floor = Math.max(reach, REACH_SPACINGS * sampleSpacing(start));

  const at = new Float64Array(3 * n);
  const nearest = new Float64Array(3 * n);
  const distance = new Float64Array(n);
  const scratch = new Float64Array(n);
  const adjustScale = options.adjustScale ?? false;
  /** The motion so far in the centred frame: a turn of `turn` radians about +y and a scale of `gain`, then `move`. */
  let turn = 0;
  let gain = 1;
  const move = [0, 0, 0];
  /** Pairs each point, moved so far, with its nearest reference point. */
  const pair = (): void => {
    const c = gain * Math.cos(turn);
    const s = gain * Math.sin(turn);
    for (let i = 0; i < n; i++) {
      const x = start[3 * i], y = start[3 * i + 1], z = start[3 * i + 2];
      const px = c * x + s * z + move[0], py = gain * y + move[1], pz = -s * x + c * z + move[2];
      at[3 * i] = px;
      at[3 * i + 1] = py;
      at[3 * i + 2] = pz;
      distance[i] = Math.sqrt(search.nearest(px, py, pz));
      const f = 3 * search.found;
      for (let a = 0; a < 3; a++) nearest[3 * i + a] = tree.points[f + a];
    }
  };
  /**
   * The distance within which pairs count next: a few times the median of the pairs within the
   * last one. It shrinks as the shared part closes up, and so lets go of the part the reference
   * lacks, which the median of every pair would not where that part is half the layer or more.
   */
  const trimmed = (last: number): number => {
    let kept = 0;
    for (let i = 0; i < n; i++) if (distance[i] <= last) scratch[kept++] = distance[i];
    if (!kept) scratch.set(distance);
    return Math.max(TRIM_MEDIANS * median(scratch, kept || n), floor);
  };

  pair();
  const before = distance.slice();
  let within = trimmed(Infinity);
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    abort();
    // the means of the kept pairs, then their spread about them across the horizontal plane
    const mean = [0, 0, 0, 0, 0, 0];
    let kept = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      if (!(distance[i] <= within)) continue;
      kept++;
      squares += distance[i] ** 2;
      for (let a = 0; a < 3; a++) {
        mean[a] += at[3 * i + a];
        mean[3 + a] += nearest[3 * i + a];
      }
    }
    if (kept < 3) break;
    for (let a = 0; a < 6; a++) mean[a] /= kept;
    let along = 0;
    let across = 0;
    let upright = 0;
    let spread = 0;
    for (let i = 0; i < n; i++) {
      if (!(distance[i] <= within)) continue;
      const ax = at[3 * i] - mean[0], ay = at[3 * i + 1] - mean[1], az = at[3 * i + 2] - mean[2];
      const bx = nearest[3 * i] - mean[3], by = nearest[3 * i + 1] - mean[4], bz = nearest[3 * i + 2] - mean[5];
      along += ax * bx + az * bz;
      across += bx * az - bz * ax;
      upright += ay * by;
      spread += ax * ax + ay * ay + az * az;
    }
    const step = Math.atan2(across, along);
    // Umeyama's scale: the turned points' correlation with their pairs over their spread (the best
    // turn does not depend on the scale, so the two are solved one after the other)
    const grow = adjustScale ? (Math.hypot(along, across) + upright) / spread : 1;
    if (!(grow > 0 && Number.isFinite(grow))) {
      // the pairs leave no scale to fit (all on one point, or facing opposite ways up)
      gain = 0;
      break;
    }
    const c = grow * Math.cos(step);
    const s = grow * Math.sin(step);
    // the step turns and scales the kept points' mean onto the reference's
    const stepMove = [mean[3] - (c * mean[0] + s * mean[2]), mean[4] - grow * mean[1], mean[5] - (-s * mean[0] + c * mean[2])];
    const [mx, my, mz] = move;
    move[0] = c * mx + s * mz + stepMove[0];
    move[1] = grow * my + stepMove[1];
    move[2] = -s * mx + c * mz + stepMove[2];
    turn += step;
    gain *= grow;
    iterations++;
    options.onIteration?.({ iteration: iterations, rms: Math.sqrt(squares / kept), fraction: iterations / MAX_ITERATIONS });
    // past the factor allowed it is refused anyway, and may be shrinking onto a part of the reference
    if (!scaleWithin(gain)) break;
    pair();
    const settled = (Math.abs(step) + Math.abs(grow - 1)) * size + Math.hypot(...stepMove) <= SETTLED * size;
    if (settled) {
      converged = true;
      break;
    }
    within = trimmed(within);
  }

  let matched = 0;
  let near = 0;
  let squaresBefore = 0;
  let squaresAfter = 0;
  for (let i = 0; i < n; i++) {
    if (distance[i] <= reach) near++;
    if (!(distance[i] <= within)) continue;
    matched++;
    squaresBefore += before[i] ** 2;
    squaresAfter += distance[i] ** 2;
  }
  // the layer's scale as a person reads it, to 7 digits, where far finer than the fit anyway
  const scale = adjustScale ? Number((moving.transform.scale * gain).toPrecision(7)) : moving.transform.scale;
  const scaleFound = scale / moving.transform.scale;
  // the centred frame's motion in the scene's: X -> s R (X - centre) + move + centre
  const turnDeg = (turn * 180) / Math.PI;
  const origin = moved({ turnDeg, scale: scaleFound, move: [0, 0, 0] }, centre);
  const motion: SceneMotion = { turnDeg, scale: scaleFound, move: [0, 1, 2].map((a) => move[a] + centre[a] - origin[a]) as [number, number, number] };
  return {
    transform: { ...tidyTransform(transformAfter(moving, motion), moving.bounds), scale },
    rmsBefore: Math.sqrt(squaresBefore / matched),
    rmsAfter: Math.sqrt(squaresAfter / matched),
    overlap: near / n,
    sampled: n,
    sizeRatio,
    scaleFound,
    iterations,
    converged,
  };
}

/** A copy of the layer's geometry moved by `t` in its own coordinates (positions and normals; the rest shared): the file it would be, aligned. */
export function movedGeometry<G extends Geometry>(geometry: G, t: LayerTransform, bounds: Bounds, up: SignedAxis): G {
  const m = transformMatrix(t, boundsCenter(bounds), up);
  const positions = geometry.positions.slice();
  for (let i = 0; i + 2 < positions.length; i += 3) {
    const x = positions[i], y = positions[i + 1], z = positions[i + 2];
    for (let a = 0; a < 3; a++) positions[i + a] = m[a] * x + m[4 + a] * y + m[8 + a] * z + m[12 + a];
  }
  const normals = geometry.normals?.slice();
  if (normals) {
    // turned only: the scale is uniform, and a normal keeps its length
    for (let i = 0; i + 2 < normals.length; i += 3) {
      const x = normals[i], y = normals[i + 1], z = normals[i + 2];
      for (let a = 0; a < 3; a++) normals[i + a] = (m[a] * x + m[4 + a] * y + m[8 + a] * z) / t.scale;
    }
  }
  return { ...geometry, positions, ...(normals && { normals }) };
}
