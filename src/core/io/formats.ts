// Every format pointlens reads, by id. Adding a format is adding a loader here.
import type { FormatId } from '../types';
import type { FormatLoader } from './loader';
import { plyLoader } from './ply';
import { objLoader } from './obj';
import { offLoader } from './off';
import { stlLoader } from './stl';
import { gltfLoader } from './gltf';
import { xyzLoader } from './xyz';
import { npyLoader } from './npy';
import { pcdLoader } from './pcd';
import { lasLoader } from './las';
import { rawRecordsLoader } from './rawRecords';

export const formats: Record<FormatId, FormatLoader> = {
  ply: plyLoader,
  obj: objLoader,
  off: offLoader,
  stl: stlLoader,
  gltf: gltfLoader,
  xyz: xyzLoader,
  npy: npyLoader,
  pcd: pcdLoader,
  las: lasLoader,
  bin: rawRecordsLoader,
};

export function loaders(): FormatLoader[] {
  return Object.values(formats);
}

/** Whether every file of `format` is one model (FormatLoader.objectsOnly); a COPC file is LAS. */
export function holdsObjects(format: FormatId | 'copc'): boolean {
  return format !== 'copc' && formats[format].objectsOnly === true;
}

/** Whether every file of `format` is a scan in a known unit of length (FormatLoader.scansOnly); a COPC file is LAS. */
export function holdsScans(format: FormatId | 'copc'): boolean {
  return format === 'copc' || formats[format].scansOnly === true;
}

/** Whether `format`'s specification defines its up (FormatLoader.upDefined); a COPC file is LAS. */
export function definesUp(format: FormatId | 'copc'): boolean {
  return format === 'copc' || formats[format].upDefined === true;
}

/** ".ply, .obj, ..." for messages and file pickers */
export function supportedExtensions(): string[] {
  return loaders().flatMap((l) => l.extensions);
}
