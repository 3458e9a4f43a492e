// The bundled models for the CLI: the same manifest and ONNX files the app serves, run by the same
// engine (onnxruntime-web on WASM in Node), so a file gets the same answer in both.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { findModel, instanceEntry, validateManifest, type ModelEntry, type ModelTask } from '../core/ml/manifest';
import type { RunModel } from '../core/ml/runModel';
import { configureEngine, loadModel, type ModelSession } from '../inference/engine';

const modelsDir = new URL('../../models/', import.meta.url);
const sessions = new Map<ModelTask, Promise<ModelSession>>();

export function bundledModel(task: ModelTask): ModelEntry {
  const manifest = validateManifest(JSON.parse(readFileSync(new URL('manifest.json', modelsDir), 'utf8')));
  const entry = findModel(manifest.models, task);
  if (!entry) throw new Error(`no ${task} model in models/manifest.json`);
  return entry;
}

/** One session per task for the whole run, loaded on first use. */
export function modelSession(task: ModelTask): Promise<ModelSession> {
  let s = sessions.get(task);
  if (!s) {
    configureEngine({ numThreads: Math.min(4, availableParallelism()) });
    const entry = bundledModel(task);
    s = loadModel(entry, readFileSync(new URL(entry.file, modelsDir)), ['wasm']);
    sessions.set(task, s);
  }
  return s;
}

let instances: Promise<ModelSession> | undefined;

/**
 * The segmenter's instance classifier, where the manifest gives it one, as a model run that loads
 * it on first use: a file that cannot load then fails that run, which the scene pipeline survives.
 */
export function instanceRun(segmenter: ModelEntry): RunModel | undefined {
  if (!segmenter.instances) return undefined;
  const entry = instanceEntry(segmenter);
  return async (input, dims) => {
    instances ??= loadModel(entry, readFileSync(new URL(entry.file, modelsDir)), ['wasm']);
    return (await instances).run(input, dims);
  };
}
