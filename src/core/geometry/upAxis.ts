// Which way is up, from the geometry alone (never from which properties a file has). Cues measured
// on the surface (upEvidence.ts) say which axis is vertical (a large plane at one end only, an
// end with almost no points where a scan has no ceiling, surfaces facing along it, no mirror
// symmetry end to end, a storey's height) and which of its ends is the bottom (a flat floor or
// base, a wider footprint, horizontal surfaces at seat and table heights). A single RGB-D frame
// kept in its camera's frame adds the camera's own: it looks near level and a little down, and
// sees wider than high. Two small logistic models weigh them, one over the three axes and then
// one for the sign, differently for rooms, single frames and objects; their weights were fitted
// (scripts/fit_up_axis_weights.py) on every other file of the data sets in ../shared/data, and
// scripts/up-axis-accuracy.ts measures the result on all files. A scan of several storeys is judged
// a storey at a time.
import type { Geometry, UpAxis } from '../types';
import { asSignedAxis, AXES, signedAxis, type Axis, type SignedAxis } from './signedAxis';
import { SMALLER_UNITS, inMetres, type SceneUnit } from './sceneUnits';
import { unitName } from '../units';
import { storeyCuts, storeyParts } from './storeys';
import { surfels } from './surfels';
import { upEvidence, type AxisEvidence } from './upEvidence';
import { mapUpReason } from './mapCoordinates';

/** A room scan, a single frame of a room from a sensor at the origin, or an object. */
export type UpSubject = 'scene' | 'view' | 'object';
const SUBJECT_WORDS: Record<UpSubject, string> = { scene: 'a room scan', view: 'a single camera frame', object: 'an object' };

export interface UpEstimate {
  /** the direction that points up (against gravity) */
  up: SignedAxis;
  /** 0..1: the probability of `up`, axis and sign together (1/6 is a guess) */
  confidence: number;
  /** 0..1: how sure of the axis alone, whichever way up (1/3 is a guess) */
  axisConfidence: number;
  /** rooms and objects are judged on different cues */
  subject: UpSubject;
  /** the cues that decided it, in words */
  reason: string;
  /** each direction's P(axis) x P(sign | axis) (they sum to 1); `up` is the likelier end of the likeliest axis */
  probabilities: Record<SignedAxis, number>;
}

/** A cloud of at least this many points (or a mesh of as many vertices) spanning a room's size in metres is a scene. */
const SCENE_MIN_POINTS = 10_000;
/**
 * Fewer points make a room too, where every extent is a metre or more (a room in metres is; a door,
 * however tall, is not), and where they are a cloud: a mesh of few vertices that large is a model in
 * units of its own (ModelNet's raw meshes measure tens), not a room.
 */
const SPARSE_SCENE_MIN_POINTS = 2_000;
const SPARSE_SCENE_MIN_EXTENT_M = 1;

/** Whether `geometry`, spread over `extents` (metres), has enough points for a room: many, or a cloud of fewer over a metre or more every way. */
export function enoughForRoom(geometry: Geometry, extents: readonly number[]): boolean {
  const points = geometry.positions.length / 3;
  if (points >= SCENE_MIN_POINTS) return true;
  return geometry.kind === 'points' && points >= SPARSE_SCENE_MIN_POINTS && Math.min(...extents) >= SPARSE_SCENE_MIN_EXTENT_M;
}

export const SCENE_EXTENT_M: [number, number] = [2.5, 60];
/** Share of points below which an end slab counts as empty (its log is read, so a share of 0 stays finite). */
const EMPTY_FLOOR = 0.005;
/** A storey's usual floor-to-ceiling height, metres. */
const STOREY_M = 2.8;

/** Cues that say whether an axis is the vertical one, whichever way up. */
export const AXIS_CUES = ['endPlane', 'planeGap', 'emptyEnd', 'endRatio', 'facing', 'mirror', 'lopsided', 'wideEnd', 'endGap', 'storey', 'thinness', 'view', 'narrowView'] as const;
/** Cues that say which end of the vertical axis is the bottom: positive for the + end. */
export const SIGN_CUES = ['floor', 'footprint', 'lowMass', 'lowInnerMass', 'lowSurfaces', 'furnitureTops', 'lookingDown'] as const;
export type AxisCue = (typeof AXIS_CUES)[number];
export type SignCue = (typeof SIGN_CUES)[number];

const CUE_WORDS: Record<AxisCue | SignCue, [string, string]> = {
  endPlane: ['a large plane at one end', 'no large plane at either end'],
  planeGap: ['a plane at one end only', 'planes at both ends'],
  emptyEnd: ['one end nearly empty (no ceiling)', 'points at both ends'],
  endRatio: ['far more points at one end than at the other', 'as many points at both ends'],
  facing: ['many surfaces facing along it', 'few surfaces facing along it'],
  mirror: ['mirror symmetry end to end', 'no mirror symmetry end to end'],
  lopsided: ['more surface at one end', 'surface spread evenly along it'],
  wideEnd: ['a wide end', 'no wide end'],
  endGap: ['one end wider than the other', 'ends of like width'],
  storey: ['an extent unlike a storey', 'the extent of a storey'],
  thinness: ['the thinnest extent', 'not the thinnest extent'],
  view: ["the camera's view direction", "across the camera's view"],
  narrowView: ["the narrower side of the camera's field of view", "the wider side of the camera's field of view"],
  floor: ['a flat floor or base at the bottom', 'a flat top'],
  footprint: ['a wider bottom than top', 'a wider top than bottom'],
  lowMass: ['more surface low', 'more surface high'],
  lowInnerMass: ['more inner surface low', 'more inner surface high'],
  lowSurfaces: ['horizontal surfaces in the lower half', 'horizontal surfaces in the upper half'],
  furnitureTops: ['horizontal surfaces at seat and table heights', 'horizontal surfaces hanging at seat and table depths'],
  lookingDown: ['the camera looking a little down', 'the camera looking up'],
};

/** Weights per cue, fitted by scripts/fit_up_axis_weights.py. */
export const AXIS_WEIGHTS: Record<UpSubject, Record<AxisCue, number>> = {
  scene: { endPlane: 1.87, planeGap: -1.06, emptyEnd: -1.57, endRatio: 4.18, facing: 6.31, mirror: -1.56, lopsided: 1.5, wideEnd: -4.77, endGap: -2.04, storey: -5.3, thinness: 0, view: 0, narrowView: 0 },
  view: { endPlane: 5.87, planeGap: 0, emptyEnd: 0, endRatio: 0, facing: 4.17, mirror: 0, lopsided: 0, wideEnd: 0, endGap: 0, storey: 0, thinness: 0, view: -3.93, narrowView: 9.25 },
  object: { endPlane: -0.66, planeGap: 0.61, emptyEnd: 0.81, endRatio: -0.56, facing: 2.13, mirror: -4.46, lopsided: -0.26, wideEnd: 5.35, endGap: -1.5, storey: 0, thinness: 0.29, view: 0, narrowView: 0 },
};
export const SIGN_WEIGHTS: Record<UpSubject, Record<SignCue, number>> = {
  scene: { floor: 5.34, footprint: 5.95, lowMass: 2.84, lowInnerMass: 1.16, lowSurfaces: 2.68, furnitureTops: -0.9, lookingDown: 0 },
  view: { floor: 3.54, footprint: 0.51, lowMass: 4.26, lowInnerMass: 2.48, lowSurfaces: 4.53, furnitureTops: 1.82, lookingDown: 5.43 },
  object: { floor: -3.76, footprint: 3.19, lowMass: -1.85, lowInnerMass: 1.37, lowSurfaces: 0.95, furnitureTops: 0, lookingDown: 0 },
};

export function upSubject(geometry: Geometry, evidence: AxisEvidence[]): UpSubject {
  const largest = Math.max(...evidence.map((e) => e.extent));
  const many = enoughForRoom(geometry, evidence.map((e) => e.extent));
  if (!many || largest < SCENE_EXTENT_M[0] || largest > SCENE_EXTENT_M[1]) return 'object';
  return evidence.some((e) => e.ray !== 0) ? 'view' : 'scene';
}

/** Each axis's cues, x, y, z in order; 0 means no evidence. */
export function axisCues(evidence: AxisEvidence[]): Record<AxisCue, number>[] {
  const largest = Math.max(...evidence.map((e) => e.extent)) || 1;
  return evidence.map((e) => {
    const [p, m] = e.ends;
    return {
      endPlane: Math.max(p.bottomFlat, m.bottomFlat),
      planeGap: Math.abs(p.bottomFlat - m.bottomFlat),
      emptyEnd: -Math.log(Math.min(p.bottom, m.bottom) + EMPTY_FLOOR),
      endRatio: Math.abs(Math.log((p.bottom + EMPTY_FLOOR) / (m.bottom + EMPTY_FLOOR))),
      facing: e.facing,
      mirror: e.mirror,
      lopsided: Math.abs(p.height - 0.5),
      wideEnd: Math.max(p.footprint, m.footprint),
      endGap: Math.abs(p.footprint - m.footprint),
      storey: Math.abs(Math.log(Math.max(e.extent, 1e-6) / STOREY_M)),
      thinness: 1 - e.extent / largest,
      view: Math.abs(e.ray),
      narrowView: e.narrowView,
    };
  });
}

/** Each axis's sign cues: positive where they say the + end is up. */
export function signCues(evidence: AxisEvidence[]): Record<SignCue, number>[] {
  return evidence.map(({ ends: [p, m], ray }) => ({
    floor: p.bottomFlat - m.bottomFlat,
    footprint: p.footprint - m.footprint,
    lowMass: 0.5 - p.height,
    lowInnerMass: 0.5 - p.innerHeight,
    lowSurfaces: p.innerFlatLow - 0.5,
    furnitureTops: p.furnitureTops,
    lookingDown: -ray,
  }));
}

function weighted<K extends string>(cues: Record<K, number>, weights: Record<K, number>): number {
  let s = 0;
  for (const k in weights) s += weights[k] * cues[k];
  return s;
}

/** In words, the two cues that pushed a decision furthest its way. */
function strongest(pushes: Array<{ push: number; word: string }>): string {
  const words = pushes.filter((p) => p.push > 0).sort((a, b) => b.push - a.push).slice(0, 2).map((p) => p.word);
  return words.join(', ') || 'no cue stands out';
}

/**
 * The cuts of a scan into storeys along the axis that has them (storeys.ts), found on the surface
 * sample: the axis with most cuts, of equals the one with the smaller largest part.
 */
function storeysAlong(pool: Float32Array): { axis: number; cuts: number[] } | undefined {
  let best: { axis: number; cuts: number[]; largest: number } | undefined;
  for (let axis = 0; axis < 3; axis++) {
    const { cuts } = storeyCuts(pool, axis);
    if (!cuts.length) continue;
    const largest = Math.max(...storeyParts(pool, cuts, axis).map((part) => part.length));
    if (!best || cuts.length > best.cuts.length || (cuts.length === best.cuts.length && largest < best.largest)) best = { axis, cuts, largest };
  }
  return best && { axis: best.axis, cuts: best.cuts };
}

/**
 * A scan of several storeys judged a storey at a time: each is a room, on which the cues were
 * fitted, where the whole is not (a room stacked on another has a floor half way up and the height
 * of no storey). The storeys' probabilities are averaged by their points; undefined where fewer
 * than two storeys are rooms.
 */
function byStoreys(geometry: Geometry, pool: Float32Array, seed: number): UpEstimate | undefined {
  const split = storeysAlong(pool);
  if (!split) return undefined;
  const { axis, cuts } = split;
  const p = geometry.positions;
  // each storey about its own centre: where the scan's origin lies says nothing of a storey (the
  // origin under a storey's floor would read as a camera's)
  const parts = storeyParts(p, cuts, axis).map((indices) => {
    const centre = [0, 0, 0];
    for (const i of indices) for (let a = 0; a < 3; a++) centre[a] += p[3 * i + a] / indices.length;
    const positions = new Float32Array(3 * indices.length);
    indices.forEach((i, k) => {
      for (let a = 0; a < 3; a++) positions[3 * k + a] = p[3 * i + a] - centre[a];
    });
    return positions;
  });
  const estimates = parts
    .map((positions) => ({ points: positions.length / 3, estimate: estimateOne({ kind: 'points', positions, fields: {} }, seed) }))
    .filter(({ estimate }) => estimate.subject === 'scene');
  if (estimates.length < 2) return undefined;
  const total = estimates.reduce((t, e) => t + e.points, 0);
  const probabilities = {} as Record<SignedAxis, number>;
  for (const d of SIGNED) probabilities[d] = estimates.reduce((t, e) => t + (e.points / total) * e.estimate.probabilities[d], 0);
  const up = SIGNED.reduce((a, b) => (probabilities[b] > probabilities[a] ? b : a));
  const largest = estimates.reduce((a, b) => (b.points > a.points ? b : a)).estimate;
  return {
    up,
    confidence: probabilities[up],
    axisConfidence: axisProbability(probabilities, up[1] as Axis),
    subject: 'scene',
    reason: `${estimates.length} storeys, cut across ${AXES[axis]} and judged each as a room; the largest: ${largest.reason}`,
    probabilities,
  };
}

const SIGNED: SignedAxis[] = AXES.flatMap((a) => [`+${a}`, `-${a}`] as SignedAxis[]);

/**
 * A room written in centimetres or millimetres is as large as no room in metres, and is judged as
 * an object, sometimes a sure one (scene0007_00 in mm: -x at 0.745). So an object of room size in
 * some smaller unit is judged again as a room in that unit (its largest extent within
 * SCENE_EXTENT_M, its smallest at least a metre), and that estimate is taken where it is sure, and
 * for a mesh surer.
 */
function inSmallerUnit(geometry: Geometry, whole: UpEstimate, extents: number[], seed: number): UpEstimate | undefined {
  if (whole.subject !== 'object' || geometry.positions.length / 3 < SCENE_MIN_POINTS) return undefined;
  const largest = Math.max(...extents);
  const smallest = Math.min(...extents);
  const units = SMALLER_UNITS.filter(({ scale }) => largest * scale >= SCENE_EXTENT_M[0] && largest * scale <= SCENE_EXTENT_M[1] && smallest * scale >= 1);
  if (!units.length) return undefined;
  // of two, the one that makes the smallest extent (mostly the height) nearest a storey's
  const offStorey = (u: SceneUnit) => Math.abs(Math.log((smallest * u.scale) / STOREY_M));
  const unit = units.reduce((a, b) => (offStorey(b) < offStorey(a) ? b : a));
  const scaled = estimateUpAxis({ kind: 'points', positions: inMetres(geometry.positions, unit), fields: {} }, seed);
  // a cloud of room size is a scan, taken for a room where that reading is sure; a mesh may be a CAD
  // model in millimetres, which a sure room reading must also outdo
  const taken = scaled.confidence >= UP_SURE && (geometry.kind === 'points' || scaled.confidence > whole.confidence);
  return scaled.subject !== 'object' && taken ? { ...scaled, reason: `read in ${unitName(unit.unit)}: ${scaled.reason}` } : undefined;
}

/** `objectsOnly`: the file is of a format that holds only models (core/io holdsObjects), judged as an object whatever its size. */
export function estimateUpAxis(geometry: Geometry, seed = 0, objectsOnly = false): UpEstimate {
  const s = surfels(geometry, seed);
  const whole = estimateOne(geometry, seed, s, objectsOnly);
  if (objectsOnly) return whole;
  const extents = [0, 1, 2].map((a) => s.hi[a] - s.lo[a]);
  return (whole.subject === 'scene' && byStoreys(geometry, s.pool, seed)) || inSmallerUnit(geometry, whole, extents, seed) || whole;
}

/**
 * An object thinner than this share of its middle extent is a sheet: a keyboard, a board, a stretch
 * of ground in no known unit. Which face of a sheet is its top its shape cannot tell (a terrain 200
 * units wide came out -z at 0.79), so its sign is left even, and the + end taken. Over the data sets
 * in ../shared/data, each file turned at random (scripts/up-axis-accuracy.ts), no answer changes
 * but two wrong ones among the cc-object-models, now marked not sure.
 */
const SHEET = 0.1;
const SHEET_WORDS = 'a sheet, whose faces its shape cannot tell apart: the + end, as files mostly put up';

/** The axis of a sheet's thickness (SHEET), or undefined. */
function sheetAxis(evidence: AxisEvidence[]): number | undefined {
  const order = [0, 1, 2].sort((i, j) => evidence[i].extent - evidence[j].extent);
  return evidence[order[0]].extent <= SHEET * evidence[order[1]].extent ? order[0] : undefined;
}

function estimateOne(geometry: Geometry, seed: number, s = surfels(geometry, seed), objectsOnly = false): UpEstimate {
  const evidence = upEvidence(s);
  const subject = objectsOnly ? 'object' : upSubject(geometry, evidence);
  const aw = AXIS_WEIGHTS[subject], sw = SIGN_WEIGHTS[subject];
  const axes = axisCues(evidence);
  const signs = signCues(evidence);
  // a softmax over the three axes, then a logistic sign on the likeliest: the axis is decided on
  // its own cues, so that a sure sign on a doubtful axis cannot carry it
  const axisScores = axes.map((c) => weighted(c, aw));
  const a = axisScores.indexOf(Math.max(...axisScores));
  const e = axisScores.map((v) => Math.exp(v - axisScores[a]));
  const total = e[0] + e[1] + e[2];
  const probabilities = {} as Record<SignedAxis, number>;
  const sheet = subject === 'object' ? sheetAxis(evidence) : undefined;
  for (let i = 0; i < 3; i++) {
    const plus = i === sheet ? 0.5 : 1 / (1 + Math.exp(-weighted(signs[i], sw)));
    probabilities[signedAxis(i, 1)] = (e[i] / total) * plus;
    probabilities[signedAxis(i, -1)] = (e[i] / total) * (1 - plus);
  }
  const sign = probabilities[signedAxis(a, 1)] >= probabilities[signedAxis(a, -1)] ? 1 : -1;
  const up = signedAxis(a, sign);
  // why this axis: its cues against the mean of the three; why this end: its sign cues
  const axisWhy = strongest(
    AXIS_CUES.map((k) => {
      const lead = axes[a][k] - axes.reduce((t, c) => t + c[k], 0) / 3;
      return { push: aw[k] * lead, word: CUE_WORDS[k][lead > 0 ? 0 : 1] };
    }),
  );
  const signWhy = a === sheet ? SHEET_WORDS : strongest(SIGN_CUES.map((k) => ({ push: sw[k] * signs[a][k] * sign, word: CUE_WORDS[k][signs[a][k] * sign > 0 ? 0 : 1] })));
  return {
    up,
    confidence: probabilities[up],
    axisConfidence: e[a] / total,
    subject,
    reason: `${SUBJECT_WORDS[subject]}; ${AXES[a]} is vertical: ${axisWhy}; ${up} is up: ${signWhy}`,
    probabilities,
  };
}

/** What a user may ask for: an axis (its + end up), a signed direction, or `auto` to detect it. */
export type UpChoice = 'auto' | Axis | SignedAxis;
export const UP_CHOICES: readonly UpChoice[] = ['auto', ...AXES, ...AXES.flatMap((a) => [`+${a}`, `-${a}`] as SignedAxis[])];

export interface UpUsed {
  up: SignedAxis;
  /** `chosen` by the user, `detected` from the geometry, the file `format`'s usual up, the up the `file` states (ParseResult.statedUp), or the elevation of `map` coordinates (mapCoordinates.ts) */
  source: 'chosen' | 'detected' | 'format' | 'file' | 'map';
  /** the estimate, where it was detected */
  estimate?: UpEstimate;
  /** why, where no estimate says it (map coordinates) */
  reason?: string;
}

export function parseUpChoice(text: string): UpChoice | undefined {
  return (UP_CHOICES as readonly string[]).includes(text) ? (text as UpChoice) : undefined;
}

/**
 * Below this confidence a detected up axis is marked as not sure, so that a person checks it.
 * Over random turns of the room scans in ../shared/data (scripts/up-axis-accuracy.ts) it marks 8
 * of the 10 wrong answers (S3DIS rooms 7, single RGB-D frames 3, ScanNet none) and 6 of the 79 right ones.
 */
export const UP_SURE = 0.6;

/** Whether a detected axis is sure enough to go unmarked; an axis chosen or known needs no confidence. */
export function upIsSure(confidence: number | undefined): boolean {
  return confidence === undefined || confidence >= UP_SURE;
}

/**
 * Below this probability that the format's axis is the vertical one, the surface cues doubt a format's
 * usual up that `auto` keeps, and it is marked as not sure. Fitted on the classifier's validation
 * shapes (scripts/object-up-by-recognition.ts): as stored it marks 8% of them; saved z-up where the
 * format says y, it marks 64% of those left lying on their side.
 */
export const FORMAT_DOUBT = 0.327;

/** How sure of an object's vertical axis the estimate must be to overrule its format's usual up. */
export const OBJECT_AXIS_SURE = 0.85;

/**
 * What `auto` means: a room scan takes the detected direction. An object keeps its format's usual
 * up (OBJ and ModelNet's files are y-up) unless the estimate is sure of another axis: which end of
 * an object is its top is often a guess (scripts/up-axis-accuracy.ts: about one object in five
 * comes out upside down), while its vertical axis is mostly right. A format whose specification
 * defines its up (`defined`: LAS, whose z is elevation) keeps it, room or object: the estimate
 * turns 7 of the 40 S3DIS rooms as stored, z up, the wrong way, and only marks the format's up
 * where it doubts it (upUsedIsSure). Without a format up, the estimate decides.
 */
export function upFromEstimate(estimate: UpEstimate, formatUp: UpAxis | undefined, defined = false): UpUsed {
  if (formatUp && (defined || estimate.subject === 'object')) {
    const usual = asSignedAxis(formatUp);
    if (defined || estimate.up[1] === usual[1] || estimate.axisConfidence < OBJECT_AXIS_SURE) return { up: usual, source: 'format', estimate };
  }
  return { up: estimate.up, source: 'detected', estimate };
}

/**
 * Whether the up in use can go unmarked: a chosen one always; a detected one where the estimate is
 * sure of it; a format's usual one unless the surface cues give its axis less than `formatDoubt`
 * (FORMAT_DOUBT; scripts/object-up-by-recognition.ts fits it through this function).
 */
export function upUsedIsSure(used: UpUsed, formatDoubt = FORMAT_DOUBT): boolean {
  if (used.source === 'chosen' || !used.estimate) return true;
  if (used.source === 'detected') return upIsSure(used.estimate.confidence);
  return axisProbability(used.estimate.probabilities, used.up[1] as Axis) >= formatDoubt;
}

/** The probability that `axis` is the vertical one, whichever end is up. */
export function axisProbability(probabilities: Record<SignedAxis, number>, axis: Axis): number {
  return probabilities[`+${axis}`] + probabilities[`-${axis}`];
}

/** What a file says of its up, besides its geometry. */
export interface FileUpFacts {
  /** the format's usual up */
  formatUp?: UpAxis;
  /** a format that holds only models: judged as an object (estimateUpAxis) */
  objectsOnly?: boolean;
  /** a format whose specification defines its up (upFromEstimate) */
  defined?: boolean;
  /** the up the file states itself */
  stated?: SignedAxis;
  /** the up its map coordinates give (mapCoordinates.ts) */
  map?: SignedAxis;
}

/**
 * The up direction to use for a geometry: the user's choice, else the up the file states, else (in a
 * format that defines none) its map coordinates' elevation, else what `auto` means for it.
 */
export function resolveUp(geometry: Geometry, choice: UpChoice, file: FileUpFacts = {}): UpUsed {
  if (choice !== 'auto') return { up: asSignedAxis(choice), source: 'chosen' };
  return upOfFile(file, () => estimateUpAxis(geometry, 0, file.objectsOnly));
}

/** What `auto` means for a file: the up it states, else its map coordinates' elevation, else what `estimate` (asked only then) and its format say. */
export function upOfFile(file: FileUpFacts, estimate: () => UpEstimate): UpUsed {
  if (file.stated) return { up: file.stated, source: 'file' };
  if (file.map && !file.defined) return { up: file.map, source: 'map', reason: mapUpReason(file.map) };
  return upFromEstimate(estimate(), file.formatUp, file.defined);
}
