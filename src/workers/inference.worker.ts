// Thin adapter: the models of the manifest, loaded once each on the best provider, answering one
// call per recognition with the pure entries of core/ml. A scene run pushes what each batch
// changed and stops when the caller aborts. Runs off the main thread so that a 1M-point
// segmentation never freezes the page.
import { classifyObject } from '../core/ml/classifyObject';
import { probeObject, type ProbeKind, type ProbeResult } from '../core/ml/explain/probes';
import { pointSaliency } from '../core/ml/explain/saliency';
import { upperBoundShape } from '../core/ml/explain/upperBound';
import { findModel, headEntry, instanceEntry, validateManifest, type BankContract, type Manifest, type ModelEntry, type ModelTask } from '../core/ml/manifest';
import { parseShapeBank, type ShapeBank } from '../core/ml/nearestShapes';
import { estimateRecognition, recognitionCost, recognizeScene, type SceneUpdate } from '../core/ml/recognizeScene';
import type { SignedAxis } from '../core/geometry/signedAxis';
import type { RunModel } from '../core/ml/runModel';
import { positionsInModelFrame } from '../core/ml/sceneFrame';
import type { Geometry, LengthUnit, ScalarArray, UpAxis } from '../core/types';
import { backendOrder, configureEngine, loadModel, settledSampleMs, warmUp, type BackendRequest, type ModelSession } from '../inference/engine';
import type { ClassifyReply, InferenceInit, ModelStatus, ObjectInput, SaliencyReply, SceneInput, SegmentReply, UpperBoundReply } from './inferenceProtocol';
import { exposeRpc, type EventContext, type RpcContext } from './rpc';

let baseUrl = '';
let request: BackendRequest = 'auto';
let restartReason: string | undefined;
let manifest: Manifest | undefined;
const sessions = new Map<string, Promise<{ session: ModelSession; status: () => ModelStatus }>>();
/**
 * a segmenter's cost of one sample, per model and provider: timed once for the first estimate, then
 * what the last whole recognition took a sample, which counts what the timing cannot (a page busy
 * drawing, the machine's other work)
 */
const sampleCosts = new Map<string, Promise<number>>();
const costKey = (entry: ModelEntry, s: ModelSession) => `${entry.id} ${s.backend()}`;

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function modelFor(task: ModelTask): ModelEntry {
  if (!manifest) throw new Error('The models are not initialised yet');
  const entry = findModel(manifest.models, task);
  if (!entry) throw new Error(`No ${task} model is bundled (models/manifest.json)`);
  return entry;
}

/** The model's session, loaded on first use with progress reported to the call that needed it. */
function session(entry: ModelEntry, ctx: RpcContext) {
  let pending = sessions.get(entry.id);
  if (!pending) {
    pending = (async () => {
      const t0 = performance.now();
      ctx.progress(0.1, `downloading ${entry.name}`);
      const bytes = await fetchBytes(`${baseUrl}models/${entry.file}`);
      ctx.progress(0.5, `starting ${entry.name}`);
      const providers = await backendOrder(request);
      const s = await loadModel(entry, bytes, providers.order);
      const loadMs = performance.now() - t0;
      ctx.progress(0.8, `warming up ${entry.name}`);
      const warmupMs = await warmUp(s);
      // read at each answer: a WebGPU failure later in the session switches it to WASM
      const status = (): ModelStatus => ({
        id: entry.id,
        name: entry.name,
        task: entry.task,
        backend: s.backend(),
        loadMs,
        warmupMs,
        providerReason: providers.why,
        fallbackReason: s.fallbackReason(),
        restartReason,
      });
      return { session: s, status };
    })();
    sessions.set(entry.id, pending);
    // A failed load may be retried (e.g. after the user fixes the backend choice).
    pending.catch(() => sessions.delete(entry.id));
  }
  return pending;
}

const companions = new Map<string, Promise<ModelSession>>();

const banks = new Map<string, Promise<ShapeBank>>();

/** The training shapes of a classifier's bank rows, fetched on first use; a failed fetch is retried at the next call. */
function shapeBank(entry: ModelEntry, contract: BankContract): Promise<ShapeBank> {
  let pending = banks.get(entry.id);
  if (!pending) {
    pending = (async () => {
      const res = await fetch(`${baseUrl}models/${contract.file}`);
      if (!res.ok) throw new Error(`models/${contract.file}: HTTP ${res.status}`);
      return parseShapeBank(await res.text(), contract);
    })();
    banks.set(entry.id, pending);
    pending.catch(() => banks.delete(entry.id));
  }
  return pending;
}

/**
 * A model that comes with another (a classifier's head, a segmenter's instance classifier),
 * loaded on first use on the same providers.
 */
function companionSession(companion: ModelEntry): Promise<ModelSession> {
  let pending = companions.get(companion.id);
  if (!pending) {
    pending = (async () => loadModel(companion, await fetchBytes(`${baseUrl}models/${companion.file}`), (await backendOrder(request)).order))();
    companions.set(companion.id, pending);
    pending.catch(() => companions.delete(companion.id));
  }
  return pending;
}

function objectGeometry(object: ObjectInput): Geometry {
  return object.kind === 'mesh' && object.indices
    ? { kind: 'mesh', positions: object.positions, indices: object.indices, faceCount: object.indices.length / 3, groups: [], fields: {} }
    : { kind: 'points', positions: object.positions, fields: {} };
}

const handlers = {
  async init(params: InferenceInit): Promise<ModelEntry[]> {
    baseUrl = params.baseUrl;
    request = params.backend;
    restartReason = params.restartReason;
    const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    configureEngine({ wasmPaths: `${baseUrl}ort/`, numThreads: threads, logLevel: params.verbose ? 'verbose' : 'warning' });
    const res = await fetch(`${baseUrl}models/manifest.json`);
    if (!res.ok) throw new Error(`models/manifest.json: HTTP ${res.status}`);
    manifest = validateManifest(await res.json());
    return manifest.models;
  },

  async classify(params: { object: ObjectInput; upAxis: UpAxis | SignedAxis; topK: number }, ctx: RpcContext): Promise<ClassifyReply> {
    const entry = modelFor('classification');
    const { session: s, status } = await session(entry, ctx);
    ctx.progress(1, 'classifying');
    const contract = entry.openSet?.neighbours;
    let bank: ShapeBank | undefined;
    let bankError: string | undefined;
    // the classification stands without the names of its nearest training shapes
    if (contract) {
      try {
        bank = await shapeBank(entry, contract);
      } catch (error) {
        bankError = error instanceof Error ? error.message : String(error);
      }
    }
    const result = await classifyObject(objectGeometry(params.object), entry, s.runOutputs, { upAxis: params.upAxis, topK: params.topK, bank });
    const reply: ClassifyReply = { model: status(), result, ...(bankError && { bankError }) };
    return result.critical ? ctx.transfer(reply, [result.critical.positions.buffer]) : reply;
  },

  /** The classified object's upper-bound shape: the same sampling as `classify` for the same object and up. */
  async upperBound(params: { object: ObjectInput; upAxis: UpAxis | SignedAxis; resolution?: number }, ctx: RpcContext): Promise<UpperBoundReply> {
    const entry = modelFor('classification');
    const { session: s } = await session(entry, ctx);
    ctx.progress(1, 'testing the grid');
    const t0 = performance.now();
    const shape = await upperBoundShape(objectGeometry(params.object), entry, s.runOutputs, { upAxis: params.upAxis, resolution: params.resolution });
    return ctx.transfer({ ...shape, ms: performance.now() - t0 }, [shape.positions.buffer]);
  },

  /** Each sampled point's saliency for the top-1 class: the same sampling as `classify` for the same object and up. */
  async saliency(params: { object: ObjectInput; upAxis: UpAxis | SignedAxis; neighbours?: number }, ctx: RpcContext): Promise<SaliencyReply> {
    const entry = modelFor('classification');
    const { session: s } = await session(entry, ctx);
    const head = await companionSession(headEntry(entry));
    ctx.progress(1, 'dropping neighbourhoods');
    const t0 = performance.now();
    const sal = await pointSaliency(objectGeometry(params.object), entry, s.runOutputs, head.run, { upAxis: params.upAxis, neighbours: params.neighbours });
    return ctx.transfer({ ...sal, ms: performance.now() - t0 }, [sal.positions.buffer, sal.scores.buffer]);
  },

  /** The classified object changed by a probe at each value and classified again (the same sampling as `classify`). */
  async probe(
    params: { object: ObjectInput; upAxis: UpAxis | SignedAxis; kind: ProbeKind; values: number[] },
    ctx: RpcContext,
  ): Promise<{ classIndex: number; results: ProbeResult[] }> {
    const entry = modelFor('classification');
    const { session: s } = await session(entry, ctx);
    return probeObject(objectGeometry(params.object), entry, s.runOutputs, params.kind, params.values, { upAxis: params.upAxis });
  },

  /** How long a scene's recognition would take here: its samples at what one cost in the last recognition, or once the runtime had settled. */
  async estimateScene(params: { positions: Float32Array; upAxis: UpAxis | SignedAxis; unit?: LengthUnit }, ctx: RpcContext): Promise<{ samples: number; seconds: number }> {
    const entry = modelFor('semantic-segmentation');
    const { session: s } = await session(entry, ctx);
    const key = costKey(entry, s);
    let sampleMs = sampleCosts.get(key);
    if (!sampleMs) {
      ctx.progress(0.9, `timing ${entry.name}`);
      sampleMs = settledSampleMs(s);
      sampleCosts.set(key, sampleMs);
      sampleMs.catch(() => sampleCosts.delete(key));
    }
    return estimateRecognition(positionsInModelFrame(params.positions, params.upAxis, entry.input.upAxis), entry, await sampleMs, params.unit);
  },

  async segment(params: { scene: SceneInput; upAxis: UpAxis | SignedAxis; unit?: LengthUnit }, ctx: EventContext<SceneUpdate>): Promise<SegmentReply> {
    const entry = modelFor('semantic-segmentation');
    const { session: s, status } = await session(entry, ctx);
    const { positions, colors, label, instance } = params.scene;
    const fields: Record<string, ScalarArray> = {};
    if (label) fields.label = label;
    if (instance) fields.instance = instance;
    // A WASM run holds this thread and its promise settles as a microtask, so without a macrotask
    // break between batches the abort message would wait for the whole scene.
    const run: RunModel = async (input, dims) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return s.run(input, dims);
    };
    // loaded when the segmentation is done, so that a classifier that cannot load costs only the boxes' names
    const instances = entry.instances ? instanceEntry(entry) : undefined;
    const runInstances: RunModel | undefined = instances && (async (input, dims) => (await companionSession(instances)).run(input, dims));
    ctx.progress(0, 'segmenting');
    const result = await recognizeScene({ kind: 'points', positions, colors, fields }, entry, run, {
      upAxis: params.upAxis,
      unit: params.unit,
      signal: ctx.signal,
      runInstances,
      // an update says how far the run is, so it needs no progress message of its own
      onUpdate: (update) => ctx.emit(update, [update.points.buffer, update.pred.buffer, update.confidence.buffer]),
    });
    sampleCosts.set(costKey(entry, s), Promise.resolve(result.ms / recognitionCost(result.samples)));
    return ctx.transfer({ model: status(), result }, [result.pred.buffer, result.confidence.buffer]);
  },
};

export type InferenceHandlers = typeof handlers;

exposeRpc(handlers);
