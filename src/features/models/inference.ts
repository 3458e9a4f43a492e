// The models feature: starts the inference worker on first use, keeps the manifest's entries in
// the store for the panels, and runs the features' model calls on it. A failed start is shown and
// can be retried. A worker that fails (it dies, runs out of memory, or its runtime breaks during a
// run, as a lost WebGPU device does) is ended and replaced by a fresh one on WASM, which says why
// in every model status it gives; the call that failed is run once more there.
import { useMemo } from 'react';
import { findModel, type ModelEntry, type ModelTask } from '../../core/ml/manifest';
import { MODEL_RUN_FAILED } from '../../core/ml/runModel';
import { useAppStore } from '../../state/store';
import { startInference, type Inference } from '../../workers/inferenceClient';
import { isWorkerFailure } from '../../workers/rpc';

let started: Promise<Inference> | undefined;
let restartReason: string | undefined;

/** Drops the worker `failed` (unless it was already replaced); the next call starts one on WASM. */
function replace(failed: Promise<Inference>, reason: string): void {
  if (started !== failed) return;
  started = undefined;
  restartReason = `the inference worker failed (${reason}) and was restarted on WASM`;
  void failed.then(({ rpc }) => rpc.terminate(), () => undefined);
}

export function inference(): Promise<Inference> {
  if (!started) {
    const store = useAppStore.getState();
    store.setModels({ status: 'starting' });
    const starting: Promise<Inference> = startInference({ restartReason, onFailure: (reason) => replace(starting, reason) });
    started = starting;
    starting.then(
      ({ models }) => useAppStore.getState().setModels({ status: 'ready', entries: models }),
      (e: unknown) => {
        if (started === starting) started = undefined;
        useAppStore.getState().setModels({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }
  return started;
}

const brokeTheWorker = (error: unknown) => isWorkerFailure(error) || (error instanceof Error && error.name === MODEL_RUN_FAILED);

/** Runs `job` on the inference worker; where the worker fails during it, once more on a fresh WASM worker. */
export async function onInference<T>(job: (inference: Inference) => Promise<T>): Promise<T> {
  const current = inference();
  try {
    return await job(await current);
  } catch (error) {
    if (!brokeTheWorker(error)) throw error;
    replace(current, error instanceof Error ? error.message.replace(/^The worker failed: /, '') : String(error));
    return job(await inference());
  }
}

/** The bundled model of a task, once the manifest is read. */
export function useModelEntry(task: ModelTask): { entry?: ModelEntry; error?: string } {
  const models = useAppStore((s) => s.models);
  return useMemo(
    () => (models.status === 'ready' ? { entry: findModel(models.entries, task) } : models.status === 'error' ? { error: models.message } : {}),
    [models, task],
  );
}
