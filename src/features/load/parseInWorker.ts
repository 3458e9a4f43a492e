// Parsing in a worker started per call: a crash or out-of-memory there fails this parse only, and
// the worker is always ended, whether the parse succeeded, failed, was abandoned for a later file,
// or was given up by its watchdog (a reader stuck in a loop can be stopped no other way).
import { isCompanion } from '../../core/io';
import { parseGivenUpMessage, parseLimit } from '../../core/io/parseLimit';
import type { InputFile } from '../../core/types';
import type { ParseHandlers, ParsePreview, ParseReply, RegionReply, RegionRequest } from '../../workers/parse.worker';
import { READ_BUDGET_BYTES } from '../../core/io/limits';
import { createRpcClient, type RpcClient } from '../../workers/rpc';
import { watchParse } from './parseWatchdog';

export interface ParseInWorkerOptions {
  /** `stage`: what the worker is doing, where it says ('reading' a LAZ file's bytes before it decompresses them) */
  onProgress?: (f: number, stage?: string) => void;
  /** aborts the parse (a later file was opened) */
  signal?: AbortSignal;
  /** the person's limit in seconds; 0 or none: by the files' size */
  limitSeconds?: number;
  /** values a point in a headerless .bin, where the person chose it */
  recordValues?: number;
}

type WatchedCall = { onProgress: (f: number, stage?: string) => void; signal: AbortSignal };

/** Runs one call in a fresh worker under the watchdog, whose limit grows with `bytes`. */
async function inWatchedWorker<T>(name: string, bytes: number, options: ParseInWorkerOptions, run: (client: RpcClient<ParseHandlers>, call: WatchedCall) => Promise<T>): Promise<T> {
  const limit = parseLimit(bytes, options.limitSeconds ?? 0);
  const watchdog = watchParse(limit);
  const signal = options.signal ? AbortSignal.any([options.signal, watchdog.signal]) : watchdog.signal;
  const worker = new Worker(new URL('../../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<ParseHandlers>(worker);
  try {
    return await run(client, {
      onProgress: (f, stage) => {
        watchdog.progressed();
        options.onProgress?.(f, stage);
      },
      signal,
    });
  } catch (error) {
    const why = watchdog.reason();
    throw why ? new Error(parseGivenUpMessage(name, bytes, limit, why)) : error;
  } finally {
    watchdog.stop();
    client.terminate();
  }
}

export function parseInWorker(files: InputFile[], options: ParseInWorkerOptions = {}): Promise<ParseReply> {
  const bytes = files.reduce((sum, f) => sum + f.bytes.length, 0);
  const names = files.map((f) => f.name);
  const mainName = (files.find((f) => !isCompanion(f.name, names)) ?? files[0]).name;
  // The bytes are not kept here, so they move to the worker instead of being copied.
  return inWatchedWorker(mainName, bytes, options, (client, call) => client.call('parse', { files, recordValues: options.recordValues }, { transfer: files.map((f) => f.bytes.buffer), ...call }));
}

/**
 * One file read by the worker as its bytes arrive (`size` 0 where unknown); `onPreview` gets a
 * sample of the first points of a big cloud; a cloud larger than `budgetBytes` is kept decimated.
 * `source` (the dropped file, or its address) is read at an offset where the stream needs it.
 */
export function parseStreamInWorker(
  name: string,
  stream: ReadableStream<Uint8Array>,
  size: number,
  options: ParseInWorkerOptions & { onPreview?: (preview: ParsePreview) => void; budgetBytes?: number; source?: Blob | string } = {},
): Promise<ParseReply> {
  const budgetBytes = options.budgetBytes ?? READ_BUDGET_BYTES;
  return inWatchedWorker(name, size, options, (client, call) =>
    client.call('parseStream', { name, stream, size, budgetBytes, source: options.source }, { transfer: [stream], onEvent: options.onPreview, ...call }),
  );
}

/** The points of a file inside a box, read again by a worker (see RegionRequest). */
export function readRegionInWorker(request: RegionRequest, options: ParseInWorkerOptions = {}): Promise<RegionReply> {
  return inWatchedWorker(request.name, request.size, options, (client, call) => client.call('readRegion', request, call));
}
