// The one scene-recognition call that the app's worker and the CLI both make: the file's geometry
// (a cloud, or a mesh's vertices) and the up axis it is seen with in; typed results in the file's
// own frame out, metrics included where the file carries ground truth. While it runs it streams
// what changed, so a viewer can colour the points as blocks finish without copying the scene.
import { DEFAULT_INSTANCE_PARAMS, findInstances } from '../geometry/instances';
import { estimateLevelling, levelledPositions } from '../geometry/levelling';
import type { SignedAxis } from '../geometry/signedAxis';
import type { Geometry, LabelledBox, PointCloud, UpAxis } from '../types';
import type { ModelEntry } from './manifest';
import { MODEL_RUN_FAILED, type RunModel } from './runModel';
import { boxInFileFrame, positionsInModelFrame } from './sceneFrame';
import { sceneMetrics, type SceneMetrics } from './sceneMetrics';
import { countSceneSamples, segmentScene } from './segmentScene';
import { classifyInstances, type ClassifiedInstances } from './classifyInstances';

/** What one batch of blocks changed: plain arrays that a worker can move to the page. */
export interface SceneUpdate {
  done: number;
  total: number;
  /** the points decided since the last update, each once in a run, with its final class */
  points: Int32Array;
  /** their class index and confidence, in the order of `points` */
  pred: Int32Array;
  confidence: Float32Array;
  /** the boxes so far, in the file's frame; only at a few points of a run, since finding them reads every point */
  boxes?: LabelledBox[];
}

export interface SceneRecognition {
  modelId: string;
  /** class index into the model's classes, per point (vertex of a mesh) */
  pred: Int32Array;
  confidence: Float32Array;
  /** found objects, in the file's own frame */
  boxes: LabelledBox[];
  /** where the instance classifier named the boxes: how many proposals it saw and how many points it relabelled */
  instanceClassifier?: { proposals: number; relabelled: number };
  /** why the instance classifier could not name the boxes, where it failed: the boxes are then the segmenter's own */
  instanceClassifierError?: string;
  /** points per class, in the model's class order */
  counts: number[];
  blocks: number;
  samples: number;
  ms: number;
  /** the up axis the file was taken to have */
  upAxis: UpAxis | SignedAxis;
  /** where the model levels scans: how far this one leant from that axis, in degrees, and whether it was turned level */
  levelling?: SceneLevelling;
  /** only where the file carries ScanNet-style ground truth */
  metrics?: SceneMetrics;
}

export interface SceneLevelling {
  lean: number;
  /** false where too few flat surfaces voted, or the lean was past MAX_LEAN_DEGREES (a wrong up axis, not a lean) */
  levelled: boolean;
}

export interface RecognizeSceneOptions {
  /** the file's up: 'y' / 'z' mean their + end */
  upAxis: UpAxis | SignedAxis;
  seed?: number;
  signal?: AbortSignal;
  onUpdate?: (update: SceneUpdate) => void;
  /** the least time between two updates (segmentScene's partialEveryMs) */
  updateEveryMs?: number;
  /** how many times in a run the boxes so far are found and sent with an update */
  boxUpdates?: number;
  /**
   * runs the entry's instance classifier (`instances`), which then names the final boxes and
   * relabels their points; where it cannot load or gives what its contract does not, the
   * segmenter's own boxes stand (a failing runtime, MODEL_RUN_FAILED, still fails the call)
   */
  runInstances?: RunModel;
}

/**
 * The whole recognition's time in network samples: the segmenter's samples, what the pipeline
 * does per point around them (levelling, local shape, the scatter of scores, the streamed updates,
 * the box candidates, the instance classifier), and a fixed part that the instance classifier's
 * start and the first boxes take whatever the scene's size. Fitted to the whole call over scenes of
 * 50k, 200k and 1M points (bench/segment.ts prints the estimate against the time each run).
 */
export function recognitionCost(samples: number): number {
  return 1.3 * samples + 80;
}

/** How long `recognizeScene` would take on positions in the model's frame, where one network sample takes `sampleMs`. */
export function estimateRecognition(positions: Float32Array, entry: ModelEntry, sampleMs: number): { samples: number; seconds: number } {
  const samples = countSceneSamples(positions, entry);
  return { samples, seconds: (sampleMs * recognitionCost(samples)) / 1000 };
}

function countClasses(pred: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < pred.length; i++) if (pred[i] >= 0) counts[pred[i]]++;
  return counts;
}

export async function recognizeScene(geometry: Geometry, entry: ModelEntry, run: RunModel, options: RecognizeSceneOptions): Promise<SceneRecognition> {
  if (entry.task !== 'semantic-segmentation') throw new Error(`Model ${entry.id} is not a scene model`);
  const t0 = performance.now();
  const modelUp = entry.input.upAxis;
  const fileUp = options.upAxis;
  const cloud: PointCloud = {
    kind: 'points',
    positions: positionsInModelFrame(geometry.positions, fileUp, modelUp),
    colors: geometry.colors,
    fields: geometry.fields,
  };
  // only the network's input is levelled: boxes and instances stay in the file's own axes, and the
  // labels are per point whatever the frame
  const levelling = entry.input.level ? estimateLevelling(cloud.positions) : undefined;
  const networkCloud: PointCloud = levelling ? { ...cloud, positions: levelledPositions(cloud.positions, levelling) } : cloud;
  const names = entry.classes.map((c) => c.name);
  const toFile = (boxes: LabelledBox[]) => boxes.map((b) => boxInFileFrame(b, modelUp, fileUp));
  const boxUpdates = options.boxUpdates ?? 4;
  let boxesSent = 0;
  const result = await segmentScene(networkCloud, entry, run, {
    seed: options.seed,
    signal: options.signal,
    partialEveryMs: options.updateEveryMs,
    // found below in the file's own axes, and only where the instance classifier does not find them
    boxes: false,
    onPartial: options.onUpdate
      ? ({ done, total, changed, pred, confidence }) => {
          const update: SceneUpdate = { done, total, points: changed, pred: new Int32Array(changed.length), confidence: new Float32Array(changed.length) };
          // plain loops: a mapping function per point cost a quarter of a second over a 1M-point scene
          for (let i = 0; i < changed.length; i++) {
            update.pred[i] = pred[changed[i]];
            update.confidence[i] = confidence[changed[i]];
          }
          if (done < total && done * boxUpdates >= total * (boxesSent + 1)) {
            boxesSent = Math.floor((done * boxUpdates) / total);
            update.boxes = toFile(findInstances(cloud.positions, pred, confidence, names, DEFAULT_INSTANCE_PARAMS));
          }
          options.onUpdate!(update);
        }
      : undefined,
  });
  const params = DEFAULT_INSTANCE_PARAMS;
  let revised: ClassifiedInstances | undefined;
  let instanceClassifierError: string | undefined;
  if (entry.instances && options.runInstances && params.suppress) {
    try {
      revised = await classifyInstances({ ...cloud, ...result }, names, entry.instances, options.runInstances, { ...params, suppress: params.suppress }, options.signal);
    } catch (error) {
      // a broken runtime is its owner's to replace and run again (the app's worker restart); a
      // classifier that cannot load or breaks its contract must not cost the segmentation
      if (options.signal?.aborted || (error instanceof Error && error.name === MODEL_RUN_FAILED)) throw error;
      instanceClassifierError = error instanceof Error ? error.message : String(error);
    }
  }
  options.signal?.throwIfAborted();
  const final = revised ?? { ...result, boxes: findInstances(cloud.positions, result.pred, result.confidence, names, params) };
  return {
    modelId: entry.id,
    pred: final.pred,
    confidence: final.confidence,
    boxes: toFile(final.boxes),
    instanceClassifier: revised ? { proposals: revised.proposals, relabelled: revised.relabelled } : undefined,
    instanceClassifierError,
    counts: countClasses(final.pred, names.length),
    blocks: result.blocks,
    samples: result.samples,
    ms: performance.now() - t0,
    upAxis: fileUp,
    levelling: levelling && { lean: levelling.lean, levelled: levelling.levelled },
    metrics: sceneMetrics(cloud, final.pred, final.boxes, names, params.skip),
  };
}
