// Median latency of one forward pass in onnxruntime-web's WASM backend under Node, one thread.
// Usage: node training/wasm_latency.mjs <model.onnx> <points> [runs] [batch]   (prints JSON)
// Run from the repo root so that onnxruntime-web resolves from node_modules.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const [file, pointsArg, runsArg, batchArg] = process.argv.slice(2);
const batch = Number(batchArg ?? 1);
const points = Number(pointsArg);
const runs = Number(runsArg ?? 200);
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(readFileSync(file), { executionProviders: ['wasm'] });
const data = new Float32Array(3 * points);
// a deterministic cloud on the unit sphere: timing does not depend on the values
for (let i = 0; i < points; i++) {
  const t = (i / points) * Math.PI * 2 * 37;
  const z = 1 - (2 * i + 1) / points;
  const r = Math.sqrt(1 - z * z);
  data[i] = r * Math.cos(t);
  data[points + i] = z;
  data[2 * points + i] = r * Math.sin(t);
}
// every cloud of the batch the same: timing does not depend on the values
const batched = new Float32Array(batch * data.length);
for (let b = 0; b < batch; b++) batched.set(data, b * data.length);
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', batched, [batch, 3, points]) };
for (let i = 0; i < 20; i++) await session.run(feeds);
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  await session.run(feeds);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median_ms: times[times.length >> 1], p90_ms: times[Math.floor(times.length * 0.9)], runs }));
