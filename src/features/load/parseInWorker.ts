// Parsing in a worker started per call: a crash or out-of-memory there fails this parse only, and
// the worker is always ended, whether the parse succeeded, failed or was abandoned.
import type { InputFile } from '../../core/types';
import type { ParseHandlers, ParsePreview, ParseReply } from '../../workers/parse.worker';
import { createRpcClient, type RpcClient } from '../../workers/rpc';

async function inWorker<T>(run: (client: RpcClient<ParseHandlers>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('../../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<ParseHandlers>(worker);
  try {
    return await run(client);
  } finally {
    client.terminate();
  }
}

export function parseInWorker(files: InputFile[], options: { onProgress?: (f: number) => void; signal?: AbortSignal } = {}): Promise<ParseReply> {
  // The bytes are not kept here, so they move to the worker instead of being copied.
  return inWorker((client) => client.call('parse', { files }, { transfer: files.map((f) => f.bytes.buffer), onProgress: options.onProgress, signal: options.signal }));
}

/** One PLY file read by the worker as its bytes arrive (`size` 0 where unknown); `onPreview` gets a sample of the first points of a big cloud. */
export function parseStreamInWorker(
  name: string,
  stream: ReadableStream<Uint8Array>,
  size: number,
  options: { onProgress?: (f: number) => void; onPreview?: (preview: ParsePreview) => void } = {},
): Promise<ParseReply> {
  return inWorker((client) => client.call('parseStream', { name, stream, size }, { transfer: [stream], onProgress: options.onProgress, onEvent: options.onPreview }));
}
