// Scene segmentation of a 1M-point scene end to end (blocks, batches, vote merging, boxes) in
// onnxruntime-web on WASM in Node, against the peers measured in the same run: the time the same
// runtime spends in the network alone on the same blocks; the same blocks through
// onnxruntime-node (native, the same thread count), the runtime a desktop tool would use; and the
// whole scene through the first shipped segmenter, plain PointNet on 9 features
// (bench/peers/segmenter_first_pointnet.onnx), which the shipped model replaced; and the instance
// classifier's second look at every box proposal, and levelling the scan before the network, each
// against the segmentation's time; and the whole scene recognition as the app's worker calls it
// (recognizeScene: levelling, the segmenter with its streamed updates, the box proposals and the
// instance classifier), against the segmenter network alone and against both networks; and the
// app's estimate of that time, made before a run as its worker makes it, against the time the run
// took, for one room and for the whole scene. The scene is 20 real ScanNet scans of 50k points laid
// side by side on one floor.
import { readFileSync } from 'node:fs';
import * as ortNode from 'onnxruntime-node';
import { availableParallelism } from 'node:os';
import { BLOCK_FEATURES, PLACE_AND_COLOUR_FEATURES } from '../src/core/geometry/blocks';
import { segmentScene } from '../src/core/ml/segmentScene';
import { estimateRecognition, recognizeScene } from '../src/core/ml/recognizeScene';
import type { RunModel } from '../src/core/ml/runModel';
import { classifyInstances } from '../src/core/ml/classifyInstances';
import { instanceEntry } from '../src/core/ml/manifest';
import { DEFAULT_INSTANCE_PARAMS } from '../src/core/geometry/instances';
import { configureEngine, loadModel, settledSampleMs, warmUp, type ModelSession } from '../src/inference/engine';
import { estimateLevelling, levelledPositions } from '../src/core/geometry/levelling';
import { modelEntry } from '../src/cli/models';
import { tiledScene, TILES } from './tiledScene';

export async function run(): Promise<Record<string, unknown>> {
  const cloud = tiledScene();
  if (!cloud) {
    console.log('segment: ../shared/data/scannet is not present, skipped');
    return { segment_skipped: 'no ../shared/data/scannet' };
  }
  const points = cloud.positions.length / 3;
  const entry = modelEntry('semantic-segmentation');
  const threads = Math.min(2, availableParallelism());
  configureEngine({ numThreads: threads });
  const model = await loadModel(entry, new Uint8Array(readFileSync(new URL(`../models/${entry.file}`, import.meta.url))), ['wasm']);
  const loadInstances = async () => loadModel(instanceEntry(entry), new Uint8Array(readFileSync(new URL(`../models/${entry.instances!.file}`, import.meta.url))), ['wasm']);

  // the app's estimate, made as its worker makes it on a fresh session, against one room recognised
  // first, its instance classifier loaded on first use as the worker loads it
  await warmUp(model);
  const sampleMs = await settledSampleMs(model);
  const room: typeof cloud = { ...cloud, positions: cloud.positions.subarray(0, (3 * points) / TILES), colors: cloud.colors?.subarray(0, (3 * points) / TILES), fields: {} };
  const roomEstimate = estimateRecognition(room.positions, entry, sampleMs);
  let firstUse: Promise<ModelSession> | undefined;
  const r0 = performance.now();
  await recognizeScene(room, entry, model.run, { upAxis: 'z', onUpdate: () => {}, runInstances: async (input, dims) => (await (firstUse ??= loadInstances())).run(input, dims) });
  const roomS = (performance.now() - r0) / 1000;
  const sceneEstimate = estimateRecognition(cloud.positions, entry, sampleMs);

  /** `run`, adding the time each call takes to whatever `add` keeps */
  const timed = (run: RunModel, add: (ms: number) => void): RunModel => async (input, dims) => {
    const t0 = performance.now();
    const out = await run(input, dims);
    add(performance.now() - t0);
    return out;
  };
  let inferenceMs = 0;
  const timedRun = timed(model.run, (ms) => (inferenceMs += ms));
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await segmentScene(cloud, entry, timedRun);
  const totalMs = performance.now() - t0;
  const rssAfter = process.memoryUsage().rss;

  // the app's second look at each box: the instance classifier over every proposal of the scene
  const instances = await loadInstances();
  const params = { ...DEFAULT_INSTANCE_PARAMS, suppress: DEFAULT_INSTANCE_PARAMS.suppress! };
  const names = entry.classes.map((c) => c.name);
  const i0 = performance.now();
  const revised = await classifyInstances({ ...cloud, ...result }, names, entry.instances!, instances.run, params);
  const instancesS = (performance.now() - i0) / 1000;

  // the app's whole call, streaming its updates to a page that takes them as they come
  let wholeNetworkMs = 0;
  let wholeInstancesMs = 0;
  const w0 = performance.now();
  const whole = await recognizeScene(cloud, entry, timed(model.run, (ms) => (wholeNetworkMs += ms)), {
    upAxis: 'z',
    onUpdate: () => {},
    runInstances: timed(instances.run, (ms) => (wholeInstancesMs += ms)),
  });
  const wholeS = (performance.now() - w0) / 1000;

  // what the app does before the network where the model levels scans (recognizeScene)
  const l0 = performance.now();
  levelledPositions(cloud.positions, estimateLevelling(cloud.positions));
  const levellingS = (performance.now() - l0) / 1000;

  // the native peer: every block the WASM run saw, through onnxruntime-node
  const modelBytes = new Uint8Array(readFileSync(new URL(`../models/${entry.file}`, import.meta.url)));
  const native = await ortNode.InferenceSession.create(modelBytes, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  let nativeMs = 0;
  const nativeRun = async (input: Float32Array, dims: number[]) => {
    const t0 = performance.now();
    const out = await native.run({ [entry.input.inputName]: new ortNode.Tensor('float32', input, dims) });
    nativeMs += performance.now() - t0;
    return out[entry.input.outputName].data as Float32Array;
  };
  const nativeResult = await segmentScene(cloud, entry, nativeRun);

  // the first PointNet: same classes and blocks, the first 9 features
  const first = {
    ...entry,
    input: { ...entry.input, features: BLOCK_FEATURES.slice(0, PLACE_AND_COLOUR_FEATURES), outputName: 'logits' },
    output: { ...entry.output!, name: 'logits', values: 'logits' as const },
  };
  const firstModel = await loadModel(first, new Uint8Array(readFileSync(new URL('./peers/segmenter_first_pointnet.onnx', import.meta.url))), ['wasm']);
  const f0 = performance.now();
  await segmentScene(cloud, first, (input, dims) => firstModel.run(input, dims));
  const firstS = (performance.now() - f0) / 1000;
  let same = 0;
  for (let i = 0; i < result.pred.length; i++) if (result.pred[i] === nativeResult.pred[i]) same++;

  const s = totalMs / 1000;
  const raw = inferenceMs / 1000;
  const rawNative = nativeMs / 1000;
  console.log(`segmenter ${entry.id} on ${points} points (${TILES} ScanNet scans tiled), wasm, ${threads} threads`);
  console.log(`  blocks ${result.blocks}, network samples ${result.samples} x ${entry.input.points} points, boxes ${result.boxes.length}`);
  console.log(`  end to end           ${s.toFixed(2)} s`);
  console.log(`  network alone        ${raw.toFixed(2)} s (${((result.samples * entry.input.points) / raw / 1e6).toFixed(2)} M points/s)`);
  console.log(`  pipeline / network   ${(s / raw).toFixed(3)}x`);
  console.log(`  network, native      ${rawNative.toFixed(2)} s (onnxruntime-node, same blocks; ${((100 * same) / result.pred.length).toFixed(2)}% of points agree)`);
  console.log(`  wasm / native        ${(raw / rawNative).toFixed(3)}x`);
  console.log(`  instance classifier  ${instancesS.toFixed(2)} s for ${revised.proposals} proposals (${((100 * instancesS) / s).toFixed(1)}% of the segmentation's time)`);
  const wholeNetS = wholeNetworkMs / 1000;
  const wholeBothS = (wholeNetworkMs + wholeInstancesMs) / 1000;
  console.log(`  whole recognition    ${wholeS.toFixed(2)} s (levelling, segmentation, ${whole.instanceClassifier?.proposals} proposals classified, ${whole.boxes.length} boxes)`);
  console.log(`                       ${(wholeS / wholeNetS).toFixed(3)}x its segmenter network (${wholeNetS.toFixed(2)} s), ${(wholeS / wholeBothS).toFixed(3)}x both networks (${wholeBothS.toFixed(2)} s)`);
  console.log(`  app's estimate       one room (${points / TILES} points): ${roomEstimate.seconds.toFixed(2)} s, took ${roomS.toFixed(2)} s (${(roomS / roomEstimate.seconds).toFixed(3)}x); the scene: ${sceneEstimate.seconds.toFixed(2)} s, took ${wholeS.toFixed(2)} s (${(wholeS / sceneEstimate.seconds).toFixed(3)}x); a sample settled at ${sampleMs.toFixed(1)} ms`);
  console.log(`  levelling            ${levellingS.toFixed(2)} s (${((100 * levellingS) / s).toFixed(1)}% of the segmentation's time)`);
  console.log(`  rss growth           ${((rssAfter - rssBefore) / 2 ** 20).toFixed(0)} MiB`);
  console.log(`  first PointNet       ${firstS.toFixed(2)} s end to end (the shipped model takes ${(s / firstS).toFixed(2)}x its time)`);
  return {
    segment_points: points,
    segment_threads: threads,
    segment_1m_s_wasm: Number(s.toFixed(3)),
    segment_1m_network_s_wasm: Number(raw.toFixed(3)),
    segment_pipeline_vs_network: Number((s / raw).toFixed(3)),
    segment_1m_network_s_native: Number(rawNative.toFixed(3)),
    segment_wasm_vs_native: Number((raw / rawNative).toFixed(3)),
    segment_samples: result.samples,
    segment_instances_s_wasm: Number(instancesS.toFixed(3)),
    segment_instances_vs_pipeline: Number((instancesS / s).toFixed(4)),
    segment_recognition_s_wasm: Number(wholeS.toFixed(3)),
    segment_recognition_vs_network: Number((wholeS / wholeNetS).toFixed(3)),
    segment_recognition_vs_networks: Number((wholeS / wholeBothS).toFixed(3)),
    segment_estimate_room_s: Number(roomEstimate.seconds.toFixed(3)),
    segment_room_recognition_s_wasm: Number(roomS.toFixed(3)),
    segment_room_recognition_vs_estimate: Number((roomS / roomEstimate.seconds).toFixed(3)),
    segment_estimate_1m_s: Number(sceneEstimate.seconds.toFixed(3)),
    segment_recognition_vs_estimate: Number((wholeS / sceneEstimate.seconds).toFixed(3)),
    segment_levelling_s: Number(levellingS.toFixed(3)),
    segment_levelling_vs_pipeline: Number((levellingS / s).toFixed(4)),
    segment_1m_s_wasm_first_pointnet: Number(firstS.toFixed(3)),
    segment_vs_first_pointnet: Number((s / firstS).toFixed(3)),
  };
}
