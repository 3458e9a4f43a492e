// The explain views against one plain classification of the same object, in one run (onnxruntime-web
// on WASM, 1 thread, as the CLI runs it): the upper-bound shape (a 24^3 grid), saliency by the
// per-point features and the head model, and saliency by brute force (every neighbourhood really
// dropped and the whole network run again), on the bundled ModelNet40 samples.
import { readFileSync, readdirSync } from 'node:fs';
import { parseFiles } from '../src/core/io';
import { classifyObject } from '../src/core/ml/classifyObject';
import { nearestNeighbours, pointSaliency, SALIENCY_NEIGHBOURS } from '../src/core/ml/explain/saliency';
import { upperBoundShape } from '../src/core/ml/explain/upperBound';
import { headEntry } from '../src/core/ml/manifest';
import { objectTensor } from '../src/core/ml/preprocessObject';
import type { Geometry } from '../src/core/types';
import { configureEngine, loadModel, type ModelSession } from '../src/inference/engine';
import { modelEntry } from '../src/cli/models';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeEach(objects: Geometry[], rounds: number, run: (g: Geometry) => Promise<unknown>): Promise<number> {
  await run(objects[0]);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const g of objects) {
      const t0 = performance.now();
      await run(g);
      times.push(performance.now() - t0);
    }
  }
  return median(times);
}

/** Saliency the slow way: each neighbourhood replaced by copies of a point outside it (a max pool does not see copies), whole network, 32 clouds a run. */
async function bruteForceSaliency(g: Geometry, model: ModelSession, k: number): Promise<void> {
  const entry = model.entry;
  const t = objectTensor(g, entry, { upAxis: 'y' });
  const [views, , n] = t.dims;
  const near = nearestNeighbours(Float32Array.from({ length: 3 * n }, (_, j) => t.data[(j % 3) * n + Math.floor(j / 3)]), k);
  const batch = 32;
  for (let start = 0; start < n; start += batch) {
    const m = Math.min(batch, n - start);
    const data = new Float32Array(m * t.data.length);
    for (let b = 0; b < m; b++) {
      const hood = new Set(near.subarray((start + b) * k, (start + b + 1) * k));
      let keep = 0;
      while (hood.has(keep)) keep++;
      data.set(t.data, b * t.data.length);
      for (let v = 0; v < views; v++) for (const j of hood) for (let c = 0; c < 3; c++) data[b * t.data.length + (v * 3 + c) * n + j] = t.data[(v * 3 + c) * n + keep];
    }
    await model.run(data, [m * views, 3, n]);
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const entry = modelEntry('classification');
  const models = new URL('../models/', import.meta.url);
  const dir = new URL('../samples/modelnet40/', import.meta.url);
  const objects: Geometry[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    objects.push((await parseFiles([{ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) }])).data);
  }
  configureEngine({ numThreads: 1 });
  const model = await loadModel(entry, readFileSync(new URL(entry.file, models)), ['wasm']);
  const head = await loadModel(headEntry(entry), readFileSync(new URL(entry.explain!.head.file, models)), ['wasm']);
  const k = SALIENCY_NEIGHBOURS.default;

  const classifyMs = await timeEach(objects, 5, (g) => classifyObject(g, entry, model.runOutputs, { upAxis: 'y' }));
  const upperBoundMs = await timeEach(objects, 1, (g) => upperBoundShape(g, entry, model.runOutputs, { upAxis: 'y' }));
  const saliencyMs = await timeEach(objects, 1, (g) => pointSaliency(g, entry, model.runOutputs, head.run, { upAxis: 'y', neighbours: k }));
  const t0 = performance.now();
  await bruteForceSaliency(objects[0], model, k);
  const bruteMs = performance.now() - t0;

  console.log(`explain views, ${objects.length} real objects, WASM, 1 thread (medians)`);
  console.log(`  one classification (peer)        ${classifyMs.toFixed(1)} ms`);
  console.log(`  upper-bound shape, 24^3 grid     ${upperBoundMs.toFixed(1)} ms (${(upperBoundMs / classifyMs).toFixed(1)}x)`);
  console.log(`  saliency, ${k}-point drops         ${saliencyMs.toFixed(1)} ms (${(saliencyMs / classifyMs).toFixed(1)}x)`);
  console.log(`  saliency by brute force, 1 object ${bruteMs.toFixed(0)} ms (${(bruteMs / saliencyMs).toFixed(0)}x the per-point-feature way)`);
  return {
    explain_classify_ms: Number(classifyMs.toFixed(2)),
    explain_upper_bound_ms: Number(upperBoundMs.toFixed(1)),
    explain_upper_bound_vs_classify: Number((upperBoundMs / classifyMs).toFixed(2)),
    explain_saliency_ms: Number(saliencyMs.toFixed(1)),
    explain_saliency_vs_classify: Number((saliencyMs / classifyMs).toFixed(2)),
    explain_saliency_brute_force_ms: Number(bruteMs.toFixed(0)),
    explain_brute_force_vs_saliency: Number((bruteMs / saliencyMs).toFixed(1)),
  };
}
