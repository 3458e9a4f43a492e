// A small typed request/response protocol over postMessage, shared by the app's workers: each
// call gets an id, may report progress and push events (whose buffers move, not copy), and
// resolves or rejects exactly once. Errors keep their name (an InputError stays recognisable, an
// aborted call rejects as an AbortError). A worker that fails (an uncaught error: its state is
// unknown from then on) is ended, rejects every call in flight and every later one with a
// WorkerFailed error, and says so through `onFailure`, so that its owner can start a fresh one.

export interface RpcContext {
  /** reports progress of the current call, 0..1 */
  progress(fraction: number, stage?: string): void;
  /** pushes an event to the caller's `onEvent`, moving the buffers in `transfer` */
  emit(event: unknown, transfer?: Transferable[]): void;
  /** marks buffers of the returned value to be moved, not copied, to the caller */
  transfer<T>(value: T, transfer: Transferable[]): T;
  /** aborted when the caller's signal is */
  signal: AbortSignal;
}

// `any` because each handler declares its own params type; RpcClient recovers it per method.
export type RpcHandlers = Record<string, (params: any, ctx: any) => unknown>;

/** The context of a handler that pushes events of type E. */
export interface EventContext<E> extends RpcContext {
  emit(event: E, transfer?: Transferable[]): void;
}

/** The event type a handler pushes, from its context parameter. */
export type EventOf<F> = F extends (params: any, ctx: EventContext<infer E>) => unknown ? E : never;

type Request = { id: number; kind: 'call'; method: string; params: unknown } | { id: number; kind: 'abort' };
type Response =
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; name: string; message: string }
  | { id: number; kind: 'progress'; fraction: number; stage?: string }
  | { id: number; kind: 'event'; event: unknown };

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
  const running = new Map<number, AbortController>();
  scope.onmessage = async (event: MessageEvent<Request>) => {
    const request = event.data;
    const { id } = request;
    if (request.kind === 'abort') {
      running.get(id)?.abort();
      return;
    }
    const abort = new AbortController();
    running.set(id, abort);
    const ctx: RpcContext = {
      progress: (fraction, stage) => scope.postMessage({ id, kind: 'progress', fraction, stage } satisfies Response),
      emit: (event, transfer = []) => scope.postMessage({ id, kind: 'event', event } satisfies Response, transfer),
      transfer: (value, transfer) => {
        transfers.set(value as object, transfer);
        return value;
      },
      signal: abort.signal,
    };
    try {
      const handler = handlers[request.method];
      if (!handler) throw new Error(`unknown worker method ${request.method}`);
      const value = await handler(request.params, ctx);
      const transfer = (typeof value === 'object' && value !== null && transfers.get(value)) || [];
      scope.postMessage({ id, kind: 'result', value } satisfies Response, transfer);
    } catch (e) {
      const err = e instanceof Error || e instanceof DOMException ? e : new Error(String(e));
      scope.postMessage({ id, kind: 'error', name: err.name, message: err.message } satisfies Response);
    } finally {
      running.delete(id);
    }
  };
}

export interface CallOptions<E = unknown> {
  /** buffers of the params to move to the worker (the caller must not use them afterwards) */
  transfer?: Transferable[];
  onProgress?: (fraction: number, stage?: string) => void;
  /** events the handler pushes while it runs */
  onEvent?: (event: E) => void;
  /** aborts the call: it rejects at once with an AbortError and the handler's signal fires */
  signal?: AbortSignal;
}

/** The error an aborted call rejects with; its name crosses the worker boundary like any other. */
export function abortError(): Error {
  return Object.assign(new Error('The run was cancelled'), { name: 'AbortError' });
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The name of the error calls reject with once their worker has failed. */
export const WORKER_FAILED = 'WorkerFailed';

export function isWorkerFailure(error: unknown): boolean {
  return error instanceof Error && error.name === WORKER_FAILED;
}

export interface RpcClient<H extends RpcHandlers> {
  call<K extends keyof H & string>(method: K, params: Parameters<H[K]>[0], options?: CallOptions<EventOf<H[K]>>): Promise<Awaited<ReturnType<H[K]>>>;
  terminate(): void;
}

/** Main-thread side of a worker that called `exposeRpc`; `onFailure` hears why, once, if the worker fails. */
export function createRpcClient<H extends RpcHandlers>(worker: Worker, onFailure?: (reason: string) => void): RpcClient<H> {
  let nextId = 1;
  type Pending = { resolve: (v: never) => void; reject: (e: Error) => void; options: CallOptions<never> };
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const fail = (reason: string) => {
    if (failure) return;
    failure = Object.assign(new Error(`The worker failed: ${reason}`), { name: WORKER_FAILED });
    worker.terminate();
    failAll(failure);
    onFailure?.(reason);
  };
  worker.onmessage = (event: MessageEvent<Response>) => {
    const msg = event.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.kind === 'progress') {
      p.options.onProgress?.(msg.fraction, msg.stage);
      return;
    }
    if (msg.kind === 'event') {
      p.options.onEvent?.(msg.event as never);
      return;
    }
    pending.delete(msg.id);
    if (msg.kind === 'result') p.resolve(msg.value as never);
    else p.reject(Object.assign(new Error(msg.message), { name: msg.name }));
  };
  worker.onerror = (event) => {
    event.preventDefault();
    fail(event.message || 'it stopped unexpectedly (out of memory?)');
  };
  worker.onmessageerror = () => fail('it sent a message that could not be read');
  return {
    call(method, params, options = {}) {
      const id = nextId++;
      const { signal } = options;
      return new Promise((resolve, reject) => {
        if (failure || signal?.aborted) {
          reject(failure ?? abortError());
          return;
        }
        const onAbort = () => {
          if (!pending.delete(id)) return;
          worker.postMessage({ id, kind: 'abort' } satisfies Request);
          reject(abortError());
        };
        const settle = <T>(f: (v: T) => void) => (v: T) => {
          signal?.removeEventListener('abort', onAbort);
          f(v);
        };
        pending.set(id, { resolve: settle(resolve), reject: settle(reject), options: options as CallOptions<never> });
        signal?.addEventListener('abort', onAbort, { once: true });
        worker.postMessage({ id, kind: 'call', method, params } satisfies Request, options.transfer ?? []);
      });
    },
    terminate() {
      worker.terminate();
      failAll(new Error('The worker was stopped'));
    },
  };
}
