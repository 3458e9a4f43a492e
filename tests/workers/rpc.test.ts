import { describe, expect, it } from 'vitest';
import { collectBuffers, createRpcClient, exposeRpc, isAbortError, isWorkerFailure, WORKER_FAILED, type EventContext, type RpcContext } from '../../src/workers/rpc';

// A worker stand-in: the two ends of a MessageChannel, which post and transfer like a worker.
function channel<H extends Parameters<typeof exposeRpc>[0]>(handlers: H, onFailure?: (reason: string) => void) {
  const { port1, port2 } = new MessageChannel();
  exposeRpc(handlers, port2 as unknown as DedicatedWorkerGlobalScope);
  const worker = Object.assign(port1, { terminate: () => port1.close() }) as unknown as Worker;
  const client = createRpcClient<H>(worker, onFailure);
  return { client, worker, close: () => (port1.close(), port2.close()) };
}

const handlers = {
  async sum(params: { values: Float32Array }, ctx: RpcContext) {
    ctx.progress(0.5, 'adding');
    const out = new Float64Array([params.values.reduce((a, b) => a + b, 0)]);
    return ctx.transfer({ out, length: params.values.length }, [out.buffer]);
  },
  fail(params: { message: string }) {
    const e = new Error(params.message);
    e.name = 'InputError';
    throw e;
  },
};

describe('worker RPC', () => {
  it('answers a call with progress and moves the transferred buffers', async () => {
    const { client, close } = channel(handlers);
    const values = new Float32Array([1, 2, 3.5]);
    const progress: [number, string | undefined][] = [];
    const reply = await client.call('sum', { values }, { transfer: [values.buffer], onProgress: (f, stage) => progress.push([f, stage]) });
    expect(reply.out[0]).toBe(6.5);
    expect(reply.length).toBe(3);
    expect(values.byteLength).toBe(0);
    expect(progress).toEqual([[0.5, 'adding']]);
    close();
  });

  it('rejects with the error name and message the handler threw', async () => {
    const { client, close } = channel(handlers);
    await expect(client.call('fail', { message: 'scene.ply has no points' })).rejects.toMatchObject({ name: 'InputError', message: 'scene.ply has no points' });
    close();
  });

  it('rejects calls in flight when the worker is stopped', async () => {
    const { client, close } = channel({ never: (_params: object) => new Promise(() => {}) });
    const call = client.call('never', {});
    client.terminate();
    await expect(call).rejects.toThrow(/stopped/);
    close();
  });

  it('ends a worker that fails, rejects its calls in flight and later ones, and says why once', async () => {
    const { client, close, worker } = channel({ never: (_params: object) => new Promise(() => {}) }, (reason) => failures.push(reason));
    const failures: string[] = [];
    let terminated = 0;
    worker.terminate = () => void terminated++;
    const call = client.call('never', {});
    const fire = () => worker.onerror!({ message: 'RuntimeError: Aborted(OOM)', preventDefault() {} } as ErrorEvent);
    fire();
    fire();
    await expect(call).rejects.toMatchObject({ name: WORKER_FAILED, message: 'The worker failed: RuntimeError: Aborted(OOM)' });
    await expect(client.call('never', {})).rejects.toSatisfy(isWorkerFailure);
    expect(failures).toEqual(['RuntimeError: Aborted(OOM)']);
    expect(terminated).toBe(1);
    close();
  });

  it('pushes events to the caller while the call runs, moving their buffers', async () => {
    const { client, close } = channel({
      async count(params: { to: number }, ctx: EventContext<{ step: number; payload: Int32Array }>) {
        for (let step = 1; step <= params.to; step++) {
          const payload = Int32Array.of(step, step * 10);
          ctx.emit({ step, payload }, [payload.buffer]);
        }
        return 'done';
      },
    });
    const seen: [number, number[]][] = [];
    await expect(client.call('count', { to: 3 }, { onEvent: (e) => seen.push([e.step, [...e.payload]]) })).resolves.toBe('done');
    expect(seen).toEqual([[1, [1, 10]], [2, [2, 20]], [3, [3, 30]]]);
    close();
  });

  it('aborts a running call: the caller rejects with an AbortError and the handler sees its signal fire', async () => {
    let handlerSaw: string | undefined;
    const { client, close } = channel({
      async wait(_params: object, ctx: RpcContext) {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        handlerSaw = 'aborted';
        throw Object.assign(new Error('stopped'), { name: 'AbortError' });
      },
    });
    const abort = new AbortController();
    const call = client.call('wait', {}, { signal: abort.signal });
    abort.abort();
    const error = await call.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(handlerSaw).toBe('aborted');
    await expect(client.call('wait', {}, { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    close();
  });

  it('collects each distinct buffer under typed arrays once', () => {
    const a = new Float32Array(4);
    const b = new Uint8Array(a.buffer, 4, 4);
    const c = new Int32Array(2);
    expect(collectBuffers({ a, nested: { b, list: [c, 3, 'x'] } })).toEqual([a.buffer, c.buffer]);
  });
});
