// What the measurements of the shown layer come to: their values in the file's units, the floor a
// height is taken from, and where each is labelled. Derived here so that the panel and the 3D
// view show the same numbers.
import { atHeight, floorHeight, formatMeasure, measureValue, type MeasureTool, type Vec3 } from '../core/geometry/measure';
import { axisIndex, axisSign, type SignedAxis } from '../core/geometry/signedAxis';
import { sceneUnit, tallerThanRooms } from '../core/geometry/sceneUnits';
import { positionsInModelFrame } from '../core/ml/sceneFrame';
import { looksLikeScene } from '../core/ml/sceneOrObject';
import { heightOfOrigin } from '../core/io/shift';
import { unitName, unitSymbol } from '../core/units';
import type { LengthUnit } from '../core/types';
import type { MeasurePoint } from './slices/measure';
import type { AppState } from './store';

export interface MeasuredValue {
  /** the finished measurement's id, or null for the one being picked */
  id: number | null;
  tool: MeasureTool;
  points: MeasurePoint[];
  /** NaN until the measurement has its points */
  value: number;
  text: string;
  /** where the label goes, in the file's frame */
  anchor: [number, number, number];
  /** for a height: the point on the floor below the picked one */
  foot?: [number, number, number];
  /** an area's outline closes back to its first point */
  closed: boolean;
}

type MeasureInputs = Pick<AppState, 'layer' | 'layerData' | 'settings' | 'measure'>;

const sceneUnits = new WeakMap<Float32Array, Map<SignedAxis, LengthUnit>>();

/**
 * A room scan's unit as the scene pipeline reads it (metres, or centimetres or millimetres where it
 * is too tall for metres); undefined for what is no room scan.
 */
function roomUnitOf({ layer, layerData, settings }: Pick<AppState, 'layer' | 'layerData' | 'settings'>): LengthUnit | undefined {
  if (!layer || !layerData || !looksLikeScene(layerData.geometry, layer.bounds, settings.upAxis, layer.format)) return undefined;
  const positions = layerData.geometry.positions;
  let byUp = sceneUnits.get(positions);
  if (!byUp) sceneUnits.set(positions, (byUp = new Map()));
  let unit = byUp.get(settings.upAxis);
  if (unit === undefined) {
    // only a scan too tall for metres needs its z-up copy looked at (on this thread)
    const u = axisIndex(settings.upAxis);
    const tall = tallerThanRooms(layer.bounds.max[u] - layer.bounds.min[u]);
    unit = tall ? sceneUnit(positionsInModelFrame(positions, settings.upAxis, 'z')).unit : 'm';
    byUp.set(settings.upAxis, unit);
  }
  return unit;
}

/**
 * The unit the file declares (a LAS file's coordinate system); else a room scan's (roomUnitOf);
 * objects are normalised, so their units are the file's own ('').
 */
export function lengthUnitOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  const unit = s.layer?.unit ?? roomUnitOf(s);
  return unit ? unitSymbol(unit) : '';
}

/** What the measurements' unit is, and what says so: the file, the room the scan was read as, or nothing. */
export function unitsSaid(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  const capital = (t: string) => t[0].toUpperCase() + t.slice(1);
  if (s.layer?.unit) return `${capital(unitName(s.layer.unit))}, as the file declares`;
  const room = roomUnitOf(s);
  return room ? `${capital(unitName(room))}, read as a room scan` : "The file's own units (it declares none, and it is not read as a room scan)";
}

const floors = new WeakMap<Float32Array, Map<SignedAxis, number>>();

/** The floor a height is measured from: a room's floor plane, an object's lowest point. */
export function floorOf(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): number {
  const { layer, layerData, settings } = s;
  if (!layer || !layerData) return 0;
  const up = settings.upAxis;
  const positions = layerData.geometry.positions;
  let byUp = floors.get(positions);
  if (!byUp) floors.set(positions, (byUp = new Map()));
  let floor = byUp.get(up);
  if (floor === undefined) {
    const u = axisIndex(up);
    const lowest = axisSign(up) > 0 ? layer.bounds.min[u] : -layer.bounds.max[u];
    floor = lengthUnitOf(s) ? floorHeight(positions, up) : lowest;
    byUp.set(up, floor);
  }
  return floor;
}

function centroid(points: readonly Vec3[]): [number, number, number] {
  const c: [number, number, number] = [0, 0, 0];
  for (const p of points) for (let k = 0; k < 3; k++) c[k] += p[k] / points.length;
  return c;
}

function evaluate(id: number | null, tool: MeasureTool, points: MeasurePoint[], up: SignedAxis, floor: number, unit: string): MeasuredValue {
  const at = points.map((p) => p.position);
  const value = measureValue(tool, at, { up, floor });
  const foot = tool === 'height' && at.length ? atHeight(at[0], up, floor) : undefined;
  let anchor: [number, number, number];
  if (tool === 'angle' && at.length >= 2) anchor = [...at[1]];
  else if (tool === 'height' && foot) anchor = centroid([at[0], foot]);
  else anchor = at.length ? centroid(at) : [0, 0, 0];
  return { id, tool, points, value, text: formatMeasure(tool, value, unit), anchor, foot, closed: tool === 'area' && id !== null };
}

/** Every finished measurement, then the one being picked (where it has a point). */
export function measurementsOf(s: MeasureInputs): MeasuredValue[] {
  const { measure, settings } = s;
  if (!s.layer || (!measure.done.length && !measure.current.length)) return [];
  const floor = floorOf(s);
  const unit = lengthUnitOf(s);
  const up = settings.upAxis;
  const all = measure.done.map((m) => evaluate(m.id, m.tool, m.points, up, floor, unit));
  if (measure.tool && measure.current.length) all.push(evaluate(null, measure.tool, measure.current, up, floor, unit));
  return all;
}

/** The floor's height, as the panel shows it: in the file's coordinates, where they are kept relative to an origin. */
export function floorText(s: Pick<AppState, 'layer' | 'layerData' | 'settings'>): string {
  return formatMeasure('height', floorOf(s) + heightOfOrigin(s.layer?.origin, s.settings.upAxis), lengthUnitOf(s));
}
