// Main-thread side of inference: one worker, initialised once with the manifest and the provider
// the URL asks for (`?backend=webgpu|wasm`, default: best available); one that replaces a worker
// that failed runs on WASM and carries the reason.
import type { ModelEntry } from '../core/ml/manifest';
import type { BackendRequest } from '../inference/engine';
import type { InferenceHandlers } from './inference.worker';
import { createRpcClient, type RpcClient } from './rpc';

export type InferenceClient = RpcClient<InferenceHandlers>;

export interface Inference {
  rpc: InferenceClient;
  models: ModelEntry[];
}

function backendFromUrl(search: string): BackendRequest {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

export interface StartOptions {
  /** why this worker replaces one that failed: it runs on WASM */
  restartReason?: string;
  /** the worker failed (an uncaught error, out of memory); it is already ended */
  onFailure?: (reason: string) => void;
}

/** Starts the inference worker and reads the manifest; a failed start stops the worker. */
export async function startInference(options: StartOptions = {}): Promise<Inference> {
  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module' });
  const rpc = createRpcClient<InferenceHandlers>(worker, options.onFailure);
  try {
    const models = await rpc.call('init', {
      baseUrl: new URL(import.meta.env.BASE_URL, location.href).href,
      backend: options.restartReason ? 'wasm' : backendFromUrl(location.search),
      verbose: new URLSearchParams(location.search).has('ortVerbose'),
      restartReason: options.restartReason,
    });
    return { rpc, models };
  } catch (error) {
    rpc.terminate();
    throw error;
  }
}
