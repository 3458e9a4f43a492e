// "Evaluate all": the classifier over every object sample shown in the gallery, one after another,
// each file parsed in a parse worker and classified in the inference worker exactly as a loaded
// file is (the sample's own up axis, the same top-k), so a sample's card and its cell in the
// confusion table agree.
import type { SampleEntry } from '../../core/samples';
import type { EvaluationState, GallerySelection } from '../../state/slices/gallery';
import { useAppStore } from '../../state/store';
import { parsedWiderThanModelsKnow, unknownOrTooWide } from '../../core/ml/sceneOrObject';
import { isAbortError } from '../../workers/rpc';
import { CLASSIFICATION_TOP_K, samplePrediction } from '../classification/classification';
import { fetchInputFile } from '../load/loadFiles';
import { parseInWorker } from '../load/parseInWorker';
import { onInference } from '../models/inference';
import { sampleUrls } from './samples';

let running: AbortController | undefined;

export function cancelEvaluation(): void {
  running?.abort();
}

/** Classifies the object samples among `entries`, the ones the gallery's `selection` shows. */
export async function evaluateSamples(entries: readonly SampleEntry[], selection: GallerySelection): Promise<void> {
  const objects = entries.filter((e) => e.kind === 'object');
  const ids = objects.map((e) => e.id);
  running?.abort();
  const abort = new AbortController();
  running = abort;
  const setEvaluation = (evaluation: EvaluationState) => useAppStore.getState().updateGallery({ evaluation });
  setEvaluation({ status: 'running', ids, done: 0 });
  const t0 = performance.now();
  let done = 0;
  try {
    for (const entry of objects) {
      abort.signal.throwIfAborted();
      const files = await Promise.all(sampleUrls(entry).map((url) => fetchInputFile(url)));
      const { result } = await parseInWorker(files, { signal: abort.signal });
      const g = result.data;
      const object = { kind: g.kind, positions: g.positions, indices: g.kind === 'mesh' ? g.indices : undefined };
      // copied, not moved: a worker that fails takes moved buffers with it, and the call runs again
      const answer = await onInference(({ rpc }) => rpc.call('classify', { object, upAxis: entry.upAxis, topK: CLASSIFICATION_TOP_K }, { signal: abort.signal }));
      // decided as a loaded file's answer is, its size included, so card and table agree
      const unknown = unknownOrTooWide(answer.result.unknown, parsedWiderThanModelsKnow(result));
      useAppStore.getState().predictSample(entry.id, samplePrediction({ ...answer.result, unknown }));
      done++;
      setEvaluation({ status: 'running', ids, done });
    }
    setEvaluation({ status: 'done', ids, ms: performance.now() - t0, selection });
  } catch (e) {
    if (isAbortError(e)) setEvaluation({ status: 'cancelled', ids, done, message: 'Evaluation cancelled.' });
    else setEvaluation({ status: 'error', ids, done, message: `Evaluation failed: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    if (running === abort) running = undefined;
  }
}
