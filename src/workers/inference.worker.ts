// Thin adapter: the models of the manifest, loaded once each on the best provider, answering
// classify / segment calls with the pure pipelines of core/ml. Runs off the main thread so that a
// 1M-point segmentation never freezes the page.
import { exposeRpc, type RpcContext } from './rpc';
import { validateManifest, type Manifest, type ModelEntry, type ModelTask } from '../core/ml/manifest';
import { classifyObject, type ClassificationResult } from '../core/ml/classifyObject';
import { segmentScene } from '../core/ml/segmentScene';
import type { RunModel } from '../core/ml/runModel';
import { sceneMetrics, type SceneMetrics } from '../core/ml/sceneMetrics';
import { boxInFileFrame, positionsInModelFrame } from '../core/ml/sceneFrame';
import { DEFAULT_INSTANCE_PARAMS } from '../core/geometry/instances';
import type { LabelledBox, PointCloud, ScalarArray, UpAxis } from '../core/types';
import {
  backendOrder,
  configureEngine,
  loadModel,
  warmUp,
  type Backend,
  type BackendRequest,
  type ModelSession,
} from '../inference/engine';

export interface InferenceInit {
  /** the app's base URL; models/ and ort/ are below it */
  baseUrl: string;
  backend: BackendRequest;
  /** log where ORT places each node (tests check that all run on WebGPU) */
  verbose?: boolean;
}

export interface ModelStatus {
  id: string;
  name: string;
  task: ModelTask;
  backend: Backend;
  loadMs: number;
  warmupMs: number;
  fallbackReason?: string;
}

/** Geometry as the worker needs it: the arrays are copies the worker may keep. */
export interface ObjectInput {
  kind: 'points' | 'mesh';
  positions: Float32Array;
  indices?: Uint32Array;
}

export interface SceneInput {
  positions: Float32Array;
  colors?: Uint8Array;
  /** the file's ground truth, where it has one: NYU40 ids and instance ids per point */
  label?: ScalarArray;
  instance?: ScalarArray;
}

export interface SceneResult {
  pred: Int32Array;
  confidence: Float32Array;
  boxes: LabelledBox[];
  backend: Backend;
  fallbackReason?: string;
  ms: number;
  blocks: number;
  metrics?: SceneMetrics;
}

export interface PartialScene {
  done: number;
  total: number;
  pred: Int32Array;
  confidence: Float32Array;
}

let baseUrl = '';
let request: BackendRequest = 'auto';
let manifest: Manifest | undefined;
const sessions = new Map<string, Promise<{ session: ModelSession; status: ModelStatus }>>();
let sceneAbort: AbortController | undefined;
let latestPartial: PartialScene | undefined;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function modelFor(task: ModelTask): ModelEntry {
  if (!manifest) throw new Error('The models are not initialised yet');
  const entry = manifest.models.find((m) => m.task === task);
  if (!entry) throw new Error(`No ${task} model is bundled (models/manifest.json)`);
  return entry;
}

function session(entry: ModelEntry, ctx?: RpcContext) {
  let pending = sessions.get(entry.id);
  if (!pending) {
    pending = (async () => {
      const t0 = performance.now();
      ctx?.progress(0.1, `downloading ${entry.name}`);
      const bytes = await fetchBytes(`${baseUrl}models/${entry.file}`);
      ctx?.progress(0.5, `starting ${entry.name}`);
      const s = await loadModel(entry, bytes, await backendOrder(request));
      const loadMs = performance.now() - t0;
      ctx?.progress(0.8, `warming up ${entry.name}`);
      const warmupMs = await warmUp(s);
      const status: ModelStatus = {
        id: entry.id,
        name: entry.name,
        task: entry.task,
        backend: s.backend(),
        loadMs,
        warmupMs,
        fallbackReason: s.fallbackReason(),
      };
      return { session: s, status };
    })();
    sessions.set(entry.id, pending);
    // A failed load may be retried (e.g. after the user fixes the backend choice).
    pending.catch(() => sessions.delete(entry.id));
  }
  return pending;
}

const handlers = {
  async init(params: InferenceInit): Promise<ModelEntry[]> {
    baseUrl = params.baseUrl;
    request = params.backend;
    const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    configureEngine({ wasmPaths: `${baseUrl}ort/`, numThreads: threads, logLevel: params.verbose ? 'verbose' : 'warning' });
    const res = await fetch(`${baseUrl}models/manifest.json`);
    if (!res.ok) throw new Error(`models/manifest.json: HTTP ${res.status}`);
    manifest = validateManifest(await res.json());
    return manifest.models;
  },

  async load(params: { task: ModelTask }, ctx: RpcContext): Promise<ModelStatus> {
    const { status } = await session(modelFor(params.task), ctx);
    return status;
  },

  async classify(
    params: { object: ObjectInput; upAxis: UpAxis; topK: number },
    ctx: RpcContext,
  ): Promise<ClassificationResult & { backend: Backend; fallbackReason?: string }> {
    const entry = modelFor('classification');
    const { session: s } = await session(entry, ctx);
    const { object } = params;
    const geometry =
      object.kind === 'mesh' && object.indices
        ? { kind: 'mesh' as const, positions: object.positions, indices: object.indices, faceCount: object.indices.length / 3, groups: [], fields: {} }
        : { kind: 'points' as const, positions: object.positions, fields: {} };
    const result = await classifyObject(geometry, entry, s.run, { upAxis: params.upAxis, topK: params.topK });
    return { ...result, backend: s.backend(), fallbackReason: s.fallbackReason() };
  },

  async segment(params: { scene: SceneInput; upAxis: UpAxis }, ctx: RpcContext): Promise<SceneResult> {
    const entry = modelFor('semantic-segmentation');
    const { session: s } = await session(entry, ctx);
    sceneAbort?.abort();
    const abort = new AbortController();
    sceneAbort = abort;
    latestPartial = undefined;
    const { positions, colors, label, instance } = params.scene;
    const fields: Record<string, ScalarArray> = {};
    if (label) fields.label = label;
    if (instance) fields.instance = instance;
    const modelUp = entry.input.upAxis;
    const cloud: PointCloud = { kind: 'points', positions: positionsInModelFrame(positions, params.upAxis, modelUp), colors, fields };
    const t0 = performance.now();
    try {
      // A WASM run holds this thread and its promise settles as a microtask, so without a macrotask
      // break between batches the partial-result and cancel messages would wait for the whole scene.
      const run: RunModel = async (input, dims) => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return s.run(input, dims);
      };
      const result = await segmentScene(cloud, entry, run, {
        signal: abort.signal,
        onProgress: (done, total) => ctx.progress(done / total, 'segmenting'),
        onPartial: (p) => {
          latestPartial = { done: p.done, total: p.total, pred: p.pred, confidence: p.confidence };
        },
      });
      const out: SceneResult = {
        pred: result.pred,
        confidence: result.confidence,
        boxes: result.boxes.map((b) => boxInFileFrame(b, modelUp, params.upAxis)),
        backend: s.backend(),
        fallbackReason: s.fallbackReason(),
        ms: performance.now() - t0,
        blocks: result.blocks,
        metrics: sceneMetrics(cloud, result.pred, result.boxes, entry.classes.map((c) => c.name), DEFAULT_INSTANCE_PARAMS.skip),
      };
      return ctx.transfer(out, [out.pred.buffer, out.confidence.buffer]);
    } finally {
      if (sceneAbort === abort) sceneAbort = undefined;
      latestPartial = undefined;
    }
  },

  /** A copy of the scene's predictions so far, for an overlay that grows as blocks finish. */
  segmentPartial(_: void, ctx: RpcContext): PartialScene | null {
    if (!latestPartial) return null;
    const copy = { ...latestPartial, pred: latestPartial.pred.slice(), confidence: latestPartial.confidence.slice() };
    return ctx.transfer(copy, [copy.pred.buffer, copy.confidence.buffer]);
  },

  cancelSegment(): boolean {
    if (!sceneAbort) return false;
    sceneAbort.abort();
    return true;
  },
};

export type InferenceHandlers = typeof handlers;

exposeRpc(handlers);
