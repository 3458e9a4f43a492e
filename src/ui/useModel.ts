// The bundled models' manifest entries, once the inference worker has read them.
import { useEffect, useState } from 'react';
import type { ModelEntry, ModelTask } from '../core/ml/manifest';
import { inference } from '../inference/client';

export function useModel(task: ModelTask): { entry?: ModelEntry; error?: string } {
  const [state, setState] = useState<{ entry?: ModelEntry; error?: string }>({});
  useEffect(() => {
    let live = true;
    inference().then(
      ({ models }) => live && setState({ entry: models.find((m) => m.task === task), error: undefined }),
      (e: unknown) => live && setState({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [task]);
  return state;
}
