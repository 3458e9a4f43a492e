// The one place that knows onnxruntime-web. It runs in the inference worker (browser) and in the
// CLI (Node), so it touches no DOM: only `navigator.gpu` where it exists.
import * as ort from 'onnxruntime-web';
import type { ModelEntry } from '../core/ml/manifest';
import { createRng } from '../core/random';
import { MODEL_RUN_FAILED, type RunModel, type RunModelOutputs } from '../core/ml/runModel';

export type Backend = 'webgpu' | 'wasm';
export type BackendRequest = Backend | 'auto';

export interface EngineOptions {
  /** where ORT's .wasm/.mjs files are served from (browser only) */
  wasmPaths?: string;
  /** threads for the WASM provider; threads need cross-origin isolation in a browser */
  numThreads?: number;
  /** ORT's log level; 'verbose' makes it print where each node is placed */
  logLevel?: 'verbose' | 'info' | 'warning' | 'error';
}

export interface ModelSession {
  entry: ModelEntry;
  /** the provider that ran the last run: a WebGPU failure switches a session to WASM for good */
  backend(): Backend;
  /** the manifest's output (`input.outputName`) */
  run: RunModel;
  /** every output of the model by name */
  runOutputs: RunModelOutputs;
  /** why WebGPU was given up for this session, if it was */
  fallbackReason(): string | undefined;
}

/**
 * An output's values as floats: the classifier's `critical` output is ArgMax's int64 (WebGPU
 * cannot cast it in the graph); point indices are exact in float32.
 */
export function asFloats(data: unknown): Float32Array {
  if (data instanceof Float32Array) return data;
  if (data instanceof BigInt64Array) return Float32Array.from(data, Number);
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return Float32Array.from(data as unknown as ArrayLike<number>);
  throw new Error('a model output is not a numeric tensor');
}

let configured = false;

export function configureEngine(options: EngineOptions): void {
  if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.wasm.numThreads = Math.max(1, options.numThreads ?? 1);
  if (options.logLevel) ort.env.logLevel = options.logLevel;
  configured = true;
}

/** What WebGPU says of its adapter (the DOM typings of this TypeScript lack it). */
export interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The providers to try, best first, and why. */
export interface ProviderChoice {
  order: Backend[];
  why: string;
}

/**
 * WebGPU only where it helps: on a software adapter (SwiftShader, llvmpipe) a PointNet run takes
 * about a second against a few milliseconds in WASM (DESIGN.md), so there WASM goes first.
 * `adapter` is null where the browser has WebGPU but no adapter, undefined where it has none.
 */
export function chooseProviders(request: BackendRequest, adapter: AdapterInfo | null | undefined): ProviderChoice {
  if (request === 'wasm') return { order: ['wasm'], why: 'WASM was asked for' };
  if (request === 'webgpu') return { order: ['webgpu', 'wasm'], why: 'WebGPU was asked for' };
  if (adapter === undefined) return { order: ['wasm'], why: 'this browser has no WebGPU' };
  if (adapter === null) return { order: ['wasm'], why: 'WebGPU gave no adapter' };
  const name = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ');
  if (adapter.isFallbackAdapter || /swiftshader|llvmpipe|software/i.test(name)) {
    return { order: ['wasm'], why: `the WebGPU adapter is a software one${name ? ` (${name})` : ''}, slower than WASM` };
  }
  return { order: ['webgpu', 'wasm'], why: `a hardware WebGPU adapter${name ? ` (${name})` : ''}` };
}

/** The providers for a request, from the adapter this browser (or Node, which has none) gives. */
export async function backendOrder(request: BackendRequest): Promise<ProviderChoice> {
  const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } } | undefined)?.gpu;
  let adapter: AdapterInfo | null | undefined;
  if (gpu && request === 'auto') {
    try {
      const found = await gpu.requestAdapter();
      adapter = found ? (found.info ?? {}) : null;
    } catch {
      adapter = null;
    }
  }
  return chooseProviders(request, adapter);
}

/** What the engine needs of an ORT session: tests stand in a session whose provider fails. */
export type SessionFactory = (bytes: Uint8Array, backend: Backend) => Promise<Pick<ort.InferenceSession, 'run' | 'release' | 'outputNames'>>;

async function createSession(bytes: Uint8Array, backend: Backend): Promise<ort.InferenceSession> {
  // One provider per session, so that we know which one runs; falling back is our decision.
  return ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
    logSeverityLevel: ort.env.logLevel === 'verbose' ? 0 : 2,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads a model on the first provider of `order` that accepts it. Runs are serialised per
 * session (ORT sessions are not re-entrant on WebGPU); a WebGPU run that fails (e.g. a lost
 * device) is retried once on WASM, and the session stays on WASM after that. A run that fails on
 * WASM rejects with a MODEL_RUN_FAILED error.
 */
export async function loadModel(entry: ModelEntry, bytes: Uint8Array, order: Backend[], create: SessionFactory = createSession): Promise<ModelSession> {
  if (!configured) configureEngine({});
  let session: Awaited<ReturnType<SessionFactory>> | undefined;
  let backend: Backend = order[0];
  let reason: string | undefined;
  const errors: string[] = [];
  for (const candidate of order) {
    try {
      session = await create(bytes, candidate);
      backend = candidate;
      break;
    } catch (error) {
      errors.push(`${candidate}: ${describe(error)}`);
      if (candidate === 'webgpu') reason = `WebGPU session failed: ${describe(error)}`;
    }
  }
  if (!session) throw new Error(`Model "${entry.name}" could not be loaded (${errors.join('; ')})`);

  const { inputName, outputName } = entry.input;
  let queue: Promise<unknown> = Promise.resolve();

  // an output fetched only on demand is copied out of the runtime only then (a classifier's
  // per-point features are 2 MB a view)
  const onDemand = new Set(entry.explain ? [entry.explain.pointFeatures] : []);
  const runOnce = async (input: Float32Array, dims: number[], names?: readonly string[]): Promise<Record<string, Float32Array>> => {
    const feeds = { [inputName]: new ort.Tensor('float32', input, dims) };
    const fetches = names ?? session!.outputNames.filter((n) => !onDemand.has(n));
    const data: Record<string, Float32Array> = {};
    try {
      const outputs = await session!.run(feeds, fetches);
      for (const [name, t] of Object.entries(outputs)) {
        data[name] = asFloats(await t.getData());
        t.dispose();
      }
    } catch (error) {
      // the runtime failed, not the model's contract: its owner may need to start afresh
      throw Object.assign(new Error(describe(error)), { name: MODEL_RUN_FAILED });
    }
    if (!names && !data[outputName]) throw new Error(`Model "${entry.name}" has no output named ${outputName}`);
    return data;
  };

  const runWithFallback = async (input: Float32Array, dims: number[], names?: readonly string[]): Promise<Record<string, Float32Array>> => {
    try {
      return await runOnce(input, dims, names);
    } catch (error) {
      if (backend !== 'webgpu') throw error;
      reason = `WebGPU run failed, switched to WASM: ${describe(error)}`;
      const old = session!;
      session = await create(bytes, 'wasm');
      backend = 'wasm';
      void old.release().catch(() => undefined);
      return runOnce(input, dims, names);
    }
  };

  const runOutputs: RunModelOutputs = (input, dims, names) => {
    const result = queue.then(() => runWithFallback(input, dims, names));
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    entry,
    backend: () => backend,
    fallbackReason: () => reason,
    runOutputs,
    run: async (input, dims) => (await runOutputs(input, dims))[outputName],
  };
}

function oneSampleDims(model: ModelSession): number[] {
  const { points, features, layout } = model.entry.input;
  return layout === 'BCN' ? [1, features.length, points] : [1, points, features.length];
}

/** One run on zeros of the model's input shape: the first WebGPU run compiles its shaders. */
export async function warmUp(model: ModelSession): Promise<number> {
  const dims = oneSampleDims(model);
  const t0 = performance.now();
  await model.run(new Float32Array(dims[1] * dims[2]), dims);
  return performance.now() - t0;
}

/** How long a warmed-up model is run for its sample cost. */
export const SETTLE_BUDGET_MS = 1000;

/**
 * What one network sample costs once the runtime has settled: the least of the runs made within
 * `budgetMs` (at least two), on values spread like a block's. A WASM session's first runs are
 * several times slower while the engine compiles its hot code behind them (the segmenter in Node,
 * one sample a run: 126, 94, 87 and 53 ms, then 9), so a single run after the warm-up put a scene's
 * time at four to seven times what it took.
 */
export async function settledSampleMs(model: ModelSession, budgetMs = SETTLE_BUDGET_MS): Promise<number> {
  const dims = oneSampleDims(model);
  const input = new Float32Array(dims[1] * dims[2]);
  const rng = createRng(1);
  for (let i = 0; i < input.length; i++) input[i] = rng();
  const start = performance.now();
  let least = Infinity;
  for (let runs = 0; runs < 2 || performance.now() - start < budgetMs; runs++) {
    const t0 = performance.now();
    await model.run(input, dims);
    least = Math.min(least, performance.now() - t0);
  }
  return least;
}
