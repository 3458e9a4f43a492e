// Main-thread side of inference: one worker for the app's lifetime, initialised once with the
// manifest and the provider the URL asks for (`?backend=webgpu|wasm`, default: best available).
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

/** Starts the inference worker and reads the manifest; a failed start stops the worker. */
export async function startInference(): Promise<Inference> {
  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module' });
  const rpc = createRpcClient<InferenceHandlers>(worker);
  try {
    const models = await rpc.call('init', {
      baseUrl: new URL(import.meta.env.BASE_URL, location.href).href,
      backend: backendFromUrl(location.search),
      verbose: new URLSearchParams(location.search).has('ortVerbose'),
    });
    return { rpc, models };
  } catch (error) {
    rpc.terminate();
    throw error;
  }
}
