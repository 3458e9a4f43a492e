// Scene segmentation of a 1M-point scene end to end (blocks, batches, vote merging, boxes) in
// onnxruntime-web on WASM in Node, against the peer measured in the same run: the time the same
// runtime spends in the network alone on the same blocks. The scene is 20 real ScanNet scans of
// 50k points laid side by side on one floor.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseNpyArray } from '../src/core/io/npy';
import { segmentScene } from '../src/core/ml/segmentScene';
import type { PointCloud } from '../src/core/types';
import { configureEngine, loadModel } from '../src/inference/engine';
import { bundledModel } from '../src/cli/models';

const SCANS = new URL('../../shared/data/scannet/scannet_train_detection_data/', import.meta.url);
const TILES = 20;
const GAP = 0.5;

function tiledScene(): PointCloud {
  const names = readdirSync(SCANS).filter((f) => f.endsWith('_vert.npy')).sort().slice(0, TILES);
  const scans = names.map((f) => parseNpyArray(new Uint8Array(readFileSync(new URL(f, SCANS)))));
  const total = scans.reduce((n, s) => n + s.shape[0], 0);
  const positions = new Float32Array(3 * total);
  const colors = new Uint8Array(3 * total);
  const perRow = Math.ceil(Math.sqrt(TILES));
  let o = 0;
  let x0 = 0;
  let y0 = 0;
  let rowDepth = 0;
  scans.forEach((s, t) => {
    const v = s.data as Float32Array;
    const n = s.shape[0];
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < 3; a++) lo[a] = Math.min(lo[a], v[6 * i + a]);
      for (let a = 0; a < 2; a++) hi[a] = Math.max(hi[a], v[6 * i + a]);
    }
    if (t > 0 && t % perRow === 0) {
      x0 = 0;
      y0 += rowDepth + GAP;
      rowDepth = 0;
    }
    for (let i = 0; i < n; i++, o++) {
      positions[3 * o] = v[6 * i] - lo[0] + x0;
      positions[3 * o + 1] = v[6 * i + 1] - lo[1] + y0;
      positions[3 * o + 2] = v[6 * i + 2] - lo[2];
      for (let a = 0; a < 3; a++) colors[3 * o + a] = v[6 * i + 3 + a];
    }
    x0 += hi[0] - lo[0] + GAP;
    rowDepth = Math.max(rowDepth, hi[1] - lo[1]);
  });
  return { kind: 'points', positions, colors, fields: {} };
}

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(SCANS)) {
    console.log('segment: ../shared/data/scannet is not present, skipped');
    return { segment_skipped: 'no ../shared/data/scannet' };
  }
  const cloud = tiledScene();
  const points = cloud.positions.length / 3;
  const entry = bundledModel('semantic-segmentation');
  const threads = Math.min(2, availableParallelism());
  configureEngine({ numThreads: threads });
  const model = await loadModel(entry, new Uint8Array(readFileSync(new URL(`../models/${entry.file}`, import.meta.url))), ['wasm']);

  let inferenceMs = 0;
  const timedRun = async (input: Float32Array, dims: number[]) => {
    const t0 = performance.now();
    const out = await model.run(input, dims);
    inferenceMs += performance.now() - t0;
    return out;
  };
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await segmentScene(cloud, entry, timedRun);
  const totalMs = performance.now() - t0;
  const rssAfter = process.memoryUsage().rss;

  const s = totalMs / 1000;
  const raw = inferenceMs / 1000;
  console.log(`segmenter ${entry.id} on ${points} points (${TILES} ScanNet scans tiled), wasm, ${threads} threads`);
  console.log(`  blocks ${result.blocks}, network samples ${result.samples} x ${entry.input.points} points, boxes ${result.boxes.length}`);
  console.log(`  end to end           ${s.toFixed(2)} s`);
  console.log(`  network alone        ${raw.toFixed(2)} s (${((result.samples * entry.input.points) / raw / 1e6).toFixed(2)} M points/s)`);
  console.log(`  pipeline / network   ${(s / raw).toFixed(3)}x`);
  console.log(`  rss growth           ${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB`);
  return {
    segment_points: points,
    segment_threads: threads,
    segment_1m_s_wasm: Number(s.toFixed(3)),
    segment_1m_network_s_wasm: Number(raw.toFixed(3)),
    segment_pipeline_vs_network: Number((s / raw).toFixed(3)),
    segment_samples: result.samples,
  };
}
