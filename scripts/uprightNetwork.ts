// The upright network of training/pointlens_train/pipelines/train_upright.py, as the measuring
// script runs it (the app does not ship it; training/README.md says why). The network scores one
// cloud for looking upright; an object is shown to it six times, each direction turned onto +y,
// and a softmax over the six scores gives each direction's probability. Multiplied into the
// surface cues' probabilities (upAxis.ts) as independent evidence, they give the `combined` rule.
import { existsSync, readFileSync } from 'node:fs';
import type { Axis, SignedAxis } from '../src/core/geometry/signedAxis';
import { axisProbability, type UpEstimate } from '../src/core/geometry/upAxis';
import type { ModelEntry } from '../src/core/ml/manifest';
import { normalizeUnitSphere, sampleObjectPoints } from '../src/core/ml/preprocessObject';
import { loadModel, type ModelSession } from '../src/inference/engine';
import type { Geometry } from '../src/core/types';

/** `make -C training upright-export` writes this beside the checkpoint. */
export interface UprightContract {
  file: string;
  inputName: string;
  outputName: string;
  points: number;
  directions: SignedAxis[];
  /** per direction, the row-major 3 x 3 turn that takes it onto +y, as training made the candidates */
  turns: number[][];
}

export async function loadUpright(folder: URL, classifier: ModelEntry): Promise<{ contract: UprightContract; session: ModelSession }> {
  if (!existsSync(new URL('upright.json', folder))) throw new Error(`No upright network in ${folder.pathname}: run \`make -C training upright\` and \`upright-export\` first`);
  const contract = JSON.parse(readFileSync(new URL('upright.json', folder), 'utf8')) as UprightContract;
  const bytes = readFileSync(new URL(contract.file, folder));
  const entry: ModelEntry = {
    id: 'upright',
    name: 'upright network',
    task: 'classification',
    file: contract.file,
    bytes: bytes.byteLength,
    input: { ...classifier.input, points: contract.points, views: 1, inputName: contract.inputName, outputName: contract.outputName },
    classes: classifier.classes,
    metrics: {},
    data: classifier.data,
  };
  return { contract, session: await loadModel(entry, bytes, ['wasm']) };
}

/** The six candidates of one object, [6, 3, N]: each direction of the contract turned onto +y, on the unit sphere. */
export function uprightTensor(geometry: Geometry, contract: UprightContract, seed = 0): { data: Float32Array; dims: number[] } {
  const n = contract.points;
  const pts = sampleObjectPoints(geometry, n, 'random', seed);
  normalizeUnitSphere(pts);
  const data = new Float32Array(6 * 3 * n);
  contract.turns.forEach((m, k) => {
    for (let i = 0; i < n; i++) {
      const x = pts[3 * i], y = pts[3 * i + 1], z = pts[3 * i + 2];
      for (let r = 0; r < 3; r++) data[k * 3 * n + r * n + i] = m[3 * r] * x + m[3 * r + 1] * y + m[3 * r + 2] * z;
    }
  });
  return { data, dims: [6, 3, n] };
}

/** The network's six scores -> each direction's probability of being up. */
export function uprightProbabilities(scores: Float32Array, contract: UprightContract): Record<SignedAxis, number> {
  const top = Math.max(...scores);
  const e = Array.from(scores, (s) => Math.exp(s - top));
  const total = e.reduce((a, b) => a + b, 0);
  const out = {} as Record<SignedAxis, number>;
  contract.directions.forEach((d, k) => (out[d] = e[k] / total));
  return out;
}

/** The surface cues' estimate with the network's probabilities multiplied in; the likeliest direction is up. */
export function withUprightNetwork(estimate: UpEstimate, network: Record<SignedAxis, number>): UpEstimate {
  const dirs = Object.keys(estimate.probabilities) as SignedAxis[];
  const product = dirs.map((d) => estimate.probabilities[d] * network[d]);
  const total = product.reduce((a, b) => a + b, 0) || 1;
  const p = {} as Record<SignedAxis, number>;
  dirs.forEach((d, k) => (p[d] = product[k] / total));
  const up = dirs.reduce((a, b) => (p[b] > p[a] ? b : a));
  return { ...estimate, up, confidence: p[up], axisConfidence: axisProbability(p, up[1] as Axis), probabilities: p, reason: `${estimate.reason}; with the upright network` };
}
