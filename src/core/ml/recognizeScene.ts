// The one scene-recognition call that the app's worker and the CLI both make: the file's geometry
// (a cloud, or a mesh's vertices) and the up axis it is seen with in; typed results in the file's
// own frame out, metrics included where the file carries ground truth. While it runs it streams
// what changed, so a viewer can colour the points as blocks finish without copying the scene.
import { assertShaped } from '../geometry/bounds';
import { findInstances } from '../geometry/instances';
import { estimateLevelling, levelledPositions } from '../geometry/levelling';
import { storeyCuts, storeyParts } from '../geometry/storeys';
import { estimateWallTurn, squared, squaringOf, unsquaredBox } from '../geometry/wallTurn';
import { inMetres, sceneUnit, type SceneUnit } from '../geometry/sceneUnits';
import type { SignedAxis } from '../geometry/signedAxis';
import type { Box3, Geometry, LabelledBox, LengthUnit, PointCloud, UpAxis } from '../types';
import type { ModelEntry } from './manifest';
import { MODEL_RUN_FAILED, type RunModel } from './runModel';
import { boxInFileFrame, positionsInModelFrame, turnInFileFrame } from './sceneFrame';
import { sceneMetrics, type SceneMetrics } from './sceneMetrics';
import { countSceneSamples, segmentScene } from './segmentScene';
import { classifyInstances, type ClassifiedInstances } from './classifyInstances';
import { CEILING_PRECISION, findCeiling } from '../geometry/ceiling';
import { ceilingIndex, SCENE_INSTANCE_PARAMS, sceneClasses } from './sceneClasses';

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
  /** where the scan's walls are not square to its axes: how far they are turned, in degrees right-handed about the + end of its up axis, as the boxes' `turn`; each box then also carries its box square to the walls (`square`) */
  walls?: { degrees: number };
  /** where the file is not in metres: the unit it was read in (sceneUnits.ts); sizes and heights reported here are in metres, the boxes in the file's unit */
  unit?: Exclude<LengthUnit, 'm'>;
  /** the unit is the one the file declares, not one its height told */
  unitDeclared?: true;
  /** where the scan was cut into storeys, each segmented as a scene of its own (storeys.ts): the cuts' heights above its floor, in metres */
  storeys?: number[];
  /** where the geometry showed a ceiling (ceiling.ts), its points labelled ceiling: its height above the floor, in metres, a storey at a time */
  ceilings?: number[];
  /** only where the file carries ScanNet-style ground truth */
  metrics?: SceneMetrics;
}

/** Progress steps each storey's share of a run is counted in. */
const PROGRESS_STEPS = 1000;

export interface SceneLevelling {
  lean: number;
  /** false where too few flat surfaces voted, or the lean was past MAX_LEAN_DEGREES (a wrong up axis, not a lean) */
  levelled: boolean;
}

export interface RecognizeSceneOptions {
  /** the file's up: 'y' / 'z' mean their + end */
  upAxis: UpAxis | SignedAxis;
  /** the unit of length the file declares (ParseResult.unit): read in it rather than guessed from the scan's height */
  unit?: LengthUnit;
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

/** The unit `recognizeScene` reads a file's positions in: the one it declares, or the one its height tells once stood on the model's up. */
export function sceneReadUnit(positions: Float32Array, entry: ModelEntry, fileUp: UpAxis | SignedAxis, declared?: LengthUnit): SceneUnit {
  return sceneUnit(positionsInModelFrame(positions, fileUp, entry.input.upAxis), declared);
}

/** How long `recognizeScene` would take on positions in the model's frame, where one network sample takes `sampleMs`. */
export function estimateRecognition(positions: Float32Array, entry: ModelEntry, sampleMs: number, declared?: LengthUnit): { samples: number; seconds: number } {
  const samples = countSceneSamples(inMetres(positions, sceneUnit(positions, declared)), entry);
  return { samples, seconds: (sampleMs * recognitionCost(samples)) / 1000 };
}

function countClasses(pred: Int32Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < pred.length; i++) if (pred[i] >= 0) counts[pred[i]]++;
  return counts;
}

/** The positions at `indices`, in their order. */
function positionsAt(positions: Float32Array, indices: Int32Array): Float32Array {
  const out = new Float32Array(3 * indices.length);
  indices.forEach((p, k) => out.set(positions.subarray(3 * p, 3 * p + 3), 3 * k));
  return out;
}

/** The part of a cloud at `indices`, in their order. */
function partOf(cloud: PointCloud, indices: Int32Array): PointCloud {
  const colors = cloud.colors && new Uint8Array(3 * indices.length);
  indices.forEach((p, k) => colors?.set(cloud.colors!.subarray(3 * p, 3 * p + 3), 3 * k));
  return { kind: 'points', positions: positionsAt(cloud.positions, indices), colors, fields: {} };
}

export async function recognizeScene(geometry: Geometry, entry: ModelEntry, run: RunModel, options: RecognizeSceneOptions): Promise<SceneRecognition> {
  if (entry.task !== 'semantic-segmentation') throw new Error(`Model ${entry.id} is not a scene model`);
  assertShaped(geometry.positions);
  const t0 = performance.now();
  const modelUp = entry.input.upAxis;
  const fileUp = options.upAxis;
  const framed = positionsInModelFrame(geometry.positions, fileUp, modelUp);
  // everything below is in metres; the boxes go back to the file's unit
  const unit = sceneUnit(framed, options.unit);
  const cloud: PointCloud = { kind: 'points', positions: inMetres(framed, unit), colors: geometry.colors, fields: geometry.fields };
  // only the network's input is levelled; boxes and instances are found in the file's own axes,
  // and where its walls are not square to them the boxes are drawn square to the walls
  const levelling = entry.input.level ? estimateLevelling(cloud.positions) : undefined;
  const networkCloud: PointCloud = levelling ? { ...cloud, positions: levelledPositions(cloud.positions, levelling) } : cloud;
  const squaring = entry.input.level ? squaringOf(networkCloud.positions, estimateWallTurn(networkCloud.positions)) : undefined;
  const fitIn = squaring && squared(cloud.positions, squaring);
  const names = sceneClasses(entry).map((c) => c.name);
  const CEILING = ceilingIndex(entry);
  const inFile = <B extends Box3>(b: B): B =>
    boxInFileFrame({ ...b, center: b.center.map((v) => v / unit.scale) as Box3['center'], size: b.size.map((v) => v / unit.scale) as Box3['size'] }, modelUp, fileUp);
  const toFile = (boxes: LabelledBox[]) => boxes.map((b) => ({ ...inFile(b), ...(b.square && { square: inFile(unsquaredBox(b.square, squaring)) }) }));
  const boxUpdates = options.boxUpdates ?? 4;
  const n = cloud.positions.length / 3;
  // each storey is a scene of its own; a part's arrays are its points' in `indices` order
  const { floor, cuts } = storeyCuts(networkCloud.positions);
  const parts = cuts.length ? storeyParts(networkCloud.positions, cuts) : [undefined];
  const pred = parts.length > 1 ? new Int32Array(n).fill(-1) : undefined;
  const confidence = parts.length > 1 ? new Float32Array(n) : undefined;
  let boxesSent = 0;
  const params = SCENE_INSTANCE_PARAMS;
  const boxes: LabelledBox[] = [];
  let instanceClassifier: SceneRecognition['instanceClassifier'];
  let instanceClassifierError: string | undefined;
  let blocks = 0;
  let samples = 0;
  const ceilings: number[] = [];
  let final: { pred: Int32Array; confidence: Float32Array } | undefined;
  for (const [k, indices] of parts.entries()) {
    const part = indices ? partOf(cloud, indices) : cloud;
    const partFitIn = fitIn && (indices ? positionsAt(fitIn, indices) : fitIn);
    const networkPart = indices ? partOf(networkCloud, indices) : networkCloud;
    const ceiling = findCeiling(networkPart.positions);
    if (ceiling) ceilings.push(ceiling.height);
    const result = await segmentScene(networkPart, entry, run, {
      seed: options.seed,
      preset: ceiling && { points: ceiling.points, classIndex: CEILING, confidence: CEILING_PRECISION },
      signal: options.signal,
      partialEveryMs: options.updateEveryMs,
      // found below in the file's own axes, and only where the instance classifier does not find them
      boxes: false,
      onPartial: options.onUpdate
        ? ({ done, total, changed, pred: partPred, confidence: partConfidence }) => {
            const update: SceneUpdate = {
              // storeys share the run's progress evenly
              done: indices ? k * PROGRESS_STEPS + Math.round((done / total) * PROGRESS_STEPS) : done,
              total: indices ? parts.length * PROGRESS_STEPS : total,
              points: indices ? new Int32Array(changed.length) : changed,
              pred: new Int32Array(changed.length),
              confidence: new Float32Array(changed.length),
            };
            // plain loops: a mapping function per point cost a quarter of a second over a 1M-point scene
            for (let i = 0; i < changed.length; i++) {
              update.pred[i] = partPred[changed[i]];
              update.confidence[i] = partConfidence[changed[i]];
            }
            if (indices) {
              for (let i = 0; i < changed.length; i++) {
                const p = (update.points[i] = indices[changed[i]]);
                pred![p] = update.pred[i];
                confidence![p] = update.confidence[i];
              }
            }
            if (update.done < update.total && update.done * boxUpdates >= update.total * (boxesSent + 1)) {
              boxesSent = Math.floor((update.done * boxUpdates) / update.total);
              update.boxes = toFile([...boxes, ...findInstances(part.positions, partPred, partConfidence, names, params, partFitIn)]);
            }
            options.onUpdate!(update);
          }
        : undefined,
    });
    let revised: ClassifiedInstances | undefined;
    if (entry.instances && options.runInstances && params.suppress && instanceClassifierError === undefined) {
      try {
        revised = await classifyInstances({ ...part, ...result, fitIn: partFitIn }, names, entry.instances, options.runInstances, { ...params, suppress: params.suppress }, options.signal);
      } catch (error) {
        // a broken runtime is its owner's to replace and run again (the app's worker restart); a
        // classifier that cannot load or breaks its contract must not cost the segmentation
        if (options.signal?.aborted || (error instanceof Error && error.name === MODEL_RUN_FAILED)) throw error;
        instanceClassifierError = error instanceof Error ? error.message : String(error);
      }
    }
    options.signal?.throwIfAborted();
    // the ceiling is the geometry's to name: a box of the instance classifier does not relabel it
    if (revised && ceiling) {
      const { pred: named, confidence: sure } = revised;
      let restored = 0;
      ceiling.points.forEach((on, p) => {
        if (!on || named[p] === CEILING) return;
        named[p] = CEILING;
        sure[p] = CEILING_PRECISION;
        restored++;
      });
      revised.relabelled -= restored;
    }
    const partFinal = revised ?? { ...result, boxes: findInstances(part.positions, result.pred, result.confidence, names, params, partFitIn) };
    boxes.push(...partFinal.boxes);
    if (revised) {
      instanceClassifier = {
        proposals: (instanceClassifier?.proposals ?? 0) + revised.proposals,
        relabelled: (instanceClassifier?.relabelled ?? 0) + revised.relabelled,
      };
    }
    blocks += result.blocks;
    samples += result.samples;
    if (!indices) final = partFinal;
    else indices.forEach((p, i) => ((pred![p] = partFinal.pred[i]), (confidence![p] = partFinal.confidence[i])));
  }
  if (!final) final = { pred: pred!, confidence: confidence! };
  return {
    modelId: entry.id,
    pred: final.pred,
    confidence: final.confidence,
    boxes: toFile(boxes),
    instanceClassifier: instanceClassifierError === undefined ? instanceClassifier : undefined,
    instanceClassifierError,
    counts: countClasses(final.pred, names.length),
    blocks,
    samples,
    ms: performance.now() - t0,
    upAxis: fileUp,
    levelling: levelling && { lean: levelling.lean, levelled: levelling.levelled },
    ...(squaring && { walls: { degrees: (turnInFileFrame({ axis: 2, radians: squaring.angle }, modelUp, fileUp).radians * 180) / Math.PI } }),
    ...(cuts.length && { storeys: cuts.map((c) => c - floor) }),
    ...(ceilings.length && { ceilings }),
    ...(unit.unit !== 'm' && { unit: unit.unit, ...(unit.declared && { unitDeclared: true as const }) }),
    metrics: sceneMetrics(cloud, final.pred, boxes, names, params.skip),
  };
}
