// The loader interface every format implements, shaped after loaders.gl's (id, extensions, a
// content test, parse), so that formats register by id instead of living in a switch.
import type { LazPerf } from 'laz-perf';
import type { DeclaredBox, FormatId, Geometry, InputFile, LasGrid, LengthUnit, RangedFile, UpAxis } from '../types';
import type { Origin } from './shift';
import type { SignedAxis } from '../geometry/signedAxis';
import type { CompanionTerms } from './companionTerms';

/** Makes a new LASzip decoder (laz-perf's WASM). A browser worker passes one that finds the WASM file where the bundle put it. */
export type LazPerfFactory = () => Promise<LazPerf>;

export interface LoaderContext {
  /** files dropped together with the main one that this format may use (MTL, NPY labels) */
  companions: InputFile[];
  /** companions left on disk and read by byte range: a glTF's buffers, of which only what its accessors span is read */
  ranged?: RangedFile[];
  /** name of the main file, for companion matching */
  name: string;
  onProgress?: (fraction: number) => void;
  /** values a point in headerless records, where the person gave the count instead of its being found */
  recordValues?: number;
  /** LASzip's decoder, where the runtime must be told where its WASM file is (las.ts) */
  lazPerf?: LazPerfFactory;
  /** how the front end asks for a missing or lone companion; the app's where none is given */
  terms?: CompanionTerms;
}

export interface LoadedGeometry {
  data: Geometry;
  warnings?: string[];
  upAxis?: UpAxis;
  unit?: LengthUnit;
  /** the coordinate system the file names (DeclaredUnits.crs) */
  crs?: string;
  /** its WKT, where a record gave it (DeclaredUnits.crsWkt) */
  crsWkt?: string;
  /** the box the file's header declares, in its own coordinates (a LAS file's), where it declares one */
  declaredBox?: DeclaredBox;
  /** the scale and offset its coordinates are stored with (a LAS file's) */
  lasGrid?: LasGrid;
  /** what the positions are relative to, where the file's coordinates lie far from zero (shift.ts) */
  origin?: Origin;
  /** the up the file states itself (plyNotes.ts: a PLY pointlens exported) */
  statedUp?: SignedAxis;
}

export interface FormatLoader {
  id: FormatId;
  /** human name, shown in errors and the UI */
  name: string;
  /** lower-case, with the dot */
  extensions: string[];
  /**
   * True when the content is surely this format. `strong` formats have a magic number and win
   * over the file's extension; the others are only tried when the extension says nothing.
   */
  sniff(bytes: Uint8Array): boolean;
  strong: boolean;
  /** every file of the format is one model, never a room scan, whatever its size and vertex count */
  objectsOnly?: true;
  /** every file of the format is a scan of the world, in its coordinate system's unit: metres unless the file declares another */
  scansOnly?: true;
  /** the format's specification defines which way is up (LAS: z is elevation), so `auto` keeps it, room or object */
  upDefined?: true;
  parse(bytes: Uint8Array, context: LoaderContext): LoadedGeometry | Promise<LoadedGeometry>;
}

/** Calls `onProgress` at most about every 1/64 of the work, so callers can report from hot loops. */
export function progressReporter(onProgress: ((f: number) => void) | undefined, total: number) {
  const step = Math.max(1, Math.floor(total / 64));
  let next = step;
  return (done: number) => {
    if (onProgress && done >= next) {
      next = done + step;
      onProgress(Math.min(1, done / total));
    }
  };
}
