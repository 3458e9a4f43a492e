// Which recognition fits a loaded file: the classifier names one object; a room scan needs the
// scene model. A file says neither, so we judge by shape: scans of rooms are clouds (or meshes, as
// ScanNet's own reconstructions are) of many points spread over metres of floor; objects are small
// clouds or meshes, or normalised to about a unit.
import type { Bounds } from '../geometry/bounds';
import { asSignedAxis, axisIndex, type SignedAxis } from '../geometry/signedAxis';
import { heightFits, METRES, SMALLER_UNITS } from '../geometry/sceneUnits';
import { enoughForRoom, SCENE_EXTENT_M } from '../geometry/upAxis';
import { formatNumber } from '../format';
import { mapUp } from '../geometry/mapCoordinates';
import { holdsObjects, holdsScans } from '../io/formats';
import { KITTI_LABEL_FIELD } from '../io/semanticKitti';
import { METRES_PER } from '../units';
import { computeBounds } from '../geometry/bounds';
import type { FormatId, Geometry, LengthUnit, ParseResult, UpAxis } from '../types';

/** Floor-plane extent (metres) from which a dense cloud is taken for a room. */
export const SCENE_MIN_FLOOR_EXTENT = 2.5;
/**
 * Whether a unit the segmenter reads rooms in (metres, centimetres, millimetres) makes `extents` a
 * room's: its height one the segmenter reads, and nothing wider than the up estimate takes a room
 * to be. A raw ModelNet mesh of tens of units is 20-60 m tall read in metres, and wider than that.
 */
function roomSized(extents: number[], up: number): boolean {
  const widest = Math.max(...extents);
  return [METRES, ...SMALLER_UNITS].some((unit) => heightFits(extents[up], unit) && widest * unit.scale <= SCENE_EXTENT_M[1]);
}

/**
 * A room scan as the up estimate judges one (enoughForRoom: not a tall thin model, nor a mesh of few
 * vertices in units of its own), of a room's size in some unit, its floor a room's size; never a
 * file of a format that holds only models (`format`, where known).
 */
export function looksLikeScene(geometry: Geometry, bounds: Bounds, upAxis: UpAxis | SignedAxis, format?: FormatId | 'copc'): boolean {
  if (format && holdsObjects(format)) return false;
  const extents = [0, 1, 2].map((a) => bounds.max[a] - bounds.min[a]);
  if (!enoughForRoom(geometry, extents)) return false;
  const up = axisIndex(asSignedAxis(upAxis));
  if (!roomSized(extents, up)) return false;
  const floorAxes = [0, 1, 2].filter((a) => a !== up);
  const extent = Math.max(...floorAxes.map((a) => bounds.max[a] - bounds.min[a]));
  return extent >= SCENE_MIN_FLOOR_EXTENT;
}

/** Where a scan came from, as far as its unit goes. */
export interface ScanSource {
  format?: FormatId | 'copc';
  unit?: LengthUnit;
  /** its fields' names */
  attributes?: readonly string[];
  /** where its coordinates lie far from zero (core/io/shift.ts) */
  origin?: readonly number[];
}

/**
 * The widest extent in metres of a scan wider than any room or object the models learned
 * (SCENE_EXTENT_M: rooms up to 60 m; no served object is larger, save the odd airliner), or
 * undefined. Only a scan in a known unit says so: a file of a format whose files are scans (holdsScans:
 * LAS and COPC, in metres unless `unit` is declared), a SemanticKITTI sweep (its `.label` companion
 * read as the `kitti_label` attribute; velodyne scans are in metres), or a file whose coordinates
 * read as a map's (mapCoordinates.ts; metres unless declared, as in LAS). An aerial or street survey
 * is no object and no room, while a file of no known unit 120 wide may as well be a model in millimetres.
 */
export function widerThanModelsKnow(bounds: Bounds, source: ScanSource): number | undefined {
  const { format, unit, attributes = [], origin } = source;
  const inKnownUnit = (format !== undefined && holdsScans(format)) || attributes.includes(KITTI_LABEL_FIELD) || mapUp(origin) !== undefined;
  if (!inKnownUnit) return undefined;
  const widest = Math.max(...[0, 1, 2].map((a) => bounds.max[a] - bounds.min[a])) * METRES_PER[unit ?? 'm'];
  return widest > SCENE_EXTENT_M[1] ? widest : undefined;
}

/** Why a scan `widestM` metres across (from widerThanModelsKnow) is held back, in the words the app and the CLI both give. */
export function tooWideWords(widestM: number): string {
  return `this scan is ${formatNumber(widestM, 0)} m across, wider than any room (${SCENE_EXTENT_M[1]} m) or object the models learned from`;
}

/** widerThanModelsKnow of a file as read: its points' bounds, its format, declared unit, fields and origin. */
export function parsedWiderThanModelsKnow(parsed: Pick<ParseResult, 'data' | 'format' | 'unit' | 'origin'>): number | undefined {
  return widerThanModelsKnow(computeBounds(parsed.data.positions), { format: parsed.format, unit: parsed.unit, attributes: Object.keys(parsed.data.fields), origin: parsed.origin });
}

/**
 * Whether a classified scan is unknown: where the open-set score says so, or where it is wider
 * (`widestM`, from widerThanModelsKnow) than any object the classifier learned, whatever its shape
 * scored. Every place that shows or counts a classification decides it here.
 */
export function unknownOrTooWide(openSetUnknown: boolean | undefined, widestM: number | undefined): boolean {
  return (openSetUnknown ?? false) || widestM !== undefined;
}
