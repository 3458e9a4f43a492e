// Schema of models/manifest.json, the only link between training/ and the app. The app never
// hard-codes a class list: names, colours and the input contract all come from here.
import type { UpAxis } from '../types';
import type { PieceProposalParams } from '../geometry/pieceProposals';
import { PROPOSAL_FEATURES } from './proposalTensor';
import { PROPORTION_RATIOS, type ProportionRatio } from './proportions';

export type ModelTask = 'classification' | 'semantic-segmentation';

export interface ClassInfo {
  name: string;
  /** display colour, rgb 0..255 */
  color: [number, number, number];
  /** shapes (classification) or points (segmentation) of this class behind training and test */
  train?: number;
  test?: number;
}

export interface InputContract {
  /** points per sample fed to the network */
  points: number;
  /** per-point features in tensor order, e.g. ["x","y","z"] or ["x","y","z","r","g","b","nx","ny","nz"] */
  features: string[];
  /** tensor layout: [batch, features, points] ("BCN") or [batch, points, features] ("BNC") */
  layout: 'BCN' | 'BNC';
  /** how a cloud is brought to the network's frame */
  normalization: 'unit-sphere' | 'block';
  /** the up axis the network was trained with; inputs are rotated to it */
  upAxis: UpAxis;
  /** how an object cloud is reduced to `points` (meshes are always sampled by area) */
  sampling: 'fps' | 'random';
  /**
   * object models only: the scores are averaged over this many turns about the up axis
   * (2πk/views, PointNet's voting), chosen on validation data; absent means 1
   */
  views?: number;
  /** scene models only: square blocks on the floor plane */
  block?: { size: number; stride: number };
  /** scene models only: the scan is levelled first, gravity estimated from its flat surfaces (geometry/levelling) */
  level?: boolean;
  inputName: string;
  outputName: string;
}

/** The open-set scores training/ compares; each is oriented so that larger is less like the training classes. */
export const OOD_SCORES = ['max_softmax', 'max_logit', 'energy', 'mahalanobis', 'knn'] as const;
export type OodScoreName = (typeof OOD_SCORES)[number];
/** The scores the classifier's graph computes itself, into the open-set output (one distance per view). */
export const GRAPH_OOD_SCORES: readonly OodScoreName[] = ['mahalanobis', 'knn'];

/** Classifiers: how the unknown-object decision is made, chosen by training/ on validation data. */
export interface OpenSetContract {
  score: OodScoreName;
  /** the model output a graph score (Mahalanobis, nearest neighbour) reads: one distance per view */
  outputName: string;
  /** which activations that distance is measured in (the global feature or the head's penultimate layer) */
  layer?: string;
  /** Mahalanobis: how far the shared covariance was shrunk towards a multiple of the identity */
  shrinkage?: number;
  /** nearest neighbour: how many training activations the graph compares with */
  bankRows?: number;
  /** a shape whose score is above this is unknown */
  threshold: number;
  /** the share of validation shapes of served classes the threshold accepts */
  knownAcceptedOnValidation?: number;
  /** nearest neighbour: the output of every bank row's similarity, and the file naming each row's training shape */
  neighbours?: BankContract;
  /** a shape whose proportions lie outside its top class's training range is unknown too (core/ml/proportions) */
  proportions?: ProportionsContract;
}

/** The proportions each served class's training shapes span, as natural logs of ratios of principal spreads. */
export interface ProportionsContract {
  /** how the spreads are measured, in words */
  spread: string;
  /** which ratios are checked, e.g. ["e3/e1"] */
  ratios: ProportionRatio[];
  /** how far (in log ratio) outside a class's range a shape must lie to be unknown */
  margin: number;
  /** per class name, the [least, largest] log of each ratio of `ratios` over the class's training shapes */
  ranges: Record<string, [number, number][]>;
}

/** The classifier's bank of training activations, as the app reads it: which training shapes a shape is nearest. */
export interface BankContract {
  /** the model output of each view's cosine similarity to every bank row [views, rows] */
  outputName: string;
  /** beside the model: for each row, the training shape it was computed from (core/ml/nearestShapes.ts) */
  file: string;
  bytes: number;
  rows: number;
}

/** One bin of a reliability diagram: top-1 confidence in [low, high); null where no shape fell in it. */
export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  confidence: number | null;
  accuracy: number | null;
}

/** Classifiers: temperature scaling fitted on validation data, and the reliability diagram it gives. */
export interface Calibration {
  /** logits are divided by this before the softmax */
  temperature: number;
  reliability?: { split: string; bins: number; before: ReliabilityBin[]; after: ReliabilityBin[] };
}

/** How often a scene model's points were right at each confidence, on scans it never trained on. */
export interface ConfidenceFigures {
  protocol?: string;
  /** labelled points scored */
  points: number;
  accuracy: number;
  /** expected calibration error over the bins */
  ece: number;
  bins: ReliabilityBin[];
  /** with a threshold: the share of points at or above it, their accuracy and the others' */
  sure_share?: number;
  sure_accuracy?: number | null;
  rest_accuracy?: number | null;
}

/** How often a scene model's boxes matched a true object of their class, on scans it never trained on. */
export interface BoxFigures {
  protocol?: string;
  /** boxes found, those that matched, and the true objects */
  boxes: number;
  right: number;
  true_boxes: number;
  /** right / boxes; null where no box was found */
  precision: number | null;
  /** with a threshold: the boxes at or above it, how often they and the others were right, and the share of true objects they found */
  sure_boxes?: number;
  sure_precision?: number | null;
  rest_precision?: number | null;
  sure_recall?: number | null;
}

/** A threshold chosen on validation scans as the lowest at which what scored at or above it was right at least `target` of the time. */
interface SureThreshold<F> {
  /** null where no value reached the target */
  sureAbove: number | null;
  target: number;
  protocol: string;
  validation: F;
  /** the held-out test scans at the same threshold, scored once */
  test?: F;
}

/**
 * Scene models: the confidence from which a point counts as sure (training/segment_confidence.py),
 * and the same measure of the boxes' scores.
 */
export interface SceneConfidence extends SureThreshold<ConfidenceFigures> {
  boxes?: SureThreshold<BoxFigures>;
}

/**
 * Classifiers: outputs for looking inside the network, added to the export by training/
 * (models/critical_output.py). The input's points axis is free, so any number of points may be
 * asked about at once.
 */
export interface ExplainContract {
  /** [views, channels]: the global feature, the max over the points */
  feature: string;
  /** [views, channels]: the index of the point that wins each channel of the global max pool (int64; the engine gives floats) */
  critical: string;
  /** [batch, channels, points]: every point's features before the pool; large, so fetched only when asked for */
  pointFeatures: string;
  /** the network after the pool as a model of its own (a file beside this one): global feature in, logits out */
  head: { file: string; bytes: number; inputName: string; outputName: string };
}

/**
 * Scene models: a second network that looks at each box proposal as one object (training/
 * instance_classifier.py) and revises the boxes and their points' labels (classifyInstances.ts).
 */
export interface InstanceContract {
  /** path of its ONNX file relative to models/ */
  file: string;
  bytes: number;
  inputName: string;
  outputName: string;
  /** points a proposal is resampled to */
  points: number;
  /**
   * true where the graph's points axis is free and its output is the same for a proposal's points
   * read once each as for the even sample's repeats of them (per-point layers and a max pool): a
   * proposal of fewer points is then read at fewer (classifyInstances.ts `pointsRead`)
   */
  freePoints?: boolean;
  /** per-point features in tensor order (BCN) */
  features: string[];
  /** output classes: names of the scene model's classes, then "none" (not an object) last */
  classes: string[];
  /**
   * where proposals come from: one-class components at each voxel size, and with `agnostic` also
   * those of all object points; with `pieces`, the over-segmentation's object pieces and their merges
   */
  proposals: { agnostic: boolean; voxels: number[]; pieces?: PieceProposalParams };
  /** a kept box at least this sure gives its class to its points */
  relabelAt: number;
  metrics?: Record<string, unknown>;
}

export interface ModelEntry {
  id: string;
  name: string;
  task: ModelTask;
  /** path of the ONNX file relative to models/ */
  file: string;
  /** size of the ONNX file in bytes */
  bytes: number;
  input: InputContract;
  /** the network's output where its layout matters (segmentation: logits or probabilities per point) */
  output?: {
    name: string;
    layout: 'BCN' | 'BNC';
    shape: (string | number)[];
    /** what the numbers are: 'probabilities' where the graph ends in a softmax; absent means logits */
    values?: 'logits' | 'probabilities';
    meaning?: string;
  };
  classes: ClassInfo[];
  calibration?: Calibration;
  openSet?: OpenSetContract;
  explain?: ExplainContract;
  instances?: InstanceContract;
  confidence?: SceneConfidence;
  /** measured on held-out data by training/; free-form keys (oa, macc, miou, per_source, ...) */
  metrics: Record<string, unknown>;
  /** where the training and test data came from, in words a user can read */
  data: { sources: string[]; split: string; description?: string };
  /** extra files next to the model, e.g. the confusion matrix */
  artifacts?: Record<string, string>;
}

export interface Manifest {
  version: 1;
  models: ModelEntry[];
}

function fail(path: string, what: string): never {
  throw new Error(`models/manifest.json: ${path} ${what}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function validateBins(bins: unknown, p: string): void {
  if (!Array.isArray(bins)) fail(p, 'must list the bins');
  bins.forEach((b, j) => {
    const q = `${p}[${j}]`;
    if (!isObj(b) || !isFiniteNumber(b.low) || !isFiniteNumber(b.high) || !(b.low < b.high)) fail(q, 'needs low < high');
    if (!Number.isInteger(b.count) || (b.count as number) < 0) fail(`${q}.count`, 'must be a whole number');
    for (const k of ['confidence', 'accuracy'] as const) {
      const v = b[k];
      const empty = b.count === 0;
      if (empty ? v !== null : !(isFiniteNumber(v) && v >= 0 && v <= 1)) fail(`${q}.${k}`, empty ? 'must be null in an empty bin' : 'must be in 0..1');
    }
  });
}

function validateCalibration(c: unknown, p: string): void {
  if (!isObj(c)) fail(p, 'is not an object');
  if (!isFiniteNumber(c.temperature) || c.temperature <= 0) fail(`${p}.temperature`, 'must be a positive number');
  if (c.reliability !== undefined) {
    if (!isObj(c.reliability)) fail(`${p}.reliability`, 'is not an object');
    validateBins(c.reliability.before, `${p}.reliability.before`);
    validateBins(c.reliability.after, `${p}.reliability.after`);
  }
}

function validateConfidenceFigures(f: unknown, p: string): void {
  if (!isObj(f)) fail(p, 'is not an object');
  if (!Number.isInteger(f.points) || (f.points as number) <= 0) fail(`${p}.points`, 'must be a positive whole number');
  for (const k of ['accuracy', 'ece'] as const) if (!(isFiniteNumber(f[k]) && f[k] >= 0 && f[k] <= 1)) fail(`${p}.${k}`, 'must be in 0..1');
  validateBins(f.bins, `${p}.bins`);
}

function validateBoxFigures(f: unknown, p: string): void {
  if (!isObj(f)) fail(p, 'is not an object');
  for (const k of ['boxes', 'right', 'true_boxes'] as const) if (!Number.isInteger(f[k]) || (f[k] as number) < 0) fail(`${p}.${k}`, 'must be a whole number');
  if ((f.right as number) > Math.min(f.boxes as number, f.true_boxes as number)) fail(`${p}.right`, 'cannot exceed the boxes found or the true ones');
  if (f.boxes === 0 ? f.precision !== null : !(isFiniteNumber(f.precision) && f.precision >= 0 && f.precision <= 1)) {
    fail(`${p}.precision`, f.boxes === 0 ? 'must be null where no box was found' : 'must be in 0..1');
  }
}

function validateSureThreshold(c: unknown, p: string, validateFigures: (f: unknown, p: string) => void): void {
  if (!isObj(c)) fail(p, 'is not an object');
  if (c.sureAbove !== null && !(isFiniteNumber(c.sureAbove) && c.sureAbove > 0 && c.sureAbove <= 1)) fail(`${p}.sureAbove`, 'must be in (0, 1], or null');
  if (!(isFiniteNumber(c.target) && c.target > 0 && c.target <= 1)) fail(`${p}.target`, 'must be in (0, 1]');
  if (typeof c.protocol !== 'string' || !c.protocol.length) fail(`${p}.protocol`, 'must say how it was measured');
  validateFigures(c.validation, `${p}.validation`);
  if (c.test !== undefined) validateFigures(c.test, `${p}.test`);
}

function validateConfidence(c: unknown, p: string): void {
  validateSureThreshold(c, p, validateConfidenceFigures);
  if (isObj(c) && c.boxes !== undefined) validateSureThreshold(c.boxes, `${p}.boxes`, validateBoxFigures);
}

function validateOpenSet(o: unknown, classes: string[], p: string): void {
  if (!isObj(o)) fail(p, 'is not an object');
  if (!OOD_SCORES.includes(o.score as OodScoreName)) fail(`${p}.score`, `must be one of ${OOD_SCORES.join(', ')}`);
  if (!isFiniteNumber(o.threshold)) fail(`${p}.threshold`, 'must be a number');
  if (typeof o.outputName !== 'string' || !o.outputName.length) fail(`${p}.outputName`, 'must name the model output');
  if (o.neighbours !== undefined) validateBank(o.neighbours, `${p}.neighbours`);
  if (o.proportions !== undefined) validateProportions(o.proportions, classes, `${p}.proportions`);
}

function validateProportions(o: unknown, classes: string[], p: string): void {
  if (!isObj(o)) fail(p, 'is not an object');
  const ratios = o.ratios;
  if (!Array.isArray(ratios) || !ratios.length || !ratios.every((r) => PROPORTION_RATIOS.includes(r))) fail(`${p}.ratios`, `must list some of ${PROPORTION_RATIOS.join(', ')}`);
  if (!isFiniteNumber(o.margin) || o.margin < 0) fail(`${p}.margin`, 'must be a number of at least 0');
  if (!isObj(o.ranges)) fail(`${p}.ranges`, 'is not an object');
  for (const name of classes) {
    const r = o.ranges[name];
    const pairs = Array.isArray(r) && r.length === ratios.length && r.every((v) => Array.isArray(v) && v.length === 2 && isFiniteNumber(v[0]) && isFiniteNumber(v[1]) && v[0] <= v[1]);
    if (!pairs) fail(`${p}.ranges.${name}`, `must give a [least, largest] pair for each of ${ratios.join(', ')}`);
  }
}

function validateBank(b: unknown, p: string): void {
  if (!isObj(b)) fail(p, 'is not an object');
  for (const k of ['outputName', 'file'] as const) {
    if (typeof b[k] !== 'string' || !(b[k] as string).length) fail(`${p}.${k}`, 'must be a non-empty string');
  }
  if (!isFiniteNumber(b.bytes) || b.bytes <= 0) fail(`${p}.bytes`, 'must be a positive number');
  if (!Number.isInteger(b.rows) || (b.rows as number) <= 0) fail(`${p}.rows`, 'must be a positive integer');
}

function validateInstances(c: unknown, sceneClasses: string[], p: string): void {
  if (!isObj(c)) fail(p, 'is not an object');
  for (const k of ['file', 'inputName', 'outputName'] as const) {
    if (typeof c[k] !== 'string' || !(c[k] as string).length) fail(`${p}.${k}`, 'must be a non-empty string');
  }
  if (!isFiniteNumber(c.bytes) || c.bytes <= 0) fail(`${p}.bytes`, 'must be a positive number');
  if (!Number.isInteger(c.points) || (c.points as number) <= 0) fail(`${p}.points`, 'must be a positive integer');
  if (!Array.isArray(c.features) || c.features.length !== PROPOSAL_FEATURES.length) fail(`${p}.features`, `must list the ${PROPOSAL_FEATURES.length} proposal features`);
  const classes = c.classes;
  if (!Array.isArray(classes) || classes.length < 2 || classes[classes.length - 1] !== 'none') fail(`${p}.classes`, 'must list object classes and end with "none"');
  const unknown = classes.slice(0, -1).filter((n) => !sceneClasses.includes(n as string));
  if (unknown.length) fail(`${p}.classes`, `names classes the scene model does not have: ${unknown.join(', ')}`);
  const prop = c.proposals;
  if (!isObj(prop) || typeof prop.agnostic !== 'boolean' || !Array.isArray(prop.voxels) || !prop.voxels.every((v) => isFiniteNumber(v) && v > 0)) {
    fail(`${p}.proposals`, 'must give agnostic (true or false) and positive voxel sizes');
  }
  const pieces = prop.pieces;
  if (pieces !== undefined) {
    const positive = ['k', 'maxDifference', 'maxExtent'] as const;
    if (!isObj(pieces) || !positive.every((k) => isFiniteNumber(pieces[k]) && pieces[k] > 0) || !Number.isInteger(pieces.minCells)
      || (pieces.minCells as number) < 1 || !isFiniteNumber(pieces.colourWeight) || pieces.colourWeight < 0) {
      fail(`${p}.proposals.pieces`, 'must give positive k, maxDifference and maxExtent, a whole minCells of at least 1 and a colourWeight of at least 0');
    }
  }
  if (!prop.voxels.length && pieces === undefined) fail(`${p}.proposals`, 'must give voxel sizes or pieces');
  if (!isFiniteNumber(c.relabelAt) || c.relabelAt < 0 || c.relabelAt > 1) fail(`${p}.relabelAt`, 'must be in 0..1');
  if (c.freePoints !== undefined && typeof c.freePoints !== 'boolean') fail(`${p}.freePoints`, 'must be true or false');
}

function validateEntry(m: unknown, i: number): ModelEntry {
  const p = `models[${i}]`;
  if (!isObj(m)) fail(p, 'is not an object');
  for (const k of ['id', 'name', 'file'] as const) {
    if (typeof m[k] !== 'string' || !(m[k] as string).length) fail(`${p}.${k}`, 'must be a non-empty string');
  }
  if (m.task !== 'classification' && m.task !== 'semantic-segmentation') fail(`${p}.task`, 'is not a known task');
  if (typeof m.bytes !== 'number' || m.bytes <= 0) fail(`${p}.bytes`, 'must be a positive number');
  const inp = m.input;
  if (!isObj(inp)) fail(`${p}.input`, 'is missing');
  if (!Number.isInteger(inp.points) || (inp.points as number) <= 0) fail(`${p}.input.points`, 'must be a positive integer');
  if (!Array.isArray(inp.features) || !inp.features.every((f) => typeof f === 'string')) fail(`${p}.input.features`, 'must list feature names');
  if (inp.layout !== 'BCN' && inp.layout !== 'BNC') fail(`${p}.input.layout`, 'must be BCN or BNC');
  if (inp.normalization !== 'unit-sphere' && inp.normalization !== 'block') fail(`${p}.input.normalization`, 'is unknown');
  if (inp.upAxis !== 'y' && inp.upAxis !== 'z') fail(`${p}.input.upAxis`, 'must be y or z');
  if (inp.sampling !== 'fps' && inp.sampling !== 'random') fail(`${p}.input.sampling`, 'must be fps or random');
  if (typeof inp.inputName !== 'string' || typeof inp.outputName !== 'string') fail(`${p}.input`, 'needs inputName and outputName');
  if (inp.views !== undefined && (!Number.isInteger(inp.views) || (inp.views as number) < 1)) fail(`${p}.input.views`, 'must be a positive integer');
  if (m.task === 'semantic-segmentation' && !isObj(inp.block)) fail(`${p}.input.block`, 'is required for segmentation');
  if (inp.level !== undefined && typeof inp.level !== 'boolean') fail(`${p}.input.level`, 'must be true or false');
  const values = isObj(m.output) ? m.output.values : undefined;
  if (values !== undefined && values !== 'logits' && values !== 'probabilities') fail(`${p}.output.values`, 'must be logits or probabilities');
  if (!Array.isArray(m.classes) || m.classes.length < 2) fail(`${p}.classes`, 'must list at least two classes');
  m.classes.forEach((c, j) => {
    if (!isObj(c) || typeof c.name !== 'string') fail(`${p}.classes[${j}]`, 'needs a name');
    const col = c.color;
    if (!Array.isArray(col) || col.length !== 3 || !col.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      fail(`${p}.classes[${j}].color`, 'must be three integers 0..255');
    }
  });
  if (m.calibration !== undefined) validateCalibration(m.calibration, `${p}.calibration`);
  if (m.openSet !== undefined) validateOpenSet(m.openSet, m.classes.map((c) => (c as { name: string }).name), `${p}.openSet`);
  if (m.explain !== undefined) {
    const e = m.explain;
    if (!isObj(e) || !(['feature', 'critical', 'pointFeatures'] as const).every((k) => typeof e[k] === 'string' && (e[k] as string).length)) {
      fail(`${p}.explain`, 'must name the feature, critical and pointFeatures outputs');
    }
    const h = e.head;
    if (!isObj(h) || !(['file', 'inputName', 'outputName'] as const).every((k) => typeof h[k] === 'string' && (h[k] as string).length) || !isFiniteNumber(h.bytes)) {
      fail(`${p}.explain.head`, 'must give the head model\'s file, bytes, inputName and outputName');
    }
  }
  if (m.confidence !== undefined) validateConfidence(m.confidence, `${p}.confidence`);
  if (m.instances !== undefined) validateInstances(m.instances, m.classes.map((c) => (c as ClassInfo).name), `${p}.instances`);
  if (!isObj(m.metrics)) fail(`${p}.metrics`, 'is missing');
  if (!isObj(m.data) || !Array.isArray(m.data.sources)) fail(`${p}.data.sources`, 'is missing');
  return m as unknown as ModelEntry;
}

/** Checks a parsed manifest and returns it typed; throws with the path of the first problem. */
export function validateManifest(json: unknown): Manifest {
  if (!isObj(json)) fail('', 'is not an object');
  if (json.version !== 1) fail('version', 'must be 1');
  if (!Array.isArray(json.models)) fail('models', 'must be an array');
  const models = json.models.map(validateEntry);
  const ids = new Set<string>();
  for (const m of models) {
    if (ids.has(m.id)) fail(`models`, `has the id ${m.id} twice`);
    ids.add(m.id);
  }
  return { version: 1, models };
}

/**
 * The classifier's head (global feature -> logits) as an entry of its own, for the engine to load
 * like any model; its input contract is the head's, one feature vector a sample.
 */
export function headEntry(entry: ModelEntry): ModelEntry {
  const head = entry.explain?.head;
  if (!head) throw new Error(`Model ${entry.id} has no head model (its manifest entry has no explain.head)`);
  const { explain: _, openSet: __, ...rest } = entry;
  return { ...rest, id: `${entry.id}-head`, name: `${entry.name}, head`, file: head.file, bytes: head.bytes, input: { ...entry.input, inputName: head.inputName, outputName: head.outputName } };
}

/** The bundled model of a task (the manifest holds at most one per task that the app uses). */
export function findModel(models: readonly ModelEntry[], task: ModelTask): ModelEntry | undefined {
  return models.find((m) => m.task === task);
}

/** A scene model's instance classifier as an entry of its own, for the engine to load like any model. */
export function instanceEntry(entry: ModelEntry): ModelEntry {
  const inst = entry.instances;
  if (!inst) throw new Error(`Model ${entry.id} has no instance classifier (its manifest entry has no instances)`);
  const { instances: _, output: __, ...rest } = entry;
  return {
    ...rest,
    id: `${entry.id}-instances`,
    name: `${entry.name}, instance classifier`,
    file: inst.file,
    bytes: inst.bytes,
    input: { ...entry.input, points: inst.points, features: inst.features, inputName: inst.inputName, outputName: inst.outputName },
  };
}
