// A small typed request/response protocol over postMessage, shared by the app's workers: each
// call gets an id, may report progress, and resolves or rejects exactly once. Errors keep their
// name (an InputError stays recognisable) and a dead worker rejects every call in flight.

export interface RpcContext {
  /** reports progress of the current call, 0..1 */
  progress(fraction: number, stage?: string): void;
  /** marks buffers of the returned value to be moved, not copied, to the caller */
  transfer<T>(value: T, transfer: Transferable[]): T;
}

// `any` because each handler declares its own params type; RpcClient recovers it per method.
export type RpcHandlers = Record<string, (params: any, ctx: RpcContext) => unknown>;

type Request = { id: number; method: string; params: unknown };
type Response =
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; name: string; message: string }
  | { id: number; kind: 'progress'; fraction: number; stage?: string };

// Values returned through ctx.transfer and the buffers to move with them.
const transfers = new WeakMap<object, Transferable[]>();

/** Every distinct ArrayBuffer under typed arrays in a plain value, to transfer it. */
export function collectBuffers(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) collectBuffers(v, found);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectBuffers(v, found);
  }
  return [...found];
}

/** Worker side: answers calls with `handlers`. */
export function exposeRpc(handlers: RpcHandlers, scope: DedicatedWorkerGlobalScope = self as unknown as DedicatedWorkerGlobalScope): void {
  scope.onmessage = async (event: MessageEvent<Request>) => {
    const { id, method, params } = event.data;
    const ctx: RpcContext = {
      progress: (fraction, stage) => scope.postMessage({ id, kind: 'progress', fraction, stage } satisfies Response),
      transfer: (value, transfer) => {
        transfers.set(value as object, transfer);
        return value;
      },
    };
    try {
      const handler = handlers[method];
      if (!handler) throw new Error(`unknown worker method ${method}`);
      const value = await handler(params, ctx);
      const transfer = (typeof value === 'object' && value !== null && transfers.get(value)) || [];
      scope.postMessage({ id, kind: 'result', value } satisfies Response, transfer);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      scope.postMessage({ id, kind: 'error', name: err.name, message: err.message } satisfies Response);
    }
  };
}

export interface CallOptions {
  /** buffers of the params to move to the worker (the caller must not use them afterwards) */
  transfer?: Transferable[];
  onProgress?: (fraction: number, stage?: string) => void;
}

export interface RpcClient<H extends RpcHandlers> {
  call<K extends keyof H & string>(method: K, params: Parameters<H[K]>[0], options?: CallOptions): Promise<Awaited<ReturnType<H[K]>>>;
  terminate(): void;
}

/** Main-thread side of a worker that called `exposeRpc`. */
export function createRpcClient<H extends RpcHandlers>(worker: Worker): RpcClient<H> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void; onProgress?: CallOptions['onProgress'] }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.onmessage = (event: MessageEvent<Response>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.fraction, msg.stage);
      return;
    }
    pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.value as never);
    else p.reject(Object.assign(new Error(msg.message), { name: msg.name }));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(`The worker failed: ${event.message || 'it stopped unexpectedly (out of memory?)'}`));
  };
  worker.onmessageerror = () => failAll(new Error('The worker sent a message that could not be read'));
  return {
    call(method, params, options = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onProgress: options.onProgress });
        worker.postMessage({ id, method, params } satisfies Request, options.transfer ?? []);
      });
    },
    terminate() {
      worker.terminate();
      failAll(new Error('The worker was stopped'));
    },
  };
}
