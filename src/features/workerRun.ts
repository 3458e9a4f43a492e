// A tool's run in a worker of its own, started for the run and always ended. The run stops when the
// person cancels it (CANCELLED) or when what it works on changes under it (what `watch` looks for):
// the layer stepping down, a reference layer removed.
import { useAppStore } from '../state/store';
import { createRpcClient, type RpcClient, type RpcHandlers } from '../workers/rpc';

/** The reason a person's Cancel gives a run, apart from what it works on changing under it. */
export const CANCELLED = new DOMException('cancelled', 'AbortError');

/** What a run that failed or was stopped by `signal` says. */
export function runFailure(e: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason.message : 'cancelled.';
  return e instanceof Error ? e.message : String(e);
}

/**
 * What a tool does with a run that did not end: one the person cancelled gives back `before`, the
 * result the layer still holds and shows; any other says why it stopped, in the view `failed` makes.
 */
export function cancelGivesBack<V>(before: NoInfer<V> | null, put: (view: V) => void, failed: (message: string) => NoInfer<V>): (e: unknown, signal: AbortSignal) => void {
  return (e, signal) => put(before && signal.reason === CANCELLED ? before : failed(runFailure(e, signal)));
}

/** Shows layer `layerId` coloured by its field `field`, where it is still the active layer. */
export function showField(layerId: string, field: string): void {
  const store = useAppStore.getState();
  if (store.layer?.id === layerId) store.updateSettings({ colorMode: `field:${field}` });
}

/** Stops a run when layer `layerId` stops being the active one; returns the function that stops watching. */
export const whileActive = (layerId: string) => (abort: AbortController) =>
  useAppStore.subscribe((st) => {
    if (st.layer?.id !== layerId) abort.abort();
  });

/** One tool's runs, one at a time, each in a worker `startWorker` makes. */
export class WorkerRuns<H extends RpcHandlers> {
  private running: AbortController | null = null;

  constructor(private readonly startWorker: () => Worker) {}

  /**
   * `task` on a fresh worker until it ends, fails or is stopped; `failed` is told why it did not
   * end. `watch` stops it where what it works on changes, and returns the function that stops watching.
   */
  async run(watch: (abort: AbortController) => () => void, task: (client: RpcClient<H>, signal: AbortSignal) => Promise<void>, failed: (e: unknown, signal: AbortSignal) => void): Promise<void> {
    const abort = new AbortController();
    this.running = abort;
    const client = createRpcClient<H>(this.startWorker());
    const unsubscribe = watch(abort);
    try {
      await task(client, abort.signal);
    } catch (e) {
      failed(e, abort.signal);
    } finally {
      unsubscribe();
      if (this.running === abort) this.running = null;
      client.terminate();
    }
  }

  cancel(): void {
    this.running?.abort(CANCELLED);
  }
}
