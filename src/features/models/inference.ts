// The models feature: starts the inference worker on first use, keeps the manifest's entries in
// the store for the panels, and hands the worker to the features that run a model. A failed start
// is shown and can be retried.
import { useMemo } from 'react';
import { findModel, type ModelEntry, type ModelTask } from '../../core/ml/manifest';
import { useAppStore } from '../../state/store';
import { startInference, type Inference } from '../../workers/inferenceClient';

let started: Promise<Inference> | undefined;

export function inference(): Promise<Inference> {
  if (!started) {
    const store = useAppStore.getState();
    store.setModels({ status: 'starting' });
    started = startInference();
    started.then(
      ({ models }) => useAppStore.getState().setModels({ status: 'ready', entries: models }),
      (e: unknown) => {
        started = undefined;
        useAppStore.getState().setModels({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  }
  return started;
}

/** The bundled model of a task, once the manifest is read. */
export function useModelEntry(task: ModelTask): { entry?: ModelEntry; error?: string } {
  const models = useAppStore((s) => s.models);
  return useMemo(
    () => (models.status === 'ready' ? { entry: findModel(models.entries, task) } : models.status === 'error' ? { error: models.message } : {}),
    [models, task],
  );
}
