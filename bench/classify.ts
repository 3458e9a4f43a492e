// Classifier latency per object (one batch of the manifest's views, each 1024 points): onnxruntime-web
// on WASM (what the app and the CLI run) against onnxruntime-node (native CPU) on the same model, the
// same real inputs and the same outputs, in one run.
import { readFileSync, readdirSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import { parseFiles } from '../src/core/io';
import { objectTensor, type ObjectTensor } from '../src/core/ml/preprocessObject';
import { configureEngine, loadModel } from '../src/inference/engine';
import { modelEntry } from '../src/cli/models';

const RUNS = 200;
const WARMUP = 20;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeRuns(run: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function run(): Promise<Record<string, unknown>> {
  const entry = modelEntry('classification');
  const modelBytes = readFileSync(new URL(`../models/${entry.file}`, import.meta.url));
  // Real inputs: the bundled ModelNet40 samples, preprocessed as the app does.
  const dir = new URL('../samples/modelnet40/', import.meta.url);
  const tensors: ObjectTensor[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const parsed = await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) }]);
    tensors.push(objectTensor(parsed.data, entry, { upAxis: 'y' }));
  }

  configureEngine({ numThreads: 1 });
  const web = await loadModel(entry, modelBytes, ['wasm']);
  // both sides fetch what a classification reads: every output but the per-point features the
  // explain views ask for on demand (the logits, the open-set distance, the bank's similarities, ...)
  const wasmMs = await timeRuns((i) => web.runOutputs(tensors[i % tensors.length].data, tensors[i % tensors.length].dims));

  const native = await ortNode.InferenceSession.create(modelBytes, { intraOpNumThreads: 1, executionProviders: ['cpu'] });
  const fetched = native.outputNames.filter((n) => n !== entry.explain?.pointFeatures);
  const nativeMs = await timeRuns((i) => {
    const t = tensors[i % tensors.length];
    return native.run({ [entry.input.inputName]: new ortNode.Tensor('float32', t.data, t.dims) }, fetched);
  });

  const views = tensors[0].dims[0];
  console.log(`classifier ${entry.id}, ${tensors.length} real objects, ${views} view(s) each, ${RUNS} runs each side, 1 thread`);
  console.log(`  onnxruntime-web (wasm)  ${wasmMs.toFixed(3)} ms / object (median)`);
  console.log(`  onnxruntime-node (cpu)  ${nativeMs.toFixed(3)} ms / object (median)`);
  console.log(`  wasm / native           ${(wasmMs / nativeMs).toFixed(2)}x`);
  return {
    classify_views: views,
    classify_ms_wasm: Number(wasmMs.toFixed(3)),
    classify_ms_native: Number(nativeMs.toFixed(3)),
    classify_wasm_vs_native: Number((wasmMs / nativeMs).toFixed(3)),
  };
}
