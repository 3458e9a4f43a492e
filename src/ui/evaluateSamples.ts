// "Evaluate all": the classifier over every object sample shown in the gallery, one after another,
// each file parsed in a parse worker and classified in the inference worker exactly as a loaded
// file is (the sample's own up axis, the same top-k), so a sample's card and its cell in the
// confusion table agree.
import type { SampleEntry } from '../core/samples';
import { inference } from '../inference/client';
import { useGalleryStore } from '../state/galleryStore';
import type { ParseHandlers } from '../workers/parse.worker';
import { createRpcClient } from '../workers/rpc';
import { CLASSIFICATION_TOP_K } from './classification';
import { fetchInputFile } from './loadFiles';
import { sampleUrls } from './samples';

let cancelled = false;

export function cancelEvaluation(): void {
  cancelled = true;
}

export async function evaluateSamples(entries: readonly SampleEntry[]): Promise<void> {
  const gallery = useGalleryStore.getState();
  const objects = entries.filter((e) => e.kind === 'object');
  const ids = objects.map((e) => e.id);
  cancelled = false;
  gallery.setEvaluation({ status: 'running', ids, done: 0 });
  const worker = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module' });
  const parser = createRpcClient<ParseHandlers>(worker);
  const t0 = performance.now();
  let done = 0;
  try {
    const { rpc } = await inference();
    await rpc.call('load', { task: 'classification' });
    for (const entry of objects) {
      if (cancelled) {
        gallery.setEvaluation({ status: 'cancelled', ids, done, message: 'Evaluation cancelled.' });
        return;
      }
      const files = await Promise.all(sampleUrls(entry).map((url) => fetchInputFile(url)));
      const { result } = await parser.call('parse', { files }, { transfer: files.map((f) => f.bytes.buffer) });
      const g = result.data;
      const object = { kind: g.kind, positions: g.positions, indices: g.kind === 'mesh' ? g.indices : undefined };
      const answer = await rpc.call('classify', { object, upAxis: entry.upAxis, topK: CLASSIFICATION_TOP_K }, {
        transfer: [g.positions.buffer, ...(g.kind === 'mesh' ? [g.indices.buffer] : [])],
      });
      gallery.predict(entry.id, { label: answer.top[0].label, probability: answer.top[0].probability });
      done++;
      gallery.setEvaluation({ status: 'running', ids, done });
    }
    gallery.setEvaluation({ status: 'done', ids, ms: performance.now() - t0 });
  } catch (e) {
    gallery.setEvaluation({ status: 'error', ids, done, message: `Evaluation failed: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    parser.terminate();
  }
}
