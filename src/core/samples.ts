// Schema of samples/index.json, built by `make -C training samples` from the real datasets.
// The gallery and the first-open sample read it; nothing about a sample is hard-coded in the app.
import type { FormatId, UpAxis } from './types';

export type SampleDataset = 'ModelNet40' | 'ShapeNetCore' | 'ScanNet' | 'S3DIS' | 'cc-object-models';
export type SampleKind = 'object' | 'scene';
/**
 * An object sample's part of the classifier's data: trained on, used to choose the checkpoint and
 * thresholds (validation), or held out (test); for a class it does not serve, whether the open-set
 * threshold was chosen on that class (validation-unknown) or never saw it (test-unknown).
 */
export type ClassifierSplit = 'train' | 'validation' | 'test' | 'validation-unknown' | 'test-unknown';
export const CLASSIFIER_SPLITS: readonly ClassifierSplit[] = ['train', 'validation', 'test', 'validation-unknown', 'test-unknown'];
/** The parts a gallery accuracy may honestly be read on: what the classifier never learned from nor tuned on. */
export const HELD_OUT_SPLITS: readonly ClassifierSplit[] = ['test', 'test-unknown'];
/** A scan's part of the scene model's data, by its room: trained on, validation, or held out (test, or a room it never had). */
export type SegmenterSplit = 'train' | 'validation' | 'test';
const SEGMENTER_SPLITS: readonly SegmenterSplit[] = ['train', 'validation', 'test'];

const DATASETS: readonly SampleDataset[] = ['ModelNet40', 'ShapeNetCore', 'ScanNet', 'S3DIS', 'cc-object-models'];
const FORMATS: readonly FormatId[] = ['ply', 'obj', 'off', 'pcd', 'las', 'xyz', 'npy', 'bin'];

export interface SampleEntry {
  id: string;
  name: string;
  /** path relative to samples/ */
  file: string;
  /** files the parser needs beside `file` (OBJ's MTL, NPY's label arrays), relative to samples/ */
  companions: string[];
  dataset: SampleDataset;
  format: FormatId;
  kind: SampleKind;
  /** the true ModelNet40 class name of an object, or "scene" */
  label: string;
  /** points of a cloud or vertices of a mesh, as the file lists them */
  points: number;
  /** faces as the file lists them; 0 for clouds */
  faces: number;
  /** size of `file` in bytes */
  bytes: number;
  licence: string;
  citation: string;
  /** where it came from, relative to the shared data folder */
  source: string;
  upAxis: UpAxis;
  /** ScanNet room (sceneXXXX) or S3DIS room, so held-out rooms can be told apart */
  room?: string;
  /** objects: which part of the classifier's data the sample is */
  classifierSplit?: ClassifierSplit;
  /** scans: which part of the scene model's data the sample's room is */
  segmenterSplit?: SegmenterSplit;
}

export interface SampleIndex {
  version: 1;
  /** id of the sample the app opens with */
  default: string;
  samples: SampleEntry[];
}

function fail(path: string, what: string): never {
  throw new Error(`samples/index.json: ${path} ${what}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRelativePath(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && !v.startsWith('/') && !v.split('/').includes('..');
}

function isCount(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 0;
}

function validateSample(s: unknown, i: number): SampleEntry {
  const p = `samples[${i}]`;
  if (!isObj(s)) fail(p, 'is not an object');
  for (const k of ['id', 'name', 'label', 'licence', 'citation', 'source'] as const) {
    if (typeof s[k] !== 'string' || !(s[k] as string).length) fail(`${p}.${k}`, 'must be a non-empty string');
  }
  if (!isRelativePath(s.file)) fail(`${p}.file`, 'must be a path inside samples/');
  if (!Array.isArray(s.companions) || !s.companions.every(isRelativePath)) {
    fail(`${p}.companions`, 'must list paths inside samples/');
  }
  if (!DATASETS.includes(s.dataset as SampleDataset)) fail(`${p}.dataset`, 'is not a known dataset');
  if (!FORMATS.includes(s.format as FormatId)) fail(`${p}.format`, 'is not a supported format');
  if (s.kind !== 'object' && s.kind !== 'scene') fail(`${p}.kind`, 'must be object or scene');
  if ((s.kind === 'scene') !== (s.label === 'scene')) fail(`${p}.label`, 'must be "scene" exactly for scenes');
  if (!isCount(s.points) || s.points === 0) fail(`${p}.points`, 'must be a positive integer');
  if (!isCount(s.faces)) fail(`${p}.faces`, 'must be a non-negative integer');
  if (!isCount(s.bytes) || s.bytes === 0) fail(`${p}.bytes`, 'must be a positive integer');
  if (s.upAxis !== 'y' && s.upAxis !== 'z') fail(`${p}.upAxis`, 'must be y or z');
  if (s.room !== undefined && (typeof s.room !== 'string' || !s.room.length)) fail(`${p}.room`, 'must be a non-empty string');
  if (s.classifierSplit !== undefined && (s.kind !== 'object' || !CLASSIFIER_SPLITS.includes(s.classifierSplit as ClassifierSplit))) {
    fail(`${p}.classifierSplit`, `must be one of ${CLASSIFIER_SPLITS.join(', ')}, on objects only`);
  }
  if (s.segmenterSplit !== undefined && (s.kind !== 'scene' || !SEGMENTER_SPLITS.includes(s.segmenterSplit as SegmenterSplit))) {
    fail(`${p}.segmenterSplit`, `must be one of ${SEGMENTER_SPLITS.join(', ')}, on scans only`);
  }
  return s as unknown as SampleEntry;
}

/** Checks a parsed index and returns it typed; throws with the path of the first problem. */
export function validateSampleIndex(json: unknown): SampleIndex {
  if (!isObj(json)) fail('', 'is not an object');
  if (json.version !== 1) fail('version', 'must be 1');
  if (!Array.isArray(json.samples) || json.samples.length === 0) fail('samples', 'must be a non-empty array');
  const samples = json.samples.map(validateSample);
  const ids = new Set<string>();
  for (const s of samples) {
    if (ids.has(s.id)) fail('samples', `has the id ${s.id} twice`);
    ids.add(s.id);
  }
  if (typeof json.default !== 'string' || !ids.has(json.default)) fail('default', 'must be the id of a sample');
  return { version: 1, default: json.default, samples };
}

export function findSample(index: SampleIndex, id: string): SampleEntry | undefined {
  return index.samples.find((s) => s.id === id);
}
