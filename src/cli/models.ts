// The models for the CLI: by default the same manifest and ONNX files the app serves, run by the
// same engine (onnxruntime-web on WASM in Node), so a file gets the same answer in both; with
// `--models <folder>`, another manifest and its files (a newly trained model, tried before it is bundled).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { CliArgs, CliFlag } from './command';
import { findModel, instanceEntry, validateManifest, type ModelEntry, type ModelTask } from '../core/ml/manifest';
import { parseShapeBank, type ShapeBank } from '../core/ml/nearestShapes';
import type { RunModel } from '../core/ml/runModel';
import { configureEngine, loadModel, type ModelSession } from '../inference/engine';

const bundledDir = new URL('../../models/', import.meta.url);
const sessions = new Map<string, Promise<ModelSession>>();

export const MODELS_FLAG: CliFlag = {
  type: 'string',
  description: 'a folder holding a manifest.json and its ONNX files, used instead of the bundled models',
};

/** `--models` as a folder URL (the bundled one without it), or undefined after saying on stderr what is wrong. */
export function modelsFlag(command: string, flags: CliArgs['flags']): URL | undefined {
  if (flags.models === undefined) return bundledDir;
  const folder = pathToFileURL(String(flags.models).replace(/\/?$/, '/'));
  if (existsSync(new URL('manifest.json', folder))) return folder;
  process.stderr.write(`pointlens ${command}: --models must be a folder holding a manifest.json; "${flags.models}" has none\n`);
  return undefined;
}

/** The manifest entry of a task in the folder `dir` (the bundled models by default). */
export function modelEntry(task: ModelTask, dir: URL = bundledDir): ModelEntry {
  const manifest = validateManifest(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')));
  const entry = findModel(manifest.models, task);
  if (!entry) throw new Error(`no ${task} model in ${decodeURI(new URL('manifest.json', dir).pathname)}`);
  return entry;
}

function session(key: string, load: () => Promise<ModelSession>): Promise<ModelSession> {
  let s = sessions.get(key);
  if (!s) {
    configureEngine({ numThreads: Math.min(4, availableParallelism()) });
    s = load();
    sessions.set(key, s);
  }
  return s;
}

/** One session per task and folder for the whole run, loaded on first use. */
export function modelSession(task: ModelTask, dir: URL = bundledDir): Promise<ModelSession> {
  return session(`${dir.href} ${task}`, () => {
    const entry = modelEntry(task, dir);
    return loadModel(entry, readFileSync(new URL(entry.file, dir)), ['wasm']);
  });
}

const banks = new Map<string, ShapeBank | undefined>();

/**
 * The training shapes of the classifier's bank rows, read once per folder; undefined where the model
 * has no bank, or after saying on stderr why its file cannot be read (the classification stands).
 */
export function shapeBank(entry: ModelEntry, dir: URL = bundledDir): ShapeBank | undefined {
  const contract = entry.openSet?.neighbours;
  if (!contract) return undefined;
  if (!banks.has(dir.href)) {
    try {
      banks.set(dir.href, parseShapeBank(readFileSync(new URL(contract.file, dir), 'utf8'), contract));
    } catch (error) {
      process.stderr.write(`pointlens: the nearest training shapes cannot be named: ${error instanceof Error ? error.message : String(error)}\n`);
      banks.set(dir.href, undefined);
    }
  }
  return banks.get(dir.href);
}

/**
 * The segmenter's instance classifier, where the manifest gives it one, as a model run that loads
 * it on first use: a file that cannot load then fails that run, which the scene pipeline survives.
 */
export function instanceRun(segmenter: ModelEntry, dir: URL = bundledDir): RunModel | undefined {
  if (!segmenter.instances) return undefined;
  const entry = instanceEntry(segmenter);
  return async (input, dims) => {
    const instances = await session(`${dir.href} instances`, async () => loadModel(entry, readFileSync(new URL(entry.file, dir)), ['wasm']));
    return instances.run(input, dims);
  };
}
