// What the page and the inference worker say to each other: plain data and typed arrays only.
import type { ClassificationResult } from '../core/ml/classifyObject';
import type { ModelTask } from '../core/ml/manifest';
import type { SceneRecognition } from '../core/ml/recognizeScene';
import type { ScalarArray } from '../core/types';
import type { Backend, BackendRequest } from '../inference/engine';

export interface InferenceInit {
  /** the app's base URL; models/ and ort/ are below it */
  baseUrl: string;
  backend: BackendRequest;
  /** log where ORT places each node (tests check that all run on WebGPU) */
  verbose?: boolean;
  /** why this worker replaces one that failed during a run (it then runs on WASM) */
  restartReason?: string;
}

/** How a model was loaded and which provider runs it. */
export interface ModelStatus {
  id: string;
  name: string;
  task: ModelTask;
  backend: Backend;
  loadMs: number;
  warmupMs: number;
  /** why the providers were tried in the order they were (a software WebGPU adapter means WASM) */
  providerReason: string;
  /** why WebGPU was given up, where it was */
  fallbackReason?: string;
  /** why the inference worker was restarted on WASM, where an earlier one failed during a run */
  restartReason?: string;
}

/** Geometry as the worker needs it: the arrays are copies the worker may keep. */
export interface ObjectInput {
  kind: 'points' | 'mesh';
  positions: Float32Array;
  indices?: Uint32Array;
}

/** A cloud, or a mesh's vertices, with the file's ground truth where it has one (NYU40 `label`, `instance`). */
export interface SceneInput {
  positions: Float32Array;
  colors?: Uint8Array;
  label?: ScalarArray;
  instance?: ScalarArray;
}

export interface ClassifyReply {
  model: ModelStatus;
  result: ClassificationResult;
  /** why the nearest training shapes are not named, where the bank's file could not be read */
  bankError?: string;
}

export interface UpperBoundReply {
  /** the grid points that keep the global feature, packed xyz in the object's frame */
  positions: Float32Array;
  /** grid points per axis */
  resolution: number;
  ms: number;
}

export interface SaliencyReply {
  /** the sampled points, packed xyz in the object's frame */
  positions: Float32Array;
  /** per point: the class probability lost when its neighbourhood is dropped */
  scores: Float32Array;
  classIndex: number;
  probability: number;
  neighbours: number;
  ms: number;
}

export interface SegmentReply {
  model: ModelStatus;
  result: SceneRecognition;
}
