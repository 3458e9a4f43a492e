// Schema of models/manifest.json, the only link between training/ and the app. The app never
// hard-codes a class list: names, colours and the input contract all come from here.
import type { UpAxis } from '../types';

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
  inputName: string;
  outputName: string;
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
  /** the network's output where its layout matters (segmentation: logits per point) */
  output?: { name: string; layout: 'BCN' | 'BNC'; shape: (string | number)[]; meaning?: string };
  classes: ClassInfo[];
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
  if (!Array.isArray(m.classes) || m.classes.length < 2) fail(`${p}.classes`, 'must list at least two classes');
  m.classes.forEach((c, j) => {
    if (!isObj(c) || typeof c.name !== 'string') fail(`${p}.classes[${j}]`, 'needs a name');
    const col = c.color;
    if (!Array.isArray(col) || col.length !== 3 || !col.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      fail(`${p}.classes[${j}].color`, 'must be three integers 0..255');
    }
  });
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

/** The bundled model of a task (the manifest holds at most one per task that the app uses). */
export function findModel(models: readonly ModelEntry[], task: ModelTask): ModelEntry | undefined {
  return models.find((m) => m.task === task);
}
