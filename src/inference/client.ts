// Main-thread side of inference: one worker for the app's lifetime, initialised once with the
// manifest and the provider the URL asks for (`?backend=webgpu|wasm`, default: best available).
import { createRpcClient, type RpcClient } from '../workers/rpc';
import type { InferenceHandlers } from '../workers/inference.worker';
import type { BackendRequest } from './engine';

export type InferenceClient = RpcClient<InferenceHandlers>;

let client: Promise<{ rpc: InferenceClient; models: Awaited<ReturnType<InferenceHandlers['init']>> }> | undefined;

function backendFromUrl(search: string): BackendRequest {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

/** The shared inference worker, started on first use. A failed start can be retried. */
export function inference() {
  if (!client) {
    client = (async () => {
      const worker = new Worker(new URL('../workers/inference.worker.ts', import.meta.url), { type: 'module' });
      const rpc = createRpcClient<InferenceHandlers>(worker);
      const params = new URLSearchParams(location.search);
      try {
        const models = await rpc.call('init', {
          baseUrl: new URL(import.meta.env.BASE_URL, location.href).href,
          backend: backendFromUrl(location.search),
          verbose: params.has('ortVerbose'),
        });
        return { rpc, models };
      } catch (error) {
        rpc.terminate();
        throw error;
      }
    })();
    client.catch(() => {
      client = undefined;
    });
  }
  return client;
}
