// Turns files (dropped, picked) or an address into the current layer. Parsing runs in a worker
// started per load: a crash or out-of-memory there fails this load only, and the layer already
// shown stays. Only the latest load shows: a slow first-open sample never replaces a file the user
// dropped meanwhile.
import type { InputFile, UpAxis } from '../core/types';
import { showParseResult } from '../state/layerActions';
import { useViewerStore } from '../state/store';
import { createRpcClient } from '../workers/rpc';
import type { ParseHandlers } from '../workers/parse.worker';

export interface LoadOptions {
  /** the up axis known for these files (a sample's index entry), over the format's usual one */
  upAxis?: UpAxis;
}

let latestLoad = 0;

/** Parses and shows the files; returns the new layer's id, or undefined where a later load took over. */
async function parseInWorker(files: InputFile[], load: number, options: LoadOptions): Promise<string | undefined> {
  const store = useViewerStore.getState();
  const worker = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  const client = createRpcClient<ParseHandlers>(worker);
  try {
    store.setProgress('parsing', 0);
    // The bytes are not kept here, so they move to the worker instead of being copied.
    const { result, parseMs, fileName, flatShading } = await client.call('parse', { files }, {
      transfer: files.map((f) => f.bytes.buffer),
      onProgress: (f) => load === latestLoad && useViewerStore.getState().setProgress('parsing', f),
    });
    if (load !== latestLoad) return undefined;
    useViewerStore.getState().setProgress('preparing', 1);
    return showParseResult(fileName, options.upAxis ? { ...result, upAxis: options.upAxis } : result, parseMs, flatShading);
  } finally {
    client.terminate();
  }
}

function fail(e: unknown, load: number): undefined {
  if (load === latestLoad) useViewerStore.getState().failLoading(e instanceof Error ? e.message : String(e));
  return undefined;
}

export async function loadFiles(files: readonly File[]): Promise<void> {
  if (!files.length) return;
  const load = ++latestLoad;
  const store = useViewerStore.getState();
  store.startLoading(files.map((f) => f.name).join(', '), 'reading');
  try {
    const inputs = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    await parseInWorker(inputs, load, {});
  } catch (e) {
    fail(e, load);
  }
}

async function fetchWithProgress(url: string, onProgress: (f: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: the server answered ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body || !total) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.length;
    // A compressed transfer can deliver more than content-length says.
    onProgress(Math.min(1, got / total));
  }
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

function nameOf(url: string): string {
  return decodeURIComponent(new URL(url, location.href).pathname.split('/').pop() || 'download');
}

/** One address as a parser input, named by the last part of its path. */
export async function fetchInputFile(url: string, onProgress: (f: number) => void = () => {}): Promise<InputFile> {
  try {
    return { name: nameOf(url), bytes: await fetchWithProgress(url, onProgress) };
  } catch (e) {
    throw e instanceof TypeError ? new Error(`${url} could not be fetched (${e.message})`) : e;
  }
}

/** Fetches one or more addresses (a file and its companions, e.g. OBJ and MTL) and opens them together. */
export async function loadUrls(urls: readonly string[], options: LoadOptions = {}): Promise<string | undefined> {
  if (!urls.length) return undefined;
  const load = ++latestLoad;
  const store = useViewerStore.getState();
  store.startLoading(urls.map(nameOf).join(', '), 'fetching');
  try {
    const done = new Array<number>(urls.length).fill(0);
    const files = await Promise.all(
      urls.map((url, i) =>
        fetchInputFile(url, (f) => {
          done[i] = f;
          if (load === latestLoad) useViewerStore.getState().setProgress('fetching', done.reduce((a, b) => a + b, 0) / urls.length);
        }),
      ),
    );
    return await parseInWorker(files, load, options);
  } catch (e) {
    return fail(e, load);
  }
}
