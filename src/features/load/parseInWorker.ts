// Parsing in a worker started per call: a crash or out-of-memory there fails this parse only, and
// the worker is always ended, whether the parse succeeded, failed or was abandoned.
import type { InputFile } from '../../core/types';
import type { ParseHandlers, ParseReply } from '../../workers/parse.worker';
import { createRpcClient } from '../../workers/rpc';

export async function parseInWorker(files: InputFile[], options: { onProgress?: (f: number) => void; signal?: AbortSignal } = {}): Promise<ParseReply> {
  const worker = new Worker(new URL('../../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<ParseHandlers>(worker);
  try {
    // The bytes are not kept here, so they move to the worker instead of being copied.
    return await client.call('parse', { files }, { transfer: files.map((f) => f.bytes.buffer), onProgress: options.onProgress, signal: options.signal });
  } finally {
    client.terminate();
  }
}
