// Points picked on a file, as the browser keeps them between visits: a file's measurements, and
// the line its height profile is cut along with the corridor's width. Each point is its number
// among the layer's points when picked (which only names it: a decimated or streamed file's points
// are held in another order) and where it is in the file's own coordinates (as the file stores
// them, so that the file placed otherwise finds them where they were picked). Read back, text that
// is not what was kept is refused whole, with what is wrong with it.
import { plural } from '../format';
import { MEASURE_TOOLS, MIN_AREA_POINTS, POINTS_NEEDED, type MeasureTool } from './measure';

export interface PickedRecord {
  /** the point's number among its layer's points */
  index: number;
  /** in the file's own coordinates */
  point: [number, number, number];
}

export interface MeasurementRecord {
  tool: MeasureTool;
  points: PickedRecord[];
}

export interface ProfileLineRecord {
  line: PickedRecord[];
  /** the corridor's width in the file's units; null: the one that suits the file */
  width: number | null;
}

const MEASUREMENTS_KIND = 'pointlens-measurements';
const PROFILE_KIND = 'pointlens-profile-line';
const VERSION = 1;
/** More than a person picks: text holding more is not what was kept. */
const MAX_KEPT_PICKS = 100_000;

export function writeMeasurementsJson(measurements: readonly MeasurementRecord[]): string {
  return JSON.stringify({ kind: MEASUREMENTS_KIND, version: VERSION, measurements });
}

export function writeProfileLineJson(profile: ProfileLineRecord): string {
  return JSON.stringify({ kind: PROFILE_KIND, version: VERSION, ...profile });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `v` as the picked points of a file of `pointCount` points, or what is wrong with them (`which` names them). */
function readPicks(v: unknown, which: string, pointCount: number): PickedRecord[] | string {
  if (!Array.isArray(v) || v.length > MAX_KEPT_PICKS) return `${which} has no list of points`;
  const picks: PickedRecord[] = [];
  for (const [k, p] of v.entries()) {
    if (!isObject(p) || !Number.isInteger(p.index) || (p.index as number) < 0) return `${which}'s point ${k + 1} has no point number`;
    if ((p.index as number) >= pointCount) return `${which}'s point ${k + 1} is number ${p.index as number}, past the file's ${pointCount} points`;
    const point = p.point;
    if (!Array.isArray(point) || point.length !== 3 || !point.every((x) => typeof x === 'number' && Number.isFinite(x))) return `${which}'s point ${k + 1} is not three numbers (x, y, z)`;
    picks.push({ index: p.index as number, point: point as [number, number, number] });
  }
  return picks;
}

/** The JSON of `text` if it is of `kind` and this version, or why not. */
function readKept(text: string, kind: string, what: string): Record<string, unknown> | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return 'they are not JSON';
  }
  if (!isObject(data) || data.kind !== kind) return `they are not ${what} pointlens kept`;
  if (data.version !== VERSION) return `they are of version ${String(data.version)}; this pointlens reads version ${VERSION}`;
  return data;
}

/** The measurements kept as `text` for a file of `pointCount` points, or why they cannot be read. */
export function readMeasurementsJson(text: string, pointCount: number): { measurements: MeasurementRecord[] } | { problem: string } {
  const data = readKept(text, MEASUREMENTS_KIND, 'measurements');
  if (typeof data === 'string') return { problem: data };
  if (!Array.isArray(data.measurements) || data.measurements.length > MAX_KEPT_PICKS) return { problem: 'they hold no list of measurements' };
  const measurements: MeasurementRecord[] = [];
  for (const [k, m] of data.measurements.entries()) {
    const which = `measurement ${k + 1}`;
    if (!isObject(m) || !MEASURE_TOOLS.includes(m.tool as MeasureTool)) return { problem: `${which} is none of ${MEASURE_TOOLS.join(', ')}` };
    const tool = m.tool as MeasureTool;
    const points = readPicks(m.points, which, pointCount);
    if (typeof points === 'string') return { problem: points };
    const complete = tool === 'area' ? points.length >= MIN_AREA_POINTS : points.length === POINTS_NEEDED[tool];
    if (!complete) return { problem: `${which}, ${tool === 'area' ? 'an' : 'a'} ${tool}, has ${plural(points.length, 'point')}` };
    measurements.push({ tool, points });
  }
  return { measurements };
}

/** The profile's line kept as `text` for a file of `pointCount` points, or why it cannot be read. */
export function readProfileLineJson(text: string, pointCount: number): ProfileLineRecord | { problem: string } {
  const data = readKept(text, PROFILE_KIND, "a profile's line");
  if (typeof data === 'string') return { problem: data.replace(/^they are/, 'it is') };
  const line = readPicks(data.line, 'the line', pointCount);
  if (typeof line === 'string') return { problem: line };
  if (line.length < 2) return { problem: `the line has ${plural(line.length, 'corner')}, not two or more` };
  const { width } = data;
  if (width !== null && !(typeof width === 'number' && Number.isFinite(width) && width > 0)) return { problem: 'the corridor width is not a length above 0' };
  return { line, width };
}
