// Robustness probes: the classified object changed one way by a slider's amount (turned about an
// axis, thinned at random or farthest-first, jittered, cut by a plane), then classified again as
// any file would be. The change is made to the points the classification sampled, in the network's
// frame (unit sphere, its up axis), so that the slider means the same for every object.
import { farthestPointSample, gatherPoints, randomSample } from '../../geometry/sampling';
import type { SignedAxis } from '../../geometry/signedAxis';
import { createRng, shuffle } from '../../random';
import type { Geometry, UpAxis } from '../../types';
import { classifyObject, type ClassPrediction } from '../classifyObject';
import type { ModelEntry } from '../manifest';
import { objectTensor } from '../preprocessObject';
import type { RunModelOutputs } from '../runModel';

export const PROBE_KINDS = ['turn-x', 'turn-y', 'turn-z', 'drop-random', 'drop-farthest', 'jitter', 'cut'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

export interface ProbeSpec {
  label: string;
  min: number;
  max: number;
  /** the value that leaves the object as it is */
  none: number;
  unit: string;
}

export const PROBES: Record<ProbeKind, ProbeSpec> = {
  'turn-x': { label: 'Turn about x', min: -180, max: 180, none: 0, unit: '°' },
  'turn-y': { label: 'Turn about y', min: -180, max: 180, none: 0, unit: '°' },
  'turn-z': { label: 'Turn about z', min: -180, max: 180, none: 0, unit: '°' },
  'drop-random': { label: 'Drop points at random', min: 0, max: 0.95, none: 0, unit: 'of the points' },
  'drop-farthest': { label: 'Keep farthest-first only', min: 0, max: 0.95, none: 0, unit: 'of the points dropped' },
  jitter: { label: 'Jitter', min: 0, max: 0.1, none: 0, unit: 'of the radius (σ)' },
  cut: { label: 'Cut from the top', min: 0, max: 0.9, none: 0, unit: 'of the height' },
};

/** a fixed seed for the random probes: the same slider value gives the same answer */
const PROBE_SEED = 7;

/** Standard normal deviates from a uniform generator (Box-Muller). */
function gaussian(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * The packed points (network frame: unit sphere, `up` the vertical axis) changed by `kind` at
 * `value`. Axes x, y, z are the network frame's.
 */
export function probePoints(points: Float32Array, kind: ProbeKind, value: number, up: UpAxis): Float32Array {
  const spec = PROBES[kind];
  if (!(value >= spec.min && value <= spec.max)) throw new Error(`${spec.label}: ${value} is outside ${spec.min}..${spec.max}`);
  const n = points.length / 3;
  const out = points.slice();
  if (kind === 'turn-x' || kind === 'turn-y' || kind === 'turn-z') {
    const axis = kind === 'turn-x' ? 0 : kind === 'turn-y' ? 1 : 2;
    const [a, b] = [(axis + 1) % 3, (axis + 2) % 3];
    const t = (value * Math.PI) / 180, c = Math.cos(t), s = Math.sin(t);
    for (let i = 0; i < n; i++) {
      const u = points[3 * i + a], v = points[3 * i + b];
      out[3 * i + a] = c * u - s * v;
      out[3 * i + b] = s * u + c * v;
    }
    return out;
  }
  if (kind === 'jitter') {
    const rng = createRng(PROBE_SEED);
    for (let i = 0; i < out.length; i++) out[i] += value * gaussian(rng);
    return out;
  }
  const keep = Math.max(1, Math.round(n * (1 - value)));
  if ((kind === 'drop-random' || kind === 'drop-farthest') && keep === n) return out;
  if (kind === 'drop-random') return gatherPoints(points, shuffle(Uint32Array.from({ length: n }, (_, i) => i), createRng(PROBE_SEED)).subarray(0, keep));
  if (kind === 'drop-farthest') return gatherPoints(points, farthestPointSample(points, keep));
  // cut: a horizontal plane lowered from the top by `value` of the height
  const k = up === 'y' ? 1 : 2;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, points[3 * i + k]);
    hi = Math.max(hi, points[3 * i + k]);
  }
  const plane = hi - value * (hi - lo);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (points[3 * i + k] <= plane) kept.push(i);
  return kept.length ? gatherPoints(points, Uint32Array.from(kept)) : gatherPoints(points, randomSample(n, 1, createRng(PROBE_SEED)));
}

export interface ProbeResult {
  value: number;
  /** the probed object's top-1 */
  top: ClassPrediction;
  /** the probability of the unprobed object's top-1 class */
  probability: number;
}

export interface ProbeOptions {
  upAxis: UpAxis | SignedAxis;
  seed?: number;
  /** the class whose probability the curve follows; the unprobed object's top-1 by default */
  classIndex?: number;
}

/**
 * The object probed at each of `values`, classified again: its top-1 and the probability of the
 * class followed. The points changed are those the classification sampled, in the network frame
 * (view 0); the changed cloud goes through the whole pipeline again, re-normalised like any file.
 */
export async function probeObject(
  geometry: Geometry,
  entry: ModelEntry,
  run: RunModelOutputs,
  kind: ProbeKind,
  values: readonly number[],
  options: ProbeOptions,
): Promise<{ classIndex: number; results: ProbeResult[] }> {
  const tensor = objectTensor(geometry, entry, { upAxis: options.upAxis, seed: options.seed });
  const [, , n] = tensor.dims;
  const base = Float32Array.from({ length: 3 * n }, (_, j) => tensor.data[(j % 3) * n + Math.floor(j / 3)]);
  const up = entry.input.upAxis;
  let classIndex = options.classIndex;
  if (classIndex === undefined) {
    const whole = await classifyObject({ kind: 'points', positions: base, fields: {} }, entry, run, { upAxis: up, topK: 1, seed: options.seed });
    classIndex = whole.top[0].index;
  }
  const results: ProbeResult[] = [];
  for (const value of values) {
    const positions = probePoints(base, kind, value, up);
    const r = await classifyObject({ kind: 'points', positions, fields: {} }, entry, run, { upAxis: up, topK: 1, seed: options.seed });
    results.push({ value, top: r.top[0], probability: r.probabilities[classIndex] });
  }
  return { classIndex, results };
}

/** `steps` values evenly over the probe's range, ends included. */
export function probeRange(kind: ProbeKind, steps: number): number[] {
  const { min, max } = PROBES[kind];
  return Array.from({ length: steps }, (_, i) => (i === steps - 1 ? max : min + ((max - min) * i) / (steps - 1)));
}
