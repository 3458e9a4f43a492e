// The one entry point for turning dropped or opened files into geometry: picks the main file,
// hands its companions to its loader, and applies the rules every format shares (non-finite
// points dropped, a mesh without faces shown as points, an empty result refused).
import { InputError, printable, type FormatId, type Geometry, type InputFile, type ParseResult, type PointCloud, type RangedFile, type ScalarArray } from '../types';
import { detectFormat } from './detectFormat';
import { formats, loaders, supportedExtensions } from './formats';
import type { LazPerfFactory, LoadedGeometry } from './loader';
import { dropNonFinite } from './dropNonFinite';
import { isNpyCompanion, npyCompanionRefusal } from './npy';
import { withoutBom } from './text';
import { APP_TERMS, type CompanionTerms } from './companionTerms';

export interface ParseOptions {
  onProgress?: (fraction: number) => void;
  /** values a point in a headerless .bin, where the person gives it */
  recordValues?: number;
  /** LASzip's decoder, where the runtime must be told where its WASM file is (las.ts) */
  lazPerf?: LazPerfFactory;
  /** companions read by byte range (LoaderContext.ranged) */
  ranged?: RangedFile[];
  /** how the front end asks for a missing or lone companion (the command line reads them from beside a file); the app's where none is given */
  terms?: CompanionTerms;
}

/**
 * Companions known by their extension, each with the extension of the main file it belongs to: an
 * OBJ's materials, a glTF's buffers, a SemanticKITTI scan's labels. `alone` names an extension
 * that is a format of its own where no main file of that kind comes with it: a `.bin` beside no
 * `.gltf` is a headerless scan.
 */
export const COMPANION_EXTENSIONS: readonly { companion: RegExp; main: RegExp; alone?: true }[] = [
  { companion: /\.mtl$/i, main: /\.obj$/i },
  { companion: /\.bin$/i, main: /\.gltf$/i, alone: true },
  { companion: /\.label$/i, main: /\.bin$/i },
];

/** Files that only add to another one among `names` (the files given together): materials, a glTF's buffers and per-point label arrays. */
export function isCompanion(name: string, names: readonly string[]): boolean {
  const byExtension = COMPANION_EXTENSIONS.find((c) => c.companion.test(name));
  if (byExtension) return !byExtension.alone || anyNamed(names, byExtension.main);
  return isNpyCompanion(name);
}

/**
 * Whether any of `names` matches `main`, found once per list: a folder is asked about each of its
 * files, and a KITTI sequence's thousands of .bin scans each asked for a .gltf among all the names
 * made opening it quadratic (1.6 s for 4,541 scans).
 */
const namedIn = new WeakMap<readonly string[], Map<RegExp, boolean>>();
function anyNamed(names: readonly string[], main: RegExp): boolean {
  let known = namedIn.get(names);
  if (!known) namedIn.set(names, (known = new Map()));
  let found = known.get(main);
  if (found === undefined) known.set(main, (found = names.some((n) => main.test(n))));
  return found;
}

function asPoints(g: Geometry): PointCloud {
  return { kind: 'points', positions: g.positions, normals: g.normals, colors: g.colors, fields: g.fields };
}

/** Field names come from the file; they reach terminals and panels, so they are made printable too. */
function printableFields(g: Geometry): Geometry {
  const fields: Record<string, ScalarArray> = {};
  for (const [name, values] of Object.entries(g.fields)) fields[printable(name)] = values;
  return { ...g, fields };
}

async function parseMain(file: InputFile, companions: InputFile[], options: ParseOptions): Promise<ParseResult> {
  // a byte-order mark says "UTF-8 text"; no binary format starts with one, so every text format drops it here
  const main = { ...file, bytes: withoutBom(file.bytes) };
  if (main.bytes.length === 0) throw new InputError('is empty');
  const format = detectFormat(main.name, main.bytes);
  const loader = format && formats[format];
  if (!format || !loader) {
    throw new InputError(`is not in a format pointlens reads (${supportedExtensions().join(' ')})`);
  }
  let loaded;
  try {
    loaded = await loader.parse(main.bytes, { companions, name: main.name, onProgress: options.onProgress, recordValues: options.recordValues, lazPerf: options.lazPerf, terms: options.terms, ranged: options.ranged });
  } catch (e) {
    // a file named for one format that holds another (OBJ text saved as .xyz) is refused by the reader its name chose;
    // one whose content looks like its own format is just broken
    const other = !loader.sniff(main.bytes) && loaders().find((l) => l !== loader && !l.strong && l.sniff(main.bytes));
    const hint = other ? `; its content looks like ${other.name}: rename it ${other.extensions[0]}` : '';
    if (e instanceof InputError) throw new InputError(`${e.message}${hint}`);
    throw new InputError(`could not be read as ${loader.name}: ${e instanceof Error ? e.message : String(e)}${hint}`);
  }
  options.onProgress?.(1);
  return parsedResult(format, loaded);
}

/** What a loader read, under the rules every format shares (a file read as a stream too). */
export function parsedResult(format: FormatId, loaded: LoadedGeometry): ParseResult {
  const warnings = (loaded.warnings ?? []).map(printable);
  const { data, dropped, warning } = dropNonFinite(printableFields(loaded.data));
  let geometry = data;
  if (geometry.positions.length === 0) {
    throw new InputError(dropped ? `has no points with finite coordinates (${dropped} had NaN or infinite ones)` : 'has no points');
  }
  if (warning) warnings.push(warning);
  if (geometry.kind === 'mesh' && geometry.indices.length === 0) {
    warnings.push('has no faces, so it is shown as points');
    geometry = asPoints(geometry);
  }
  return { format, data: geometry, droppedNonFinite: dropped, warnings, upAxis: loaded.upAxis, ...(loaded.unit && { unit: loaded.unit }), ...(loaded.crs && { crs: loaded.crs }), ...(loaded.crsWkt && { crsWkt: loaded.crsWkt }), ...(loaded.declaredBox && { declaredBox: loaded.declaredBox }), ...(loaded.lasGrid && { lasGrid: loaded.lasGrid }), ...(loaded.origin && { origin: loaded.origin }), ...(loaded.statedUp && { statedUp: loaded.statedUp }) };
}

export async function parseFiles(files: InputFile[], options: ParseOptions = {}): Promise<ParseResult> {
  if (!files.length) throw new InputError('No file was given.');
  const names = files.map((f) => f.name);
  const candidates = files.filter((f) => !isCompanion(f.name, names));
  if (!candidates.length) {
    const terms = options.terms ?? APP_TERMS;
    const refusal = files.length === 1 && npyCompanionRefusal(files[0].name, terms);
    if (refusal) throw new InputError(`${files[0].name} ${refusal}`);
    throw new InputError(
      `${files.map((f) => f.name).join(', ')}: only companion files (materials, buffers or label arrays) were given; ${terms.together('them', 'the file they belong to')}`,
    );
  }
  // a dropped folder brings files of no geometry format along (ShapeNet's .json, textures):
  // the first file pointlens can read is the main one
  const main = candidates.find((f) => f.bytes.length && detectFormat(f.name, withoutBom(f.bytes))) ?? candidates[0];
  const ignored = candidates.filter((f) => f !== main).map((f) => f.name);
  try {
    const result = await parseMain(main, files.filter((f) => f !== main), options);
    if (ignored.length) result.warnings.push(printable(`only ${main.name} was read; ${ignored.join(', ')} ${ignored.length > 1 ? 'were' : 'was'} not used`));
    return result;
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${main.name} ${e.message}`);
    throw e;
  }
}
